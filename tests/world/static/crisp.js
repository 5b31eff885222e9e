/* Fake Crisp chat loader l.js: session cookie, chat bubble, endless long poll. */
(function () {
  var id = window.CRISP_WEBSITE_ID;
  if (!id) return;
  var domain = location.hostname.replace(/^www\./, "");
  var name = "crisp-client%2Fsession%2F" + id;

  var row = document.cookie.split("; ").find(function (c) { return c.indexOf(name + "=") === 0; });
  var session = row ? row.slice(name.length + 1) : "session_" + crypto.randomUUID();
  document.cookie = name + "=" + session + "; expires=" +
    new Date(Date.now() + 183 * 864e5).toUTCString() + "; path=/; domain=" + domain + "; SameSite=Lax";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "https://client.crisp.chat/static/stylesheets/client_default.css";
  document.head.appendChild(css);

  function showBubble() {
    var bubble = document.createElement("div");
    bubble.className = "crisp-client";
    bubble.setAttribute("role", "button");
    bubble.setAttribute("aria-label", "Ouvrir le chat");
    bubble.textContent = "Discutons !";
    document.body.appendChild(bubble);
  }
  if (document.body) showBubble(); else document.addEventListener("DOMContentLoaded", showBubble);

  // The relay answers only after a long silence; poll again forever.
  function poll() {
    fetch("https://client.relay.crisp.chat/poll?website=" + encodeURIComponent(id), { credentials: "include" })
      .then(function () { setTimeout(poll, 1000); }, function () { setTimeout(poll, 5000); });
  }
  poll();
})();
