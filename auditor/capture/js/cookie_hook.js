// Reports every document.cookie write, with the URL of the script that made it,
// to the auditor's binding. Installed before any page script runs.
(() => {
  const BINDING = "__auditorCookieWrite";
  const report = window[BINDING];
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (!desc || !desc.set || typeof report !== "function") return;

  // The first http(s) frame of the stack below this setter is the writing script.
  const writer = () => {
    const stack = String(new Error().stack || "").split("\n").slice(2);
    for (const line of stack) {
      const m = line.match(/(https?:\/\/[^\s)]+?):\d+:\d+/);
      if (m) return m[1];
    }
    return null;
  };

  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    enumerable: desc.enumerable,
    get() { return desc.get.call(this); },
    set(value) {
      try { report(String(value).slice(0, 8192), writer(), String(location.href)); } catch (e) {}
      return desc.set.call(this, value);
    },
  });
})();
