#!/usr/bin/env node
// Trunk post_build hook (Node 20; terser and lightningcss from package-lock.json). Runs in the
// project root with TRUNK_STAGING_DIR pointing at the assembled build
// (dist/.stage), after Trunk has written the final index.html and before it
// moves the stage to dist/. It
//   1. shortens the names the wasm module and its wasm-bindgen loader share
//      (scripts/wasm-names.mjs) and rewrites the wasm's `integrity`;
//   2. minifies the JS (terser) and CSS (lightningcss, for the supported
//      browsers: CSS_TARGETS) that index.html links with an `integrity`
//      (Trunk's loader and stylesheet) and writes their new hashes into
//      those attributes. (Trunk's own `minify` cannot parse wasm-bindgen's
//      loader and leaves it whole.)
//   3. renames Trunk's hashed wasm and loader (`name-<hash>_bg.wasm`, `.js`)
//      and stylesheets (`name-<hash>.css`) after a hash of the bytes they now
//      hold, and index.html to match: Trunk hashed what it had before steps
//      1 and 2 (for the wasm, cargo's output), so one URL could otherwise
//      carry two contents;
//   4. puts the page's start script (public/start.js, minified) inline at
//      the end of <body> in place of Trunk's module loader
//      (scripts/start-script.mjs);
//   5. writes the first HTML into index.html: the page the app's components
//      render natively for the staged dataset, and the metadata for link
//      previews (scripts/first-html.mjs; the Rust binary render-page);
//   6. adds a 'sha256-…' source to the CSP meta's script-src for every inline
//      <script> in index.html (the start script), and to style-src for
//      every inline <style>, so the policy needs no 'unsafe-inline';
//   7. lists every staged file (except sw.js, source maps and dotfiles) as the
//      service worker's precache list;
//   8. hashes those files' paths and contents (plus the worker template) into
//      the build VERSION, so any change anywhere yields a new worker and cache;
//   9. writes VERSION and the list into the staged sw.js, and takes its
//      comments out (terser reprints it readable, its names kept).
// It fails (exit 1) rather than emit a build whose policy or worker is wrong.
//
// The functions are exported for tests/tooling/post-build.test.mjs.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Features, transform as lightningcss } from 'lightningcss';
import { minify as terser } from 'terser';

import { DatasetRefused, baseOf, renderPage, siteUrlFrom, withFirstHtml } from './first-html.mjs';
import { BuildError, parseAttributes, scanElements } from './html.mjs';
import { withStartScript } from './start-script.mjs';
import { WasmNamesError, shortenBindings } from './wasm-names.mjs';

export { BuildError, parseAttributes, scanElements };

export const VERSION_PLACEHOLDER = '"__BUILD_VERSION__"';
export const PRECACHE_PLACEHOLDER = '["__PRECACHE_MANIFEST__"]';
export const WORKER = 'sw.js';
export const INDEX = 'index.html';

// Trunk's dev-server live-reload script (only with `trunk serve` without
// --no-autoreload) carries these; the server rewrites them per response, so
// no hash computed here can match it. It is left out with a warning.
const TRUNK_AUTORELOAD = /\{\{__TRUNK_(ADDRESS|WS_BASE|WS_PROTOCOL)__\}\}/;
// Any other {{ placeholder }} left in an inline element (Trunk's nonce
// placeholder, a template variable) means the text will change after we
// hash it. Not every "{{" (minified JS may hold `{{let a=1}}`): only a
// name-like run between double braces.
const PLACEHOLDER = /\{\{\s*[A-Za-z_][\w .-]*\s*\}\}/;

/** All files under `dir`, as sorted relative POSIX paths. */
export function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort(compareCodePoints);
}

