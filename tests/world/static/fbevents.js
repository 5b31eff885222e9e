/* Fake Meta pixel fbevents.js: _fbp first-party cookie, then a /tr hit per event. */
(function () {
  var domain = location.hostname.replace(/^www\./, "");
  var pixels = [];
  var images = []; // keep the beacons referenced until they are sent

  function readCookie(name) {
    var row = document.cookie.split("; ").find(function (c) { return c.indexOf(name + "=") === 0; });
    return row ? row.slice(name.length + 1) : null;
  }

  var fbp = readCookie("_fbp") || "fb.1." + Date.now() + "." + Math.floor(Math.random() * 2147483647);
  document.cookie = "_fbp=" + fbp + "; expires=" + new Date(Date.now() + 90 * 864e5).toUTCString() +
    "; path=/; domain=" + domain + "; SameSite=Lax";

  function track(event) {
    pixels.forEach(function (id) {
      var img = new Image();
      img.src = "https://www.facebook.com/tr/?id=" + encodeURIComponent(id) + "&ev=" +
        encodeURIComponent(event) + "&dl=" + encodeURIComponent(location.href) + "&fbp=" + fbp;
      images.push(img);
    });
  }
  function callMethod(command, arg) {
    if (command === "init") pixels.push(String(arg));
    if (command === "track") track(arg);
  }

  // The site's snippet defines a queuing fbq stub; take over and replay its queue.
  var fbq = window.fbq;
  if (!fbq) {
    fbq = window.fbq = function () { fbq.callMethod.apply(fbq, arguments); };
    fbq.queue = [];
  }
  fbq.callMethod = callMethod;
  fbq.loaded = true;
  (fbq.queue || []).splice(0).forEach(function (args) { callMethod.apply(null, args); });
})();
