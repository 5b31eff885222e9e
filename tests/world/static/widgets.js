/* Fake X/Twitter widgets.js: turns share links into tweet_button.html iframes. */
(function () {
  function render(link) {
    var params = new URLSearchParams({
      url: link.getAttribute("data-url") || location.href,
      text: link.getAttribute("data-text") || document.title,
      lang: "fr"
    });
    var frame = document.createElement("iframe");
    frame.src = "https://platform.twitter.com/widgets/tweet_button.html?" + params;
    frame.title = "X Post Button";
    frame.className = "twitter-share-button twitter-share-button-rendered";
    frame.setAttribute("scrolling", "no");
    frame.style.cssText = "border:0;width:76px;height:20px";
    link.replaceWith(frame);
  }
  function load() { document.querySelectorAll("a.twitter-share-button").forEach(render); }

  window.twttr = window.twttr || {};
  window.twttr.widgets = { load: load };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
