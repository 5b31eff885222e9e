// The switches of a consent layer in this frame, as a visitor sees them: checkboxes, role=switch
// or role=checkbox with aria-checked, aria-pressed buttons, in the document and open shadow
// roots, inside a box shown over the page (fixed or sticky, a dialog, a box named like a
// banner). A checkbox drawn as a slider is often hidden itself: its label or its parent must be
// visible. Tags the box that holds them, so that the auditor can crop the layer.
(layerMark) => {
  const NAMED = /cookie|consent|gdpr|rgpd|cmp|banner|bandeau|tarteaucitron|didomi|axeptio|klaro|orejime|privacy|cc[-_]|preferences|prefer/i;
  const SWITCHES = 'input[type=checkbox], [role=switch], [role=checkbox], button[aria-pressed]';
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll(SWITCHES)) all.push(el);
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);

  const parentOf = (el) => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    return !el.checkVisibility || el.checkVisibility({opacityProperty: false, visibilityProperty: true});
  };
  const isLayer = (el) => {
    if (el === document.body || el === document.documentElement) return false;
    const s = getComputedStyle(el);
    return s.position === "fixed" || s.position === "sticky" ||
      ["dialog", "alertdialog"].includes(el.getAttribute("role")) || el.getAttribute("aria-modal") === "true" ||
      (el.tagName === "DIALOG" && el.open) ||
      NAMED.test(el.id || "") || NAMED.test(typeof el.className === "string" ? el.className : "");
  };
  const layerOf = (el) => {
    let found = null;
    for (let node = parentOf(el); node; node = parentOf(node)) {
      if (node.nodeType === 1 && isLayer(node) && shown(node)) found = node;
    }
    return found;  // the outermost drawn: the whole layer (a fixed layer's wrapper may have no box)
  };
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const byId = (el, id) => (el.getRootNode().getElementById ? el.getRootNode().getElementById(id) : null) || document.getElementById(id);
  const labelOf = (el) => {
    const named = el.getAttribute("aria-label");
    if (named) return clean(named);
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const text = by.split(/\s+/).map((id) => clean((byId(el, id) || {}).innerText)).join(" ");
      if (clean(text)) return clean(text);
    }
    const wrap = el.closest("label") || (el.id && el.getRootNode().querySelector && el.getRootNode().querySelector(`label[for="${CSS.escape(el.id)}"]`));
    if (wrap && clean(wrap.innerText)) return clean(wrap.innerText).split(/ ?\n/)[0];
    if (el.tagName !== "INPUT" && clean(el.innerText)) return clean(el.innerText);
    // the row it sits in: the nearest ancestor with words, its first line
    for (let node = parentOf(el), depth = 0; node && depth < 4; node = parentOf(node), depth++) {
      const text = (node.innerText || "").trim();
      if (text) return clean(text.split("\n")[0]);
    }
    return "";
  };
  const stateOf = (el) => {
    if (el.tagName === "INPUT") return el.checked;
    const state = el.getAttribute("aria-checked") ?? el.getAttribute("aria-pressed");
    return state === "true";
  };
  const lockedOf = (el) => el.disabled === true || el.getAttribute("aria-disabled") === "true" ||
    el.getAttribute("aria-readonly") === "true";

  const switches = [];
  let box = null;
  for (const el of all) {
    if (!shown(el) && !shown(el.closest("label")) && !shown(parentOf(el))) continue;
    const layer = layerOf(el);
    if (!layer) continue;
    box = box || layer;
    const via = el.tagName === "INPUT" ? "checkbox" : el.hasAttribute("aria-pressed") && !el.hasAttribute("aria-checked") ? "pressed" : "aria";
    switches.push({label: labelOf(el).slice(0, 160), on: stateOf(el), locked: lockedOf(el), via});
  }
  if (box && !box.hasAttribute("data-auditor-layer")) box.setAttribute("data-auditor-layer", layerMark);
  return {url: location.href, switches, layer: box ? box.getAttribute("data-auditor-layer") : null};
}