function compareCodePoints(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a staged file belongs in the precache. */
export function isPrecached(rel) {
  if (rel === WORKER) return false; // the worker never caches itself
  if (rel.endsWith('.map')) return false;
  // Dotfiles (.gitkeep, .DS_Store) are not app files, and some hosts do not
  // serve them: one 404 would fail the whole install.
  return !rel.split('/').some((part) => part.startsWith('.'));
}

/** The precache list: staged files relative to the worker's directory, as URL paths. */
export function precacheList(dir) {
  const files = listFiles(dir).filter(isPrecached);
  if (!files.includes(INDEX)) throw new BuildError(`no ${INDEX} in ${dir}`);
  return files.map((rel) => rel.split('/').map(encodeURIComponent).join('/'));
}

/** First 16 hex chars of sha256 over each file's path and contents, in order. */
export function buildVersion(dir, files, extra = '') {
  const hash = createHash('sha256');
  for (const rel of files) {
    const bytes = readFileSync(join(dir, ...rel.split('/')));
    hash.update(`${rel}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  hash.update(`\0${extra}`);
  return hash.digest('hex').slice(0, 16);
}

/** The worker source with its two placeholders replaced (each must occur once). */
export function fillWorker(source, version, precache) {
  if (!/^[0-9a-f]{16}$/.test(version)) throw new BuildError(`bad version ${version}`);
  let out = source;
  for (const [placeholder, value] of [
    [VERSION_PLACEHOLDER, JSON.stringify(version)],
    [PRECACHE_PLACEHOLDER, JSON.stringify(precache)],
  ]) {
    const parts = out.split(placeholder);
    if (parts.length !== 2) {
      throw new BuildError(
        `${WORKER}: expected the placeholder ${placeholder} exactly once, found ${parts.length - 1}`,
      );
    }
    out = parts.join(value); // split/join: no `$&` surprises from String.replace
  }
  return out;
}

/** The CSP hash source of an element's text, as the browser computes it. */
export function hashSource(text) {
  // The HTML parser turns CRLF and lone CR into LF before the text reaches
  // the element; the browser hashes the UTF-8 bytes of that text.
  const normalized = text.replace(/\r\n?/g, '\n');
  return `'sha256-${createHash('sha256').update(normalized, 'utf8').digest('base64')}'`;
}

/** Add each source to the named directive of a policy (deduplicated). */
export function addSources(policy, directive, sources) {
  const parts = policy
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  const i = parts.findIndex((p) => p.split(/\s+/)[0].toLowerCase() === directive);
  if (i < 0) throw new BuildError(`the Content-Security-Policy has no ${directive} directive`);
  const tokens = parts[i].split(/\s+/);
  for (const s of sources) if (!tokens.includes(s)) tokens.push(s);
  parts[i] = tokens.join(' ');
  return parts.join('; ');
}

/** The Subresource Integrity value of a file, as Trunk writes it (sha384). */
export function integrityOf(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** `source`, an ES module (the file `name`), minified by terser. */
export async function minifyJs(source, name = 'the script') {
  let out;
  try {
    out = await terser(source, {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
    });
  } catch (error) {
    throw new BuildError(`terser could not minify ${name}: ${error.message}`);
  }
  if (typeof out.code !== 'string') throw new BuildError(`terser returned no code for ${name}`);
  return out.code;
}

/**
 * The service worker as shipped: its comments (most of its bytes) taken out
 * by terser, the code itself laid out as written, names and all, so a host
 * can still read and debug it. The commented source is public/sw.js.
 */
export async function workerWithoutComments(source) {
  let out;
  try {
    out = await terser(source, {
      compress: false,
      mangle: false,
      format: { comments: false, beautify: true, indent_level: 2 },
    });
  } catch (error) {
    throw new BuildError(`terser could not read ${WORKER}: ${error.message}`);
  }
  if (typeof out.code !== 'string') throw new BuildError(`terser returned no code for ${WORKER}`);
  return `${out.code}\n`;
}

// The browsers the app supports, for lightningcss: it adds the prefixes and
// fallbacks these need and nothing newer ones do not. The floor is the
// release wasm's: Rust's wasm32 target emits WebAssembly reference types,
// first shipped in Chrome/Edge 96, Firefox 79 and Safari 15 (macOS and iOS);
// ES modules and service workers are older than that everywhere. Versions
// are lightningcss's encoding, major << 16 | minor << 8.
const version = (major, minor = 0) => (major << 16) | (minor << 8);
export const CSS_TARGETS = Object.freeze({
  chrome: version(96),
  edge: version(96),
  firefox: version(79),
  safari: version(15),
  ios_saf: version(15),
});

/**
 * `source` minified by lightningcss for CSS_TARGETS. Fails on CSS it cannot
 * parse and on any warning (lightningcss warns where it drops or cannot
 * check a rule), rather than ship a stylesheet that lost something. The
 * `light-dark()` lowering is left out: the stylesheet does not use it, and
 * lightningcss would otherwise add two unused custom properties wherever
 * `color-scheme` is set.
 */
export function minifyCss(source, name = 'the stylesheet') {
  let out;
  try {
    out = lightningcss({
      filename: name,
      code: Buffer.from(source),
      minify: true,
      targets: CSS_TARGETS,
      exclude: Features.LightDark,
    });
  } catch (error) {
    const at = error.loc ? ` (line ${error.loc.line}, column ${error.loc.column})` : '';
    throw new BuildError(`lightningcss could not read ${name}${at}: ${error.message}`);
  }
  if (out.warnings.length > 0) {
    const first = out.warnings[0];
    throw new BuildError(`lightningcss warns about ${name} (line ${first.loc.line}): ${first.message}`);
  }
  return `${out.code.toString()}\n`;
}

/**
 * The staged file an href names, if it names one: a same-origin path under
 * the page's base URL (Trunk's public URL), mapped into `dir`. Null for any
 * other address, which is not this build's to change.
 */
function stagedFileOf(dir, href, baseHref) {
  const origin = 'http://build.invalid';
  const base = new URL(baseHref || '/', `${origin}/`);
  const url = new URL(href, base);
  if (url.origin !== origin || !url.pathname.startsWith(base.pathname)) return null;
  const parts = url.pathname.slice(base.pathname.length).split('/').map(decodeURIComponent);
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return null;
  return join(dir, ...parts);
}

/**
 * The start tag of `el` (scanElements' element of `html`) with its integrity
 * attribute set to `value`: the attribute's text is replaced where the parser
 * found it, its name and `=` kept as written.
 */
function withIntegrity(html, el, value) {
  const span = el.attrSpans.get('integrity');
  const attr = html.slice(span.start, span.end);
  const eq = attr.indexOf('=');
  // Its name and `=` (with any spaces) as written; a bare attribute gets one.
  const name = eq < 0 ? `${attr}=` : attr.slice(0, eq + 1) + (/^\s*/.exec(attr.slice(eq + 1))?.[0] ?? '');
  const tag = `${html.slice(el.start, span.start)}${name}"${value}"${html.slice(span.end, el.end)}`;
  // The attribute as the browser will read it, not merely some text that looked like it.
  if (scanElements(tag)[0]?.attrs.get('integrity') !== value) {
    throw new BuildError(`could not rewrite the integrity attribute of ${html.slice(el.start, el.end)}`);
  }
  return tag;
}

/**
 * Shortens the shared names of each wasm module that index.html links (Trunk
 * preloads it) and of its wasm-bindgen loader beside it (`x_bg.wasm` and
 * `x.js`), and rewrites the wasm links' `integrity`. The loader's own
 * integrity is left to minifyLinkedAssets, which runs next and rewrites it.
 * Resolves to `{ html, files: [{ file, before, after }] }` (the wasm files).
 */
export function shortenLinkedWasm(dir, html) {
  return rewriteLinked(
    dir,
    html,
    (path) => /_bg\.wasm$/i.test(path),
    async (path, href) => {
      const loaderPath = path.replace(/_bg\.wasm$/i, '.js');
      let wasm;
      let loader;
      try {
        wasm = readFileSync(path);
        loader = readFileSync(loaderPath, 'utf8');
      } catch {
        throw new BuildError(`${INDEX} links ${href}, but it or its loader ${loaderPath} is not in the build`);
      }
      let shortened;
      try {
        shortened = shortenBindings(wasm, loader);
      } catch (error) {
        if (error instanceof WasmNamesError) throw new BuildError(`${href}: ${error.message}`);
        throw error;
      }
      writeFileSync(path, shortened.wasm);
      writeFileSync(loaderPath, shortened.js);
      return { before: wasm, after: shortened.wasm };
    },
  );
}

/**
 * Minifies each .js and .css file of the build that index.html links with
 * an `integrity` attribute, and rewrites those attributes to the new hashes.
 * Resolves to `{ html, files: [{ file, before, after }] }`.
 */
export function minifyLinkedAssets(dir, html) {
  const kindOf = (path) => /\.(js|mjs|css)$/i.exec(path)?.[1].toLowerCase();
  const linkedWithIntegrity = (path, el) => el.attrs.has('integrity') && Boolean(kindOf(path));
  return rewriteLinked(dir, html, linkedWithIntegrity, async (path, href) => {
    let source;
    try {
      source = readFileSync(path, 'utf8');
    } catch {
      throw new BuildError(`${INDEX} links ${href}, which is not in the build`);
    }
    const minified = kindOf(path) === 'css' ? minifyCss(source, href) : await minifyJs(source, href);
    writeFileSync(path, minified);
    return { before: source, after: minified };
  });
}

/**
 * The loop the two steps above share: for each staged file that index.html
 * links (a <link href> under the base URL) and `select(path, element)`
 * takes, `rewrite(path, href)` rewrites it once (returning its bytes
 * `{ before, after }`), and every link to it with an `integrity` gets the
 * new bytes' hash. Returns `{ html, files: [{ file, before, after }] }`
 * (sizes in bytes).
 */
async function rewriteLinked(dir, html, select, rewrite) {
  const elements = scanElements(html);
  const baseHref = elements.find((el) => el.tag === 'base')?.attrs.get('href');
  const done = new Map(); // path -> integrity of its new bytes
  const files = [];
  let out = '';
  let at = 0;
  for (const el of elements) {
    const href = el.attrs.get('href');
    const path = el.tag === 'link' && href ? stagedFileOf(dir, href, baseHref) : null;
    if (!path || !select(path, el)) continue;
    if (!done.has(path)) {
      const { before, after } = await rewrite(path, href);
      done.set(path, integrityOf(after));
      files.push({ file: href, before: Buffer.byteLength(before), after: Buffer.byteLength(after) });
    }
    if (!el.attrs.has('integrity')) continue;
    out += html.slice(at, el.start) + withIntegrity(html, el, done.get(path));
    at = el.end;
  }
  return { html: out + html.slice(at), files };
}

// Trunk's cache-busting names, `<name>-<hex hash>` in the build's root: the
// wasm and its loader share one stem (`app-1a2b_bg.wasm`, `app-1a2b.js`); a
// stylesheet has its own (`style-9c8d.css`). Files in subfolders (wasm-bindgen
// snippets, copied directories) keep the names other files know them by.
// This assumes Trunk.toml's `filehash = true`: without it, a crate named like
// `game-2048` would be taken for hashed.
const HASHED_WASM = /^(.+)-[0-9a-f]{1,16}_bg\.wasm$/;
const HASHED_CSS = /^(.+)-[0-9a-f]{1,16}\.css$/;

/**
 * Renames Trunk's hashed wasm and loader (together, as they are one build)
 * and its hashed stylesheets after a hash of their final bytes, and rewrites
 * every mention of the old names in index.html (the links and the inline
 * loader). Returns `{ html, renamed: [{ from, to }] }` (staged paths).
 */
export function nameByContent(dir, html) {
  const elements = scanElements(html);
  const baseHref = elements.find((el) => el.tag === 'base')?.attrs.get('href');
  const stems = new Map(); // stem -> { name: before the hash, suffixes }
  for (const el of elements) {
    const href = el.attrs.get('href');
    const path = el.tag === 'link' && href ? stagedFileOf(dir, href, baseHref) : null;
    if (!path || dirname(path) !== join(dir)) continue;
    const file = basename(path);
    const wasm = HASHED_WASM.exec(file);
    const css = (el.attrs.get('rel') || '').toLowerCase() === 'stylesheet' && HASHED_CSS.exec(file);
    if (wasm) stems.set(file.slice(0, -'_bg.wasm'.length), { name: wasm[1], suffixes: ['_bg.wasm', '.js'] });
    else if (css) stems.set(file.slice(0, -'.css'.length), { name: css[1], suffixes: ['.css'] });
  }
  const renamed = [];
  let out = html;
  for (const [stem, { name, suffixes }] of stems) {
    const files = suffixes.map((suffix) => [suffix, join(dir, stem + suffix)]);
    for (const [, path] of files) {
      if (!existsSync(path)) throw new BuildError(`${INDEX} links ${stem}, but ${basename(path)} is not in the build`);
    }
    const hash = createHash('sha256');
    for (const [suffix, path] of files) hash.update(`${suffix}\u0000`).update(readFileSync(path)).update('\u0000');
    const next = `${name}-${hash.digest('hex').slice(0, 16)}`;
    if (next === stem) continue;
    const mention = new RegExp(
      `(?<![\\w.-])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=_bg\\.wasm|\\.js|\\.css)`,
      'g',
    );
    if (!mention.test(out)) throw new BuildError(`${INDEX} does not name ${stem} where it links it`);
    out = out.replace(mention, next);
    for (const [suffix, path] of files) {
      const to = join(dirname(path), next + suffix);
      if (existsSync(to)) throw new BuildError(`renaming ${basename(path)} would overwrite ${basename(to)}`);
      renameSync(path, to);
      renamed.push({ from: path, to });
    }
  }
  return { html: out, renamed };
}

/**
 * index.html with the hashes of its inline scripts added to the CSP meta's
 * script-src (and of its inline styles to style-src). Returns
 * `{ html, scripts, styles, skipped }` (hash sources, and the number of
 * Trunk live-reload scripts left out).
 */
export function cspWithHashes(html) {
  // TODO(lead): the cast goes once scripts/html.mjs (being rewritten) says
  // what scanElements returns; as written, tsc reads its `text` as always null.
  const elements =
    /** @type {{ tag: string, attrs: Map<string, string>, start: number, end: number, text: string | null }[]} */ (
      scanElements(html)
    );
  const metas = elements.filter(
    (el) => el.tag === 'meta' && (el.attrs.get('http-equiv') || '').toLowerCase() === 'content-security-policy',
  );
  if (metas.length !== 1) {
    throw new BuildError(`${INDEX}: expected one Content-Security-Policy <meta>, found ${metas.length}`);
  }
  const meta = metas[0];
  const policy = meta.attrs.get('content');
  if (!policy) throw new BuildError(`${INDEX}: the Content-Security-Policy <meta> has no content`);
  const firstScript = elements.find((el) => el.tag === 'script');
  if (firstScript && firstScript.start < meta.start) {
    throw new BuildError(
      `${INDEX}: a <script> comes before the Content-Security-Policy <meta>, which applies only after it`,
    );
  }

  const scripts = [];
  const styles = [];
  let skipped = 0;
  for (const el of elements) {
    if (el.text === null || el.attrs.has('src') || el.text === '') continue;
    // A data block (the JSON-LD) is never run: the policy need not allow it.
    if (el.tag === 'script' && !isScriptType(el.attrs.get('type'))) continue;
    if (el.tag === 'script' && TRUNK_AUTORELOAD.test(el.text)) {
      skipped++;
      continue;
    }
    if (PLACEHOLDER.test(el.text)) {
      throw new BuildError(
        `${INDEX}: an inline <${el.tag}> still holds a {{ placeholder: ${el.text.trim().slice(0, 120)}`,
      );
    }
    (el.tag === 'script' ? scripts : styles).push(hashSource(el.text));
  }

  const scriptSrc = directiveTokens(policy, 'script-src');
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'"]) {
    if (scriptSrc.includes(bad)) throw new BuildError(`${INDEX}: script-src must not allow ${bad}`);
  }
  let next = addSources(policy, 'script-src', scripts);
  if (styles.length) next = addSources(next, 'style-src', styles);
  const tag = `<meta http-equiv="Content-Security-Policy" content="${next.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  return { html: html.slice(0, meta.start) + tag + html.slice(meta.end), scripts, styles, skipped };
}

/** Whether a <script type> is one the browser runs (else a data block). */
function isScriptType(type) {
  const t = (type ?? '').trim().toLowerCase();
  return t === '' || t === 'module' || /^(text|application)\/(java|ecma)script$/.test(t);
}

function directiveTokens(policy, directive) {
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/);
    if (tokens[0].toLowerCase() === directive) return tokens.slice(1);
  }
  throw new BuildError(`the Content-Security-Policy has no ${directive} directive`);
}

/**
 * The page the app's components render for the staged dataset, written
 * into index.html (scripts/first-html.mjs). `origin` (https://example.org)
 * gives the page absolute URLs: `og:url` and the canonical link.
 * @param {string} dir
 * @param {string} html
 * @param {{ origin?: string | null, render?: typeof renderPage }} [options]
 */
export function prerenderInto(dir, html, { origin = null, render = renderPage } = {}) {
  const base = baseOf(html);
  try {
    const page = render({ dataset: join(dir, 'data', 'briefing.json'), base, siteUrl: siteUrlFrom(origin, base) });
    return withFirstHtml(html, page);
  } catch (error) {
    if (error instanceof DatasetRefused) throw new BuildError(error.message);
    throw error;
  }
}

/**
 * The whole hook on a staging directory.
 * @param {string} dir
 * @param {(line: string) => void} [log]
 * @param {{ origin?: string | null, render?: typeof renderPage }} [options]
 */
export async function postBuild(dir, log = () => {}, { origin = process.env.KB_SITE_ORIGIN || null, render } = {}) {
  const indexPath = join(dir, INDEX);
  const shortened = await shortenLinkedWasm(dir, readFileSync(indexPath, 'utf8'));
  const minified = await minifyLinkedAssets(dir, shortened.html);
  const named = nameByContent(dir, minified.html);
  const started = await withStartScript(named.html);
  const csp = cspWithHashes(prerenderInto(dir, started.html, { origin, render }));
  writeFileSync(indexPath, csp.html);
  if (csp.skipped) {
    log(
      `warning: left ${csp.skipped} Trunk live-reload script(s) out of the CSP: the browser will block them (use \`trunk serve --no-autoreload\`)`,
    );
  }

  const workerPath = join(dir, WORKER);
  let template;
  try {
    template = readFileSync(workerPath, 'utf8');
  } catch {
    throw new BuildError(
      `no ${WORKER} in ${dir}: index.html needs <link data-trunk rel="copy-file" href="public/sw.js">`,
    );
  }
  const precache = precacheList(dir);
  const version = buildVersion(dir, listFiles(dir).filter(isPrecached), template);
  writeFileSync(workerPath, await workerWithoutComments(fillWorker(template, version, precache)));
  const sizes = (files) => files.map((f) => `${f.file} ${f.before} -> ${f.after} bytes`).join(', ') || 'nothing';
  log(
    `post-build: shortened the names in ${sizes(shortened.files)}; minified ${sizes(minified.files)}; ` +
      `${named.renamed.length} file(s) named after their content; start script ${started.bytes} bytes; ` +
      `${csp.scripts.length} inline script hash(es), ` +
      `${precache.length} files precached, version ${version}`,
  );
  return { version, precache, scripts: csp.scripts, styles: csp.styles, minified: minified.files };
}

// Run as a script (not imported). realpath: Node resolves symlinks for the
// module URL but not in argv, and a silent no-op hook would be worse than none.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
  if (!dir) {
    console.error('post-build: set TRUNK_STAGING_DIR (Trunk does) or pass the build directory');
    process.exit(1);
  }
  try {
    await postBuild(dir, (line) => console.log(line));
  } catch (error) {
    console.error(`post-build failed: ${error.message}`);
    process.exit(1);
  }
}
