// The suite's accessibility check, in every document of a watched browser context (harness/accessibility.py).
// Once the page has loaded, it names the page (its key) and asks the suite whether a page like it has been
// checked yet; if not, it defines axe-core, runs it and sends its violations back to the suite.
// `window.__conformiteAccessibilite` is the promise of that check, which the suite awaits at a scenario's end.
// The suite answers « yes » only once it has defined axe-core in the page (by Playwright's evaluate, which
// the page's Content-Security-Policy does not restrict): a page not checked never receives its 650 KB.
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const MAX_NODES = 5;  // elements named per rule
  const MAX_HTML = 300;

  // The page's structure: the distinct (element, id, class, role, type) it has, numbers left out, so that the
  // same screen with other data (another family, another row count) has the same key, and an error state not.
  function structure() {
    const signs = new Set([document.documentElement.lang]);
    for (const el of document.body ? document.body.querySelectorAll("*") : []) {
      signs.add([el.localName, el.id, el.getAttribute("class"), el.getAttribute("role"), el.getAttribute("type")]
        .join("|").replace(/\d+/g, "0"));
    }
    const text = [...signs].sort().join("\n");
    let hash = 0x811c9dc5;  // FNV-1a, 32 bits
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0).toString(16).padStart(8, "0");
  }

  async function check() {
    // the path without its query, ids and tokens left out (a segment of digits, or a long one with a digit)
    const where = location.hostname + location.pathname.split("/")
      .map((part) => /^\d+$/.test(part) || (part.length >= 16 && /\d/.test(part)) ? "…" : part).join("/");
    const page = { key: `${where} ${structure()}`, where, url: location.origin + location.pathname,
                   title: document.title };
    if (!(await window.__conformiteAccessibiliteVoulue(page.key))) return;
    const started = performance.now();
    const results = await window.axe.run(document, { resultTypes: ["violations"], iframes: false });
    page.ms = Math.round(performance.now() - started);
    page.violations = results.violations.map((v) => ({
      rule: v.id, impact: v.impact || "", help: v.help, count: v.nodes.length,
      nodes: v.nodes.slice(0, MAX_NODES).map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, MAX_HTML) })),
    }));
    await window.__conformiteAccessibiliteResultat(page);
  }

  const loaded = new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
  window.__conformiteAccessibilite = loaded.then(check).catch(() => undefined);  // a page left mid-check: unchecked
})();
