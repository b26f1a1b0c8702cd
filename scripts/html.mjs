// The little of HTML the build's scripts read: start tags' attributes, and
// the <meta>, <link>, <base>, <script> and <style> elements of a page,
// skipping comments. Shared by the post-build hook and the publish command.

/** A build or publish step that cannot go on; its message says why. */
export class BuildError extends Error {}

// A start tag's attributes: name, then an optional double-, single- or unquoted value.
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Attributes of a start tag's inner text, names lowercased, values entity-decoded. */
export function parseAttributes(text) {
  const attrs = new Map();
  for (const m of text.matchAll(ATTR)) {
    const name = m[1].toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return attrs;
}

function decodeEntities(value) {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|quot|apos|amp|lt|gt);/gi, (_, e) => {
    const named = { quot: '"', apos: "'", amp: "&", lt: "<", gt: ">" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/**
 * Elements of the document, skipping comments: each `{tag, attrs, start, end,
 * text}` for <meta>, <link> and <base> tags and for <script>/<style> elements
 * (text = raw content; null for the void tags).
 */
export function scanElements(html) {
  const out = [];
  const re = /<!--[\s\S]*?(?:-->|$)|<(script|style|meta|link|base)(?=[\s>\/])((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
  let m;
  while ((m = re.exec(html))) {
    if (!m[1]) continue; // a comment
    const tag = m[1].toLowerCase();
    const el = { tag, attrs: parseAttributes(m[2]), start: m.index, end: re.lastIndex, text: null };
    if (tag === "script" || tag === "style") {
      const close = new RegExp(`</${tag}[\\s/>]`, "ig");
      close.lastIndex = re.lastIndex;
      const c = close.exec(html);
      if (!c) throw new BuildError(`unclosed <${tag}> at offset ${m.index}`);
      el.text = html.slice(re.lastIndex, c.index);
      re.lastIndex = c.index;
    }
    out.push(el);
  }
  return out;
}

