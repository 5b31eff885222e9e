/* Fake self-hosted Matomo matomo.js, configured for the CNIL exemption: first-party
   _pk_id (13 months at most) and _pk_ses (30 minutes), then a hit to /matomo.php. */
(function () {
  var host = location.hostname.replace(/^www\./, "");
  var suffix = ".1." + "a1b2";
  function setCookie(name, value, seconds) {
    document.cookie = name + suffix + "=" + value + "; max-age=" + seconds + "; path=/; domain=" + host + "; SameSite=Lax";
  }
  var id = Math.random().toString(16).slice(2, 18);
  setCookie("_pk_id", id + "." + Math.floor(Date.now() / 1000), 393 * 86400);
  setCookie("_pk_ses", "1", 1800);
  var hit = "/matomo.php?idsite=1&rec=1&url=" + encodeURIComponent(location.href);
  if (!(navigator.sendBeacon && navigator.sendBeacon(hit))) {
    fetch(hit, { method: "POST", keepalive: true });
  }
})();
