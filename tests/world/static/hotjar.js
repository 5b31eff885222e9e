/* Fake Hotjar hotjar-<siteid>.js: user/session cookies, storage test key, visit-data POST. */
(function () {
  var match = /hotjar-(\d+)\.js/.exec(document.currentScript.src);
  var siteId = match ? match[1] : String((window._hjSettings || {}).hjid);
  var domain = location.hostname.replace(/^www\./, "");
  var now = Date.now();

  function setCookie(name, value, ms) {
    document.cookie = name + "=" + value + "; expires=" + new Date(now + ms).toUTCString() +
      "; path=/; domain=" + domain + "; SameSite=Lax";
  }
  function encode(data) { return btoa(JSON.stringify(data)); }

  var userId = crypto.randomUUID();
  setCookie("_hjSessionUser_" + siteId, encode({ id: userId, created: now, existing: false }), 365 * 864e5);
  setCookie("_hjSession_" + siteId, encode({ id: crypto.randomUUID(), c: now, s: 0, r: 0, sb: 0, sr: 0, se: 0, fs: 1, sp: 0 }), 30 * 60e3);
  localStorage.setItem("_hjLocalStorageTest", JSON.stringify({ value: "hotjar", expires: now + 3e5 }));

  window.hj = window.hj || function () { (window.hj.q = window.hj.q || []).push(arguments); };

  fetch("https://in.hotjar.com/api/v2/client/sites/" + siteId + "/visit-data?sv=6", {
    method: "POST",
    credentials: "include",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user_id: userId, url: location.href, window_width: innerWidth,
                           window_height: innerHeight, r_value: 1, is_vpv: false, session_only: false })
  }).catch(function () {});
})();
