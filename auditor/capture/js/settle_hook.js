// Tells the auditor whether this frame still has work scheduled that may load more: short
// timers (setTimeout up to 5 s) and idle callbacks armed by the page's own scripts, scripts
// and frames inserted after load that have not loaded yet. Recurring work does not count:
// setInterval, a callback that re-arms itself, a chain of timers armed by timers. Installed
// before any page script; read by the auditor with window.__auditorSettleState().
(() => {
  const STATE = "__auditorSettleState";
  if (Object.prototype.hasOwnProperty.call(window, STATE)) return;
  const MAX_DELAY = 5000;   // ms: a longer timer is not waited for
  const MAX_DEPTH = 10;     // a timer armed by a timer armed by ...: an endless chain
  const MAX_REARM = 3;      // a callback re-arming itself this often is a polling loop
  const MAX_TRACKED = 500;  // bound on the bookkeeping a hostile page can cause
  const now = Date.now.bind(Date);
  const NativeError = Error;
  // The auditor's own injected scripts are named "auditor-*.js" (a sourceURL comment).
  const OWN_FRAME = /auditor-settle-hook\.js/;
  const INJECTED_FRAME = /auditor-[\w-]+\.js/;

  const timers = new Set();     // ids of tracked pending timeouts
  const idles = new Set();      // ids of tracked pending idle callbacks
  const elements = new Set();   // scripts and frames inserted after load, not loaded yet
  const rearmed = new WeakMap(); // callback -> times it re-armed itself
  let depth = 0;                // chain depth of the timer callback running now
  let running = null;           // that callback
  let lastEvent = now();        // last time tracked work was armed, ran or loaded
  let lastMutation = now();     // last time nodes were added or removed (main signal for banners)
  const touch = () => { lastEvent = now(); };

  // Work the auditor's own injected scripts arm (autoconsent polling for banners) is not
  // waited for: the caller nearest to this hook is one of them.
  const fromPage = () => {
    const limit = NativeError.stackTraceLimit;
    NativeError.stackTraceLimit = 8;
    const stack = String(new NativeError().stack || "").split("\n");
    NativeError.stackTraceLimit = limit;
    const caller = stack.slice(1).find((line) => !OWN_FRAME.test(line)) || "";
    return !INJECTED_FRAME.test(caller);
  };

  const shouldTrack = (callback, pending) => {
    if (depth >= MAX_DEPTH || pending.size >= MAX_TRACKED) return false;
    if (callback === running) {
      const times = (rearmed.get(callback) || 0) + 1;
      rearmed.set(callback, times);
      if (times >= MAX_REARM) return false;
    }
    return fromPage();
  };

  // Proxies keep the functions' native look (toString), which bot checks look at.
  const wrapArming = (name, pending, isShort, cancelName) => {
    const native = window[name];
    if (typeof native !== "function") return;
    window[name] = new Proxy(native, {
      apply(target, self, args) {
        const callback = args[0];
        if (!isShort(args) || typeof callback !== "function") return Reflect.apply(target, self, args);
        // An untracked callback still runs wrapped: what it arms stays part of its chain or
        // polling loop, instead of starting a fresh one-off (counted again, every other time).
        const tracked = shouldTrack(callback, pending);
        const chain = depth + 1;
        let id;
        args[0] = function () {
          if (tracked && pending.delete(id)) touch();
          const saved = [depth, running];
          depth = chain;
          running = callback;
          try { return Reflect.apply(callback, this, arguments); } finally { [depth, running] = saved; }
        };
        id = Reflect.apply(target, self, args);
        if (tracked) {
          pending.add(id);
          touch();
        }
        return id;
      },
    });
    for (const cancel of cancelName) {
      const nativeCancel = window[cancel];
      if (typeof nativeCancel !== "function") continue;
      window[cancel] = new Proxy(nativeCancel, {
        apply(target, self, args) { pending.delete(args[0]); return Reflect.apply(target, self, args); },
      });
    }
  };
  wrapArming("setTimeout", timers, (args) => !(Number(args[1]) > MAX_DELAY), ["clearTimeout", "clearInterval"]);
  wrapArming("requestIdleCallback", idles, () => true, ["cancelIdleCallback"]);

  // Scripts and frames inserted before load hold the load event already; after it, each
  // is waited for until it has loaded (a script: run) or failed.
  const JS_TYPE = /^(|module|(text|application)\/(x-)?(java|ecma)script)$/i;
  const watch = (el) => {
    if (elements.size >= MAX_TRACKED) return;
    if (el.tagName === "SCRIPT") {
      if (!el.src || !JS_TYPE.test((el.type || "").trim()) || el.noModule) return;
    } else if (el.tagName === "IFRAME") {
      try {
        if (el.contentDocument && el.contentDocument.readyState === "complete") return;
      } catch (e) { /* cross-origin */ }
    } else {
      return;
    }
    const done = () => { if (elements.delete(el)) touch(); };
    el.addEventListener("load", done, {once: true});
    el.addEventListener("error", done, {once: true});
    elements.add(el);
    touch();
  };
  const observer = new MutationObserver((records) => {
    lastMutation = now();
    if (document.readyState !== "complete") return;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        watch(node);
        if (node.firstElementChild) for (const inner of node.querySelectorAll("script[src], iframe")) watch(inner);
      }
    }
  });
  observer.observe(document, {childList: true, subtree: true});

  Object.defineProperty(window, STATE, {
    value: () => {
      for (const el of elements) if (!el.isConnected) elements.delete(el);
      return {
        ready: document.readyState === "complete",
        timers: timers.size, idle: idles.size, loading: elements.size,
        last_event: lastEvent, last_mutation: lastMutation, now: now(),
      };
    },
    enumerable: false, configurable: false, writable: false,
  });
})();
//# sourceURL=auditor-settle-hook.js
