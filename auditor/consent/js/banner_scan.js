// Finds what looks like a consent banner in this frame: visible overlays (fixed or sticky
// boxes, dialogs) and boxes named like a banner, in the document and open shadow roots,
// with the controls inside them. Controls are tagged so that the auditor can click them.
(sequenceStart) => {
  const CONSENT_WORDS = /cookie|traceur|consent|vie priv|donn[ée]es personnelles|privacy|datenschutz|gegevens|rgpd|gdpr|partenaires|mesure d.audience|tracking/i;
  const NAMED = /cookie|consent|gdpr|rgpd|cmp|banner|bandeau|tarteaucitron|didomi|axeptio|klaro|orejime|privacy|cc[-_]/i;
  const CONTROLS = 'button, a[href], a[role], [role=button], input[type=button], input[type=submit], [onclick], [tabindex]:not([tabindex="-1"])';
  let seq = window.__auditorButtonSeq || sequenceStart;
  const inIframe = window !== window.top;

  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && parseFloat(s.opacity) > 0.05;
  };
  const alphaOf = (colour) => {
    const m = /rgba?\(([^)]*)\)/.exec(colour || "");
    if (!m) return colour === "transparent" ? 0 : null;
    const parts = m[1].split(/[\s,\/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) / (parts[3].endsWith("%") ? 100 : 1) : 1;
  };
  const parentOf = (el) => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  // What is painted behind a control's text: the background colours of the control and its
  // ancestors (across shadow roots), top first, down to the first opaque one; the page's
  // canvas (white) when none is; null when an image or a gradient is on the way, or a colour
  // is in a syntax the auditor does not read (unknown, not guessed).
  const behind = (el) => {
    const layers = [];
    for (let node = el; node; node = parentOf(node)) {
      const s = getComputedStyle(node);
      if (s.backgroundImage && s.backgroundImage !== "none") return null;
      const alpha = alphaOf(s.backgroundColor);
      if (alpha === null) return null;
      if (alpha > 0) layers.push(s.backgroundColor);
      if (alpha >= 1) return layers;
    }
    // an iframe's own canvas is transparent: what shows through is the embedding page's
    return inIframe ? null : [...layers, "rgb(255, 255, 255)"];
  };
  // A box drawn around the control (its own background, border or shadow): a button's look,
  // which a bare link has not.
  const boxed = (el) => {
    const s = getComputedStyle(el);
    const border = parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== "none" && alphaOf(s.borderTopColor) > 0;
    return border || alphaOf(s.backgroundColor) > 0 || (s.backgroundImage && s.backgroundImage !== "none") ||
      (s.boxShadow && s.boxShadow !== "none");
  };
  const label = (el) => (el.innerText || el.value || el.getAttribute("aria-label") || el.title || "")
      .replace(/\s+/g, " ").trim().slice(0, 120);

  // Every element, in the document and in open shadow roots.
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);

  const deepQuery = (root, selector) => {
    const out = [...root.querySelectorAll(selector)];
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) out.push(...deepQuery(el.shadowRoot, selector));
    return out;
  };
  const deepText = (el) => {
    let text = el.innerText || "";
    for (const inner of [el, ...el.querySelectorAll("*")]) {
      if (inner.shadowRoot) text += " " + [...inner.shadowRoot.children].map((c) => c.innerText || c.textContent || "").join(" ");
    }
    return text;
  };
  const isCandidate = (el) => {
    if (el === document.body || el === document.documentElement) return false;
    const s = getComputedStyle(el);
    const overlay = s.position === "fixed" || s.position === "sticky" ||
      ["dialog", "alertdialog"].includes(el.getAttribute("role")) ||
      el.getAttribute("aria-modal") === "true" || (el.tagName === "DIALOG" && el.open);
    const named = NAMED.test(el.id || "") || NAMED.test(typeof el.className === "string" ? el.className : "") ||
      (el.shadowRoot && NAMED.test(el.tagName));
    return (overlay || named) && visible(el);
  };

  let candidates = all.filter(isCandidate);
  // Keep the outermost box of each banner.
  candidates = candidates.filter((el) => !candidates.some((other) => other !== el && other.contains(el)));
  if (inIframe && document.body && visible(document.body)) candidates.push(document.body);

  const banners = [];
  for (const box of candidates) {
    const text = deepText(box).replace(/\s+/g, " ").trim();
    if (!CONSENT_WORDS.test(text)) continue;
    const controls = [], hidden = [];
    for (const el of deepQuery(box, CONTROLS)) {
      const text = label(el);
      if (!text) continue;
      if (!visible(el)) { hidden.push(text); continue; }
      if (!el.hasAttribute("data-auditor-button")) el.setAttribute("data-auditor-button", String(seq++));
      const r = el.getBoundingClientRect(), s = getComputedStyle(el);
      controls.push({
        id: el.getAttribute("data-auditor-button"), label: text, tag: el.tagName.toLowerCase(),
        area: Math.round(r.width * r.height), font_size: parseFloat(s.fontSize) || null,
        color: s.color, background: s.backgroundColor, behind: behind(el), boxed: boxed(el),
        link_role: el.getAttribute("role") || null,
      });
    }
    const r = box.getBoundingClientRect();
    // Tagged like the controls, so that the auditor can crop the banner out of the page.
    if (!box.hasAttribute("data-auditor-banner")) box.setAttribute("data-auditor-banner", String(seq++));
    banners.push({
      text: text.slice(0, 600), tag: box.tagName.toLowerCase(), id: box.id || null,
      box_id: box.getAttribute("data-auditor-banner"),
      area: Math.round(r.width * r.height), controls, hidden_controls: hidden.slice(0, 50),
      in_iframe: inIframe,
    });
  }
  window.__auditorButtonSeq = seq;
  return {url: location.href, banners};
}
