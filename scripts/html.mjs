// The little of HTML the build's scripts read: start tags' attributes, and
// the <meta>, <link>, <base>, <script> and <style> elements of a page,
// skipping comments. Shared by the post-build hook and the publish command.
//
// The page is parsed by parse5 (npm, pinned), as a browser with scripting on
// parses it; the scripts change it only by splicing its own text at the
// places parse5 reports, so everything else stays byte for byte as it was.

import { parse, parseFragment } from 'parse5';

/** A build or publish step that cannot go on; its message says why. */
export class BuildError extends Error {}

const SCANNED = new Set(['script', 'style', 'meta', 'link', 'base']);

/** Attributes of a start tag's inner text, names lowercased, values entity-decoded. */
export function parseAttributes(text) {
  // A <meta> start tag always parses to one element, whatever its attributes.
  const element = /** @type {import('parse5').DefaultTreeAdapterMap['element']} */ (
    parseFragment(`<meta ${text}>`).childNodes[0]
  );
  return new Map(element.attrs.map((a) => [a.name, a.value]));
}

/** The elements under `node` in document order, <template> contents included. */
function* elementsUnder(node) {
  for (const child of node.childNodes ?? []) {
    if (child.tagName) yield child;
    yield* elementsUnder(child.content ?? child);
  }
}

/**
 * Elements of the document, skipping comments: each `{tag, attrs, start, end,
 * text, attrSpans}` for <meta>, <link> and <base> tags and for <script>/<style>
 * elements. `start` and `end` are the start tag's offsets in `html`; `text`,
 * the raw content as written (null for the void tags); `attrSpans`, each
 * attribute's `{ start, end }` in `html`.
 */
export function scanElements(html) {
  const out = [];
  for (const node of elementsUnder(parse(html, { sourceCodeLocationInfo: true }))) {
    const location = node.sourceCodeLocation;
    if (!SCANNED.has(node.tagName) || !location?.startTag) continue; // not in the text: implied
    const { startTag, endTag } = location;
    const attrSpans = new Map(
      Object.entries(startTag.attrs ?? {}).map(([name, at]) => [name, { start: at.startOffset, end: at.endOffset }]),
    );
    const el = {
      tag: node.tagName,
      attrs: new Map(node.attrs.map((a) => [a.name, a.value])),
      start: startTag.startOffset,
      end: startTag.endOffset,
      text: null,
      attrSpans,
    };
    if (el.tag === 'script' || el.tag === 'style') {
      if (!endTag) throw new BuildError(`unclosed <${el.tag}> at offset ${el.start}`);
      el.text = html.slice(el.end, endTag.startOffset);
    }
    out.push(el);
  }
  return out.sort((a, b) => a.start - b.start);
}
