// Is the page's content reachable as it stands? Facts only (auditor/consent/wall.py reads
// them): how much of the viewport fixed layers cover (sampled points, as a click would land),
// the scroll lock, blurred / inert / aria-hidden content, the content text left outside
// overlays. `bannerId` is the consent banner's data-auditor-banner tag, when known.
(bannerId) => {
  const GRID = 7;  // 7 x 7 points over the viewport
  const w = window.innerWidth, h = window.innerHeight;
  const banner = bannerId ? document.querySelector(`[data-auditor-banner="${bannerId}"]`) : null;
  const style = (el) => getComputedStyle(el);
  const blurs = (value) => /blur\(\s*[1-9]/.test(value || "") || /blur\(\s*0?\.[1-9]/.test(value || "");

  // The fixed layer (or top-layer dialog) an element is drawn in, if any.
  const layerOf = (el) => {
    for (let node = el; node && node !== document.documentElement; node = node.parentElement || node.getRootNode().host) {
      if (node === document.body) return null;
      const s = style(node);
      if (s.position === "fixed" || (node.tagName === "DIALOG" && node.open && node.matches(":modal"))) return node;
    }
    return null;
  };

  let covered = 0;
  const layers = new Map();
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const x = (i + 0.5) * w / GRID, y = (j + 0.5) * h / GRID;
      const hit = document.elementFromPoint(x, y);
      const layer = hit && layerOf(hit);
      if (layer) {
        covered++;
        layers.set(layer, (layers.get(layer) || 0) + 1);
      }
    }
  }
  // The layer covering the most points: its share, whether it holds the banner, how opaque.
  let overlay = null;
  for (const [layer, points] of layers) {
    if (!overlay || points > overlay.points) overlay = {layer, points};
  }
  let overlayInfo = null;
  if (overlay) {
    const s = style(overlay.layer), r = overlay.layer.getBoundingClientRect();
    overlayInfo = {
      tag: overlay.layer.tagName.toLowerCase(), id: overlay.layer.id || null,
      share: Math.round(100 * overlay.points / (GRID * GRID)) / 100,
      box_share: Math.round(100 * Math.min(1, Math.max(0, r.width * r.height) / (w * h))) / 100,
      holds_banner: banner ? (overlay.layer === banner || overlay.layer.contains(banner) || banner.contains(overlay.layer)) : null,
      backdrop_blur: blurs(s.backdropFilter || s.webkitBackdropFilter),
      background: s.backgroundColor,
    };
  }

  // Scrolling locked: overflow hidden on html or body, or a body pinned in place.
  const html = style(document.documentElement), body = document.body ? style(document.body) : null;
  const hidden = (s) => s && ["hidden", "clip"].includes(s.overflowY || s.overflow);
  const lock = [];
  if (hidden(html)) lock.push("html_overflow_hidden");
  if (hidden(body)) lock.push("body_overflow_hidden");
  if (body && body.position === "fixed") lock.push("body_position_fixed");

  // The page's content: large elements outside fixed layers, not holding the banner (a
  // blurred element that holds the banner blurs the banner too: that is no design).
  const content = (el) => !layerOf(el) && !(banner && (el.contains(banner) || banner.contains(el)));
  const big = (el) => {
    const r = el.getBoundingClientRect();
    return r.width * Math.max(0, Math.min(r.bottom, h) - Math.max(r.top, 0)) >= 0.3 * w * h;
  };
  const blurred = [], inert = [];
  const candidates = document.body ? [document.body, ...document.body.querySelectorAll("main, article, section, div, header, [role=main]")] : [];
  for (const el of candidates.slice(0, 3000)) {
    if (!content(el) || !big(el)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
    if (blurs(style(el).filter)) blurred.push(name);
    if (el.inert || el.getAttribute("aria-hidden") === "true") inert.push(name);
  }

  // The content's text a visitor can read outside fixed layers (removed until a choice?).
  let chars = 0;
  if (document.body) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Map();
    for (let node = walker.nextNode(); node && chars < 20000; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(parent.tagName)) continue;
      let ok = seen.get(parent);
      if (ok === undefined) {
        ok = parent.getClientRects().length > 0 && style(parent).visibility !== "hidden" && !layerOf(parent);
        seen.set(parent, ok);
      }
      if (ok) chars += node.textContent.replace(/\s+/g, " ").trim().length;
    }
  }

  return {
    viewport: [w, h],
    scroll_height: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0),
    covered_share: Math.round(100 * covered / (GRID * GRID)) / 100,
    overlay: overlayInfo,
    scroll_lock: lock,
    blurred: blurred.slice(0, 5),
    inert: inert.slice(0, 5),
    content_chars: chars,
  };
}
