// The page's start script (public/start.js) in place of Trunk's module
// loader: a step of the post-build hook (scripts/post-build.mjs).
//
// Trunk writes an inline `<script type="module">` into <head> that imports
// the wasm-bindgen glue statically and awaits its `init`. A module whose
// import fails never runs, and nothing on the page could say so; and a
// module script runs only after the whole page is parsed. The start script
// instead runs inline in <head>, before anything is painted: it shows the
// URL's filter as the page is parsed, makes the built timeline's controls
// answer, compiles the wasm while the page is parsed, then `import()`s the
// same glue, starts the app with it and says so if the app cannot start.
// Trunk's preload of the wasm goes (the script fetches it first); the
// glue's modulepreload stays.

import { readFileSync } from 'node:fs';

import { minify as terser } from 'terser';

import { BuildError, scanElements } from './html.mjs';

export const START_SOURCE = new URL('../public/start.js', import.meta.url);
const GLUE_PLACEHOLDER = "'__KB_GLUE__'";
const WASM_PLACEHOLDER = "'__KB_WASM__'";

/**
 * Trunk's loader in `html`: the inline module script that imports the glue
 * and passes it its wasm. Returns `{ glue, wasm, start, end }` (the paths
 * as Trunk wrote them, and the element's offsets, end tag included).
 */
export function trunkLoaderOf(html) {
  const loaders = scanElements(html).filter(
    (el) => el.tag === 'script' && el.attrs.get('type') === 'module' && /\bimport\s+init\b/.test(el.text ?? ''),
  );
  if (loaders.length !== 1) {
    throw new BuildError(`index.html: expected Trunk's module loader (import init …) once, found ${loaders.length}`);
  }
  const [loader] = loaders;
  const text = loader.text ?? '';
  const glue = /\bfrom\s*(['"])([^'"]+)\1/.exec(text)?.[2];
  const wasm = /\bmodule_or_path\s*:\s*(['"])([^'"]+)\1/.exec(text)?.[2];
  if (!glue || !wasm)
    throw new BuildError(`index.html: Trunk's loader does not name its glue and wasm: ${text.trim()}`);
  const close = loader.end + text.length;
  if (!/^<\/script\s*>/i.test(html.slice(close))) throw new BuildError("index.html: Trunk's loader is not closed");
  const end = close + (/^<\/script\s*>/i.exec(html.slice(close))?.[0].length ?? 0);
  return { glue, wasm, start: loader.start, end };
}

/**
 * `html` without Trunk's `<link rel="preload">` of the wasm: the start
 * script, earlier in the page, fetches it at once, and a preload after that
 * fetch would download it a second time.
 * @param {string} html
 * @param {string} wasm
 */
export function withoutWasmPreload(html, wasm) {
  const preloads = scanElements(html).filter(
    (el) =>
      el.tag === 'link' && (el.attrs.get('rel') ?? '').toLowerCase() === 'preload' && el.attrs.get('href') === wasm,
  );
  if (preloads.length > 1) throw new BuildError(`index.html preloads ${wasm} ${preloads.length} times`);
  return preloads.reduceRight((out, el) => out.slice(0, el.start) + out.slice(el.end), html);
}

/**
 * The start script's `source` for the glue and wasm at these paths,
 * minified. Each placeholder must occur once.
 * @param {string} source
 * @param {{ glue: string, wasm: string }} paths
 */
export async function startScript(source, { glue, wasm }) {
  let filled = source;
  for (const [placeholder, value] of [
    [GLUE_PLACEHOLDER, glue],
    [WASM_PLACEHOLDER, wasm],
  ]) {
    const parts = filled.split(placeholder);
    if (parts.length !== 2) throw new BuildError(`public/start.js: expected ${placeholder} once`);
    filled = parts.join(JSON.stringify(value));
  }
  let out;
  try {
    out = await terser(filled, { ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  } catch (error) {
    throw new BuildError(`terser could not minify public/start.js: ${error.message}`);
  }
  const code = out.code ?? '';
  // Inline, its text must not end the element early or open a comment.
  if (!code || /<\/script|<!--/i.test(code)) throw new BuildError('public/start.js cannot be inlined as minified');
  return code;
}

/**
 * `html` with Trunk's loader taken out and the start script written inline
 * into <head>, just before the first stylesheet (a script after a stylesheet
 * would wait for it). Resolves to `{ html, bytes }` (the script's size).
 * @param {string} html
 * @param {string} [source] public/start.js's text
 */
export async function withStartScript(html, source = readFileSync(START_SOURCE, 'utf8')) {
  const loader = trunkLoaderOf(html);
  const code = await startScript(source, loader);
  const without = withoutWasmPreload(html.slice(0, loader.start) + html.slice(loader.end), loader.wasm);
  const stylesheet = scanElements(without).find(
    (el) => el.tag === 'link' && (el.attrs.get('rel') ?? '').toLowerCase().split(/\s+/).includes('stylesheet'),
  );
  const at = stylesheet?.start ?? without.toLowerCase().indexOf('</head>');
  if (at < 0) throw new BuildError('index.html has no stylesheet nor </head> to put the start script before');
  return {
    html: `${without.slice(0, at)}<script>${code}</script>\n  ${without.slice(at)}`,
    bytes: Buffer.byteLength(code),
  };
}
