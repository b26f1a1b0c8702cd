// Finding elements by role and accessible name, in the page, the same way
// in every engine. Neither WebDriver BiDi (Firefox) nor WebKitWebDriver can
// query by role with a name prefix, so the shared flows resolve the
// contract's names here: implicit roles of the elements the app uses, and
// the accessible name from aria-labelledby, aria-label, <label>, <legend>
// or the contents (a subset of the W3C name computation, enough for the
// contract's names). The accessibility flow cross-checks these against the
// engine's own accessibility tree where its driver can read it.
//
// `installLocator` is serialized into the page (it must stay
// self-contained) and defines `window.__kbFind(query)`.
//
// A query: { css } or { role, name?, prefix?, level? }, and optionally
// hasText (the element's text contains it), within (a query for the
// container, its last match), has (a query that must match inside it), hidden (also invisible elements), root (a
// Document to search instead of the page's). Matches come in document order.

export function installLocator() {
  // Installed once per document (the declared type says it is always there once it is).
  if (/** @type {Partial<Window>} */ (window).__kbFind) return;
  const ROLES = {
    button: 'button, input[type=button], input[type=submit], input[type=reset]',
    textbox: 'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], textarea',
    searchbox: 'input[type=search]',
    heading: 'h1, h2, h3, h4, h5, h6',
    group: 'fieldset',
    list: 'ol, ul',
    listitem: 'li',
    alert: '',
    status: 'output',
    form: 'form',
    article: 'article',
    link: 'a[href]',
  };
  const norm = (s) =>
    String(s ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  const shown = (el) => {
    if (el.closest('[hidden], [aria-hidden="true"]')) return false;
    if (el.getClientRects().length === 0) return false;
    return getComputedStyle(el).visibility !== 'hidden';
  };
  const textOf = (el) => {
    let out = '';
    for (const n of el.childNodes) {
      if (n.nodeType === 3) out += n.textContent;
      else if (n.nodeType === 1 && n.getAttribute('aria-hidden') !== 'true' && !n.hidden) {
        out += ` ${n.getAttribute('aria-label') || textOf(n)} `;
      }
    }
    return out;
  };
  const nameOf = (el) => {
    const doc = el.ownerDocument;
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const parts = by
        .split(/\s+/)
        .map((id) => doc.getElementById(id))
        .filter(Boolean);
      if (parts.length) return norm(parts.map(textOf).join(' '));
    }
    const label = el.getAttribute('aria-label');
    if (label && norm(label)) return norm(label);
    if (el.labels?.length) return norm([...el.labels].map(textOf).join(' '));
    if (el.localName === 'fieldset') {
      const legend = el.querySelector(':scope > legend');
      if (legend) return norm(textOf(legend));
    }
    if (/^(button|h[1-6]|a|li|output)$/.test(el.localName) || /^(button|heading|link)$/.test(el.getAttribute('role'))) {
      return norm(textOf(el));
    }
    return norm(el.getAttribute('title'));
  };
  const roleOf = (el) =>
    el.getAttribute('role') || Object.keys(ROLES).find((r) => ROLES[r] && el.matches(ROLES[r])) || '';
  const levelOf = (el) => Number(el.getAttribute('aria-level') || /^h([1-6])$/.exec(el.localName)?.[1] || 0);
  const find = (q) => {
    let scope = q.root || document;
    const visibleOnly = !q.hidden && !q.root;
    if (q.within) {
      const outer = find(q.within);
      if (!outer.length) return [];
      scope = outer[outer.length - 1];
    }
    let found;
    if (q.css) {
      found = [...scope.querySelectorAll(q.css)];
    } else {
      const sel = [ROLES[q.role], `[role="${q.role}"]`].filter(Boolean).join(', ');
      found = [...scope.querySelectorAll(sel)].filter((el) => roleOf(el) === q.role);
      if (q.level) found = found.filter((el) => levelOf(el) === q.level);
      if (q.name !== undefined) {
        found = found.filter((el) => (q.prefix ? nameOf(el).startsWith(q.name) : nameOf(el) === q.name));
      }
    }
    if (q.has) found = found.filter((el) => find({ ...q.has, root: el, hidden: !visibleOnly }).length > 0);
    if (q.hasText !== undefined) found = found.filter((el) => norm(el.textContent).includes(norm(q.hasText)));
    return visibleOnly ? found.filter(shown) : found;
  };
  window.__kbFind = find;
  window.__kbName = nameOf;
  window.__kbNorm = norm;
}
