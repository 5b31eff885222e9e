// Finds the visible controls of this frame that could reopen the consent manager: links,
// buttons and clickable boxes (in the document and open shadow roots) whose text, aria-label,
// title or the alt of an image inside speaks of cookies, consent or privacy. Which of them is
// worth clicking is decided in Python (auditor/consent/withdrawal.py). Each is tagged so that
// the auditor can click it.
(sequenceStart) => {
  const WORDS = /cookie|consent|privacy|priv[ée]|confidentialit|traceur|toestemming|einwilligung|datenschutz|rgpd|gdpr|tarteaucitron/i;
  const CONTROLS = 'a, button, [role=button], [role=link], input[type=button], input[type=submit], [onclick], [tabindex]:not([tabindex="-1"])';
  let seq = window.__auditorReopenSeq || sequenceStart;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && parseFloat(s.opacity) > 0.05;
  };
  const clean = (t) => (t || "").replace(/\s+/g, " ").trim().slice(0, 120);
  const found = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll(CONTROLS)) {
      const imgs = [...el.querySelectorAll("img[alt], svg title")].map((i) => i.getAttribute("alt") || i.textContent);
      const words = {text: clean(el.innerText || el.value), aria: clean(el.getAttribute("aria-label")),
                     title: clean(el.getAttribute("title")), alt: clean(imgs.join(" "))};
      const all = Object.values(words).join(" ");
      if (!WORDS.test(all) && !WORDS.test(el.id || "")) continue;
      if (!visible(el)) continue;
      if (!el.hasAttribute("data-auditor-reopen")) el.setAttribute("data-auditor-reopen", String(seq++));
      const href = el.tagName === "A" ? (el.getAttribute("href") || "") : null;
      const s = getComputedStyle(el);
      found.push({id: el.getAttribute("data-auditor-reopen"), tag: el.tagName.toLowerCase(), ...words,
                  element_id: el.id || null, href: href && href.slice(0, 300),
                  fixed: s.position === "fixed" || s.position === "sticky"});
    }
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  window.__auditorReopenSeq = seq;
  return {url: location.href, controls: found.slice(0, 60)};
}
