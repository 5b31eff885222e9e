/* Fake GA4 gtag.js: the real library's first-party cookies and page_view hit. */
(function () {
  var id = new URL(document.currentScript.src).searchParams.get("id") || "G-UNKNOWN";
  var domain = location.hostname.replace(/^www\./, "");
  var now = Math.floor(Date.now() / 1000);
  var expires = new Date(Date.now() + 2 * 365 * 864e5).toUTCString();

  function readCookie(name) {
    var row = document.cookie.split("; ").find(function (c) { return c.indexOf(name + "=") === 0; });
    return row ? row.slice(name.length + 1) : null;
  }
  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; expires=" + expires +
      "; path=/; domain=" + domain + "; SameSite=Lax";
  }

  // Keep the client id of a returning visitor, like GA does.
  var previous = readCookie("_ga");
  var cid = previous ? previous.split(".").slice(2).join(".")
                     : Math.floor(1e9 + Math.random() * 9e9) + "." + now;
  setCookie("_ga", "GA1.1." + cid);
  setCookie("_ga_" + id.replace(/^G-/, ""), "GS1.1." + now + ".1.0." + now + ".0.0.0");

  window.dataLayer = window.dataLayer || [];
  if (typeof window.gtag !== "function") {
    window.gtag = function () { window.dataLayer.push(arguments); };
  }

  var hit = "https://www.google-analytics.com/g/collect?v=2&tid=" + encodeURIComponent(id) +
    "&cid=" + encodeURIComponent(cid) + "&en=page_view&dl=" + encodeURIComponent(location.href) +
    "&dt=" + encodeURIComponent(document.title);
  if (!(navigator.sendBeacon && navigator.sendBeacon(hit))) {
    fetch(hit, { method: "POST", mode: "no-cors", credentials: "include", keepalive: true });
  }
})();
