/* A consent manager that crashes on load: its banner is never built. */
(function () {
  var config = window.cmpConfig;  // the site forgot to define it
  var bandeau = document.createElement("div");
  bandeau.innerHTML = config.texte.bandeau;  // TypeError: Cannot read properties of undefined
  document.body.appendChild(bandeau);
})();
