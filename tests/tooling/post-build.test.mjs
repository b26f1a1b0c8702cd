// Unit tests of scripts/post-build.mjs (the Trunk post_build hook) on small
// fixtures. Run: node --test tests/tooling/post-build.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import vm from 'node:vm';

import {
  BuildError,
  buildVersion,
  cspWithHashes,
  fillWorker,
  hashSource,
  integrityOf,
  listFiles,
  CSS_TARGETS,
  minifyCss,
  minifyLinkedAssets,
  nameByContent,
  postBuild,
  precacheList,
  prerenderInto,
  shortenLinkedWasm,
} from '../../scripts/post-build.mjs';
import { DatasetRefused } from '../../scripts/first-html.mjs';
import { IMPORT, LOADER as WASM_LOADER, module as wasmModule, runPair } from './wasm-module.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOOK = join(ROOT, 'scripts', 'post-build.mjs');
const WORKER_SOURCE = readFileSync(join(ROOT, 'public', 'sw.js'), 'utf8');

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

// The loader Trunk 0.21 writes in place of <link data-trunk rel="rust">
// (src/pipelines/rust/output.rs, default_initializer), byte for byte.
const LOADER =
  "\nimport init from '/kosovo/kosovo-briefing-4f2a.js';\n" +
  "const wasm = await init({ module_or_path: '/kosovo/kosovo-briefing-4f2a_bg.wasm' });\n\n\n\n" +
  'dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));\n\n';

function trunkPage({ csp = CSP, loader = LOADER, extraHead = '', extraBody = '' } = {}) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<base href="/kosovo/">
<link rel="manifest" href="manifest.webmanifest">
<link rel="stylesheet" href="/kosovo/style-9a1b.css" integrity="sha384-abc" crossorigin="anonymous">
${extraHead}<link rel="modulepreload" href="/kosovo/kosovo-briefing-4f2a.js" crossorigin="anonymous" integrity="sha384-def"><link rel="preload" href="/kosovo/kosovo-briefing-4f2a_bg.wasm" crossorigin="anonymous" integrity="sha384-ghi" as="fetch" type="application/wasm">
<!-- kb:head -->
<!-- /kb:head -->
</head>
<body>
<!-- kb:body -->
<!-- /kb:body -->
<script type="module">${loader}</script>${extraBody}
</body>
</html>
`;
}

/**
 * What the page renderer gives for a fixture's dataset (the real one is Rust: tests/tooling/publish.test.mjs).
 * @type {typeof import('../../scripts/first-html.mjs').renderPage}
 */
function fakeRender({ dataset, base }) {
  const data = readFileSync(dataset, 'utf8');
  return {
    head: `<title>Built</title><script type="application/ld+json">{"@type":"NewsArticle","base":"${base}"}</script>`,
    body: `<main id="main"><h1>Built from ${data.trim()}</h1></main>`,
    dataset: createHash('sha256').update(data).digest('hex').slice(0, 16),
  };
}

/** The whole hook with the fake renderer. */
function hook(dir) {
  return postBuild(dir, () => {}, { render: fakeRender });
}

/** The script-src directive of the CSP meta in `html`, as a list of tokens. */
function scriptSrc(html, directive = 'script-src') {
  const content = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  const part = content
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${directive} `));
  return part.split(/\s+/).slice(1);
}

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/** The staged file `html` links or names (the start script names the wasm) whose name matches `pattern`. */
function linked(dir, html, pattern) {
  const match = html.match(new RegExp(`["']/kosovo/(${pattern.source})["']`));
  assert.ok(match, `index.html links no ${pattern}`);
  return join(dir, match[1]);
}

/** The text of the page's inline module script. */
function inlineLoader(html) {
  return html.match(/<script type="module">([\s\S]*?)<\/script>/)[1];
}

/** The text of the page's start script (public/start.js, as the hook inlines it). */
function startScriptOf(html) {
  return html.match(/<script>([\s\S]*?)<\/script>/)[1];
}

/** The hash nameByContent names files after: sha256 of each suffix and file, in order. */
function contentHash(files) {
  const hash = createHash('sha256');
  for (const [suffix, path] of files) hash.update(`${suffix}\u0000`).update(readFileSync(path)).update('\u0000');
  return hash.digest('hex').slice(0, 16);
}

function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'post-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

/** A staged Trunk build: index.html, hashed JS/wasm/CSS, copied dirs, the worker. */
function stage(t, overrides = {}) {
  const dir = tempDir(t);
  writeTree(dir, {
    'index.html': trunkPage(),
    'kosovo-briefing-4f2a.js': 'export default async function init() {}\n',
    'kosovo-briefing-4f2a_bg.wasm': Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]),
    'style-9a1b.css': 'body { margin: 0 }\n',
    'manifest.webmanifest': '{}\n',
    'icons/icon.svg': "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    'icons/icon-192.png': 'png',
    'data/briefing.json': '{"title":"t"}\n',
    'sw.js': WORKER_SOURCE,
    ...overrides,
  });
  return dir;
}

/** Evaluate a filled worker's VERSION and PRECACHE constants without running it. */
function workerConstants(source) {
  const head = source.slice(0, source.indexOf('const PREFIX'));
  // Through JSON: objects from another realm are not deepStrictEqual to ours.
  return JSON.parse(vm.runInNewContext(`${head}; JSON.stringify({ VERSION, PRECACHE })`));
}

// --- hashing ---------------------------------------------------------------

test("hashSource gives the CSP spec's hash for alert('Hello, world.');", () => {
  assert.equal(hashSource("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
});

test('hashSource hashes the text as the parser delivers it (CRLF and CR become LF)', () => {
  assert.equal(hashSource('a();\r\nb();\rc();'), hashSource('a();\nb();\nc();'));
  assert.equal(hashSource('é'), sha256(Buffer.from('é', 'utf8')));
});

// --- CSP -------------------------------------------------------------------

test("cspWithHashes adds the hash of Trunk's inline loader to script-src", () => {
  const { html, scripts } = cspWithHashes(trunkPage());
  assert.deepEqual(scripts, [sha256(LOADER)]);
  assert.deepEqual(scriptSrc(html), ["'self'", "'wasm-unsafe-eval'", sha256(LOADER)]);
});

test('cspWithHashes keeps every other directive and the rest of the page as they were', () => {
  const page = trunkPage();
  const { html } = cspWithHashes(page);
  const expected = CSP.replace("'wasm-unsafe-eval'", `'wasm-unsafe-eval' ${sha256(LOADER)}`);
  assert.equal(html, page.replace(`content="${CSP}"`, `content="${expected}"`));
});

test('cspWithHashes hashes each inline script and skips scripts with src and empty ones', () => {
  const extra = '\n<script>console.log(1)</script><script src="/kosovo/x.js">ignored()</script><script></script>';
  const { html, scripts } = cspWithHashes(trunkPage({ extraBody: extra }));
  assert.deepEqual(scripts, [sha256(LOADER), sha256('console.log(1)')]);
  assert.ok(!scriptSrc(html).includes(sha256('ignored()')));
});

test('cspWithHashes reads minified HTML (unquoted attributes, any order)', () => {
  const page =
    `<!doctype html><html lang=en><head><meta charset=utf-8><meta content="${CSP}" http-equiv=Content-Security-Policy>` +
    `<link href=/style.css rel=stylesheet></head><body><script type=module>${LOADER}</script></body></html>`;
  const { html } = cspWithHashes(page);
  assert.ok(scriptSrc(html).includes(sha256(LOADER)));
  assert.equal((html.match(/Content-Security-Policy/gi) || []).length, 1);
});

test('cspWithHashes ignores scripts inside HTML comments', () => {
  const { scripts } = cspWithHashes(trunkPage({ extraBody: '<!-- <script>commented()</script> -->' }));
  assert.deepEqual(scripts, [sha256(LOADER)]);
});

test('cspWithHashes adds inline <style> hashes to style-src', () => {
  const { html, styles } = cspWithHashes(trunkPage({ extraHead: '<style>h1{color:red}</style>' }));
  assert.deepEqual(styles, [sha256('h1{color:red}')]);
  assert.deepEqual(scriptSrc(html, 'style-src'), ["'self'", sha256('h1{color:red}')]);
});

test('cspWithHashes is idempotent: a second run adds nothing', () => {
  const once = cspWithHashes(trunkPage()).html;
  assert.equal(cspWithHashes(once).html, once);
});

test('cspWithHashes fails without a CSP meta', () => {
  const page = trunkPage().replace(/<meta http-equiv[^>]*>/, '');
  assert.throws(
    () => cspWithHashes(page),
    (e) => e instanceof BuildError && /Content-Security-Policy/.test(e.message),
  );
});

test('cspWithHashes fails when the CSP has no script-src', () => {
  const page = trunkPage({ csp: "default-src 'self'" });
  assert.throws(() => cspWithHashes(page), /no script-src/);
});

test("cspWithHashes fails when script-src allows 'unsafe-inline' or 'unsafe-eval'", () => {
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'"]) {
    const page = trunkPage({ csp: CSP.replace("'wasm-unsafe-eval'", bad) });
    assert.throws(() => cspWithHashes(page), new RegExp(bad));
  }
});

test('cspWithHashes fails on an inline script with a {{ placeholder left in it', () => {
  const page = trunkPage({ extraBody: "<script>const x = '{{__TRUNK NONCE__}}';</script>" });
  assert.throws(() => cspWithHashes(page), /\{\{/);
});

test('cspWithHashes accepts double braces that are code, not a placeholder', () => {
  const code = 'function f(){{const a=1;g(a)}}';
  const { scripts } = cspWithHashes(trunkPage({ extraBody: `<script>${code}</script>` }));
  assert.deepEqual(scripts, [sha256(LOADER), sha256(code)]);
});

test("cspWithHashes leaves Trunk's live-reload script out and counts it", () => {
  const reload = "<script>(function () { const address = '{{__TRUNK_ADDRESS__}}'; })()</script>";
  const { scripts, skipped } = cspWithHashes(trunkPage({ extraBody: reload }));
  assert.deepEqual(scripts, [sha256(LOADER)]);
  assert.equal(skipped, 1);
});

test('cspWithHashes fails when a script comes before the CSP meta', () => {
  const page = trunkPage().replace('<meta charset="utf-8">', '<meta charset="utf-8"><script>early()</script>');
  assert.throws(() => cspWithHashes(page), /before the Content-Security-Policy/);
});

// --- precache list and version ---------------------------------------------

test('listFiles lists nested files as sorted POSIX paths', (t) => {
  const dir = tempDir(t);
  // Sorted as whole paths: a directory walk alone would put a/… before a.txt.
  writeTree(dir, { 'b.js': '', 'a.txt': '', 'a/z.txt': '', 'a/b/c.txt': '', 'A.txt': '' });
  assert.deepEqual(listFiles(dir), ['A.txt', 'a.txt', 'a/b/c.txt', 'a/z.txt', 'b.js']);
});

test('precacheList has every built file but sw.js, source maps and dotfiles', (t) => {
  const dir = stage(t, { 'kosovo-briefing-4f2a.js.map': '{}', 'data/.gitkeep': '', 'snippets/x/inline0.js': '' });
  assert.deepEqual(precacheList(dir), [
    'data/briefing.json',
    'icons/icon-192.png',
    'icons/icon.svg',
    'index.html',
    'kosovo-briefing-4f2a.js',
    'kosovo-briefing-4f2a_bg.wasm',
    'manifest.webmanifest',
    'snippets/x/inline0.js',
    'style-9a1b.css',
  ]);
});

test('precacheList percent-encodes characters that would break a URL', (t) => {
  const dir = stage(t, { 'icons/a b#1.png': '' });
  assert.ok(precacheList(dir).includes('icons/a%20b%231.png'));
});

test('precacheList fails without index.html', (t) => {
  const dir = tempDir(t);
  writeTree(dir, { 'app.js': '' });
  assert.throws(() => precacheList(dir), /index\.html/);
});

test("buildVersion is 16 hex chars, stable, and changes with any file's content or name", (t) => {
  const dir = stage(t);
  const files = listFiles(dir);
  const version = buildVersion(dir, files);
  assert.match(version, /^[0-9a-f]{16}$/);
  assert.equal(buildVersion(dir, files), version);

  writeFileSync(join(dir, 'data/briefing.json'), '{"title":"u"}\n');
  const changedData = buildVersion(dir, files);
  assert.notEqual(changedData, version);

  writeFileSync(join(dir, 'style-9a1b.css'), 'body { margin: 1px }\n');
  const changedCss = buildVersion(dir, files);
  assert.notEqual(changedCss, changedData);

  rmSync(join(dir, 'style-9a1b.css'));
  writeFileSync(join(dir, 'style-0000.css'), 'body { margin: 1px }\n');
  assert.notEqual(buildVersion(dir, listFiles(dir)), changedCss);
});

// --- the worker ------------------------------------------------------------

test('the worker source is valid JavaScript before the hook fills it', () => {
  assert.doesNotThrow(() => new vm.Script(WORKER_SOURCE));
  assert.deepEqual(workerConstants(WORKER_SOURCE), {
    VERSION: '__BUILD_VERSION__',
    PRECACHE: ['__PRECACHE_MANIFEST__'],
  });
});

test('fillWorker writes VERSION and PRECACHE as JS values, literally', () => {
  const list = ['index.html', 'a$&b.js', 'x\'y".js'];
  const filled = fillWorker(WORKER_SOURCE, '0123456789abcdef', list);
  assert.doesNotThrow(() => new vm.Script(filled));
  assert.deepEqual(workerConstants(filled), { VERSION: '0123456789abcdef', PRECACHE: list });
  assert.ok(!filled.includes('__BUILD_VERSION__') && !filled.includes('__PRECACHE_MANIFEST__'));
});

test('fillWorker fails when a placeholder is missing or repeated', () => {
  const noVersion = WORKER_SOURCE.replace('"__BUILD_VERSION__"', '"x"');
  assert.throws(() => fillWorker(noVersion, '0123456789abcdef', []), /__BUILD_VERSION__.*found 0/);
  const twice = `${WORKER_SOURCE}\nconst AGAIN = ["__PRECACHE_MANIFEST__"];\n`;
  assert.throws(() => fillWorker(twice, '0123456789abcdef', []), /__PRECACHE_MANIFEST__.*found 2/);
});

// --- minifying the loader and the stylesheet ------------------------------

test('minifyCss (lightningcss) drops comments and white space, keeps strings, urls, escapes and combinators', () => {
  const css = `/* head */\na , b > c {\n  color : red ;\n  /* don't */ content: "x  /* y */ ;}" ;\n}\n`;
  assert.equal(minifyCss(css), `a,b>c{color:red;content:"x  /* y */ ;}"}\n`);
  assert.equal(minifyCss('a :hover { color: red }'), 'a :hover{color:red}\n');
  assert.equal(minifyCss('.a\\  .b , .c\\, d { color: red }'), '.a\\  .b,.c\\, d{color:red}\n');
  assert.equal(minifyCss('x { background: url(http://x/*.png) }'), 'x{background:url(http://x/*.png)}\n');
});

test('minifyCss writes for the supported browsers: the prefixes Safari 15 and Firefox need, no lowering they do not', () => {
  assert.equal(CSS_TARGETS.safari, 15 << 16, 'Safari 15 is the floor (wasm reference types)');
  // Safari before 17 hyphenates only with the prefix; Firefox for Android sizes text with its own.
  assert.equal(minifyCss('.p { hyphens: auto }'), '.p{-webkit-hyphens:auto;hyphens:auto}\n');
  assert.equal(
    minifyCss('html { text-size-adjust: 100% }'),
    'html{-webkit-text-size-adjust:100%;-moz-text-size-adjust:100%;text-size-adjust:100%}\n',
  );
  // Every supported browser has `inset`; no light-dark() helpers where the stylesheet has none.
  assert.equal(minifyCss('.x { inset: 0 }'), '.x{inset:0}\n');
  assert.equal(minifyCss(':root { color-scheme: light dark }'), ':root{color-scheme:light dark}\n');
});

test('minifyCss fails on CSS it cannot read or would drop, rather than ship less', () => {
  assert.throws(
    () => minifyCss('a {{ }', 'style.css'),
    (e) => e instanceof BuildError && /style\.css \(line 1, column 4\)/.test(e.message),
  );
  assert.throws(
    () => minifyCss('@foo bar;'),
    (e) => e instanceof BuildError && /Unknown at rule/.test(e.message),
  );
  assert.throws(() => minifyCss('a:hovr { color: red }'), BuildError);
});

const GREETER =
  "// wasm-bindgen glue\nexport function greet(name) {\n  const message = 'Hello, ' + name;\n  return message;\n}\nexport default greet;\n";

test('minifyLinkedAssets shrinks the linked JS and CSS and rewrites their integrity', async (t) => {
  const dir = stage(t, { 'kosovo-briefing-4f2a.js': GREETER, 'style-9a1b.css': '/* c */\nbody {\n  margin: 0;\n}\n' });
  const { html, files } = await minifyLinkedAssets(dir, trunkPage());
  const js = readFileSync(join(dir, 'kosovo-briefing-4f2a.js'));
  const css = readFileSync(join(dir, 'style-9a1b.css'));
  assert.ok(js.length < GREETER.length && !js.includes('wasm-bindgen glue'));
  assert.equal(css.toString(), 'body{margin:0}\n');
  assert.ok(
    html.includes(`href="/kosovo/kosovo-briefing-4f2a.js" crossorigin="anonymous" integrity="${integrityOf(js)}"`),
  );
  assert.ok(html.includes(`integrity="${integrityOf(css)}"`));
  // The wasm is linked with an integrity too, but is not text to minify.
  assert.ok(html.includes('integrity="sha384-ghi"'));
  assert.deepEqual(
    files.map((f) => f.file),
    ['/kosovo/style-9a1b.css', '/kosovo/kosovo-briefing-4f2a.js'],
  );
  // Still the same module: its exports work.
  const module = await import(`data:text/javascript,${encodeURIComponent(js.toString())}`);
  assert.equal(module.default('Pristina'), 'Hello, Pristina');
});

test('minifyLinkedAssets finds files under the base URL, minifies each once, and leaves other origins alone', async (t) => {
  const dir = stage(t, { 'kosovo-briefing-4f2a.js': GREETER, 'assets/extra.css': 'a {\n  color: red;\n}\n' });
  const page = trunkPage({
    extraHead:
      '<link rel="stylesheet" href="assets/extra.css" integrity="sha384-one">' +
      '<link rel="preload" as="style" href="/kosovo/assets/extra.css" integrity="sha384-two">' +
      '<link rel="stylesheet" href="https://cdn.example/style-9a1b.css" integrity="sha384-cdn">',
  });
  const { html, files } = await minifyLinkedAssets(dir, page);
  const extra = readFileSync(join(dir, 'assets', 'extra.css'));
  assert.equal(extra.toString(), 'a{color:red}\n');
  assert.equal(html.split(`integrity="${integrityOf(extra)}"`).length - 1, 2, 'both links to extra.css carry its hash');
  assert.ok(html.includes('href="https://cdn.example/style-9a1b.css" integrity="sha384-cdn"'));
  assert.equal(files.filter((f) => f.file.endsWith('extra.css')).length, 1);
});

test('minifyLinkedAssets rewrites an integrity wherever the browser reads one, and only its value', async (t) => {
  // No space before the attribute: still an attribute to the browser.
  const glued = trunkPage()
    .replace(' integrity="sha384-abc"', '')
    .replace('href="/kosovo/style-9a1b.css"', 'href="/kosovo/style-9a1b.css"integrity="sha384-abc"');
  const dir = stage(t);
  const { html } = await minifyLinkedAssets(dir, glued);
  const css = integrityOf(readFileSync(join(dir, 'style-9a1b.css')));
  assert.ok(
    html.includes(`<link rel="stylesheet" href="/kosovo/style-9a1b.css"integrity="${css}" crossorigin="anonymous">`),
  );
  // Its name and `=` as written; a value in single quotes, or none, gets double quotes.
  for (const [written, rewritten] of [
    ["INTEGRITY = 'sha384-abc'", `INTEGRITY = "${css}"`],
    ['integrity', `integrity="${css}"`],
  ]) {
    const { html } = await minifyLinkedAssets(stage(t), trunkPage().replace('integrity="sha384-abc"', written));
    assert.ok(html.includes(`href="/kosovo/style-9a1b.css" ${rewritten} crossorigin`), html);
  }
});

test('minifyLinkedAssets fails when a linked file is missing or is not valid JS', async (t) => {
  const missing = stage(t);
  rmSync(join(missing, 'style-9a1b.css'));
  await assert.rejects(
    minifyLinkedAssets(missing, trunkPage()),
    /links \/kosovo\/style-9a1b\.css, which is not in the build/,
  );
  const broken = stage(t, { 'kosovo-briefing-4f2a.js': 'export default function ( {\n' });
  await assert.rejects(
    minifyLinkedAssets(broken, trunkPage()),
    /terser could not minify \/kosovo\/kosovo-briefing-4f2a\.js/,
  );
});

test("shortenLinkedWasm renames the linked wasm and its loader alike and rewrites the wasm's integrity", async (t) => {
  const dir = stage(t, { 'kosovo-briefing-4f2a.js': WASM_LOADER, 'kosovo-briefing-4f2a_bg.wasm': wasmModule() });
  const { html, files } = await shortenLinkedWasm(dir, trunkPage());
  const wasm = readFileSync(join(dir, 'kosovo-briefing-4f2a_bg.wasm'));
  const loader = readFileSync(join(dir, 'kosovo-briefing-4f2a.js'), 'utf8');
  assert.ok(!loader.includes(IMPORT) && !wasm.includes(Buffer.from(IMPORT)));
  assert.deepEqual(await runPair(wasm, loader), await runPair(wasmModule(), WASM_LOADER));
  assert.ok(
    html.includes(
      `href="/kosovo/kosovo-briefing-4f2a_bg.wasm" crossorigin="anonymous" integrity="${integrityOf(wasm)}"`,
    ),
  );
  assert.deepEqual(files, [
    { file: '/kosovo/kosovo-briefing-4f2a_bg.wasm', before: wasmModule().length, after: wasm.length },
  ]);
  // The loader's integrity is minifyLinkedAssets's to rewrite, after this.
  assert.ok(html.includes('integrity="sha384-def"'));
});

test('shortenLinkedWasm fails when the loader is missing or does not match the wasm', async (t) => {
  const missing = stage(t, { 'kosovo-briefing-4f2a_bg.wasm': wasmModule() });
  rmSync(join(missing, 'kosovo-briefing-4f2a.js'));
  await assert.rejects(
    shortenLinkedWasm(missing, trunkPage()),
    /its loader .*kosovo-briefing-4f2a\.js is not in the build/,
  );
  const other = stage(t, { 'kosovo-briefing-4f2a_bg.wasm': wasmModule() });
  await assert.rejects(
    shortenLinkedWasm(other, trunkPage()),
    (error) => error instanceof BuildError && /kosovo-briefing-4f2a_bg\.wasm: the loader/.test(error.message),
  );
});

// --- the first HTML ---------------------------------------------------------

test("prerenderInto writes the renderer's head and body between the markers", (t) => {
  const dir = stage(t);
  const html = prerenderInto(dir, trunkPage(), { render: fakeRender });
  assert.match(html, /<!-- kb:head -->\s*<title>Built<\/title>[\s\S]*<!-- \/kb:head -->/);
  assert.match(
    html,
    /<!-- kb:body -->\s*<main id="main"><h1>Built from \{"title":"t"\}<\/h1><\/main>\s*<!-- \/kb:body -->/,
  );
  assert.match(html, /"base":"\/kosovo\/"/, 'the renderer is told the base path');
  // Again, on a page that already holds a first HTML: replaced, not doubled.
  const again = prerenderInto(dir, html, { render: fakeRender });
  assert.equal(again, html);
});

test("prerenderInto fails without the markers, and with the renderer's words for a bad dataset", (t) => {
  const dir = stage(t);
  assert.throws(
    () => prerenderInto(dir, '<!doctype html><title>x</title>', { render: fakeRender }),
    /needs the markers <!-- kb:head -->/,
  );
  const refuse = () => {
    throw new DatasetRefused(
      'data/briefing.json: the briefing data is invalid: the required field events[0].title is missing.',
    );
  };
  assert.throws(
    () => prerenderInto(dir, trunkPage(), { render: refuse }),
    (error) => error instanceof BuildError && /events\[0\]\.title is missing/.test(error.message),
  );
});

test("prerenderInto gives the renderer the site's URL from an origin, and refuses an origin with a path", (t) => {
  const dir = stage(t);
  /** @type {{ siteUrl?: string | null } | undefined} */
  let seen;
  prerenderInto(dir, trunkPage(), {
    origin: 'https://example.org',
    render: (args) => {
      seen = args;
      return fakeRender(args);
    },
  });
  assert.equal(seen?.siteUrl, 'https://example.org/kosovo/');
  assert.throws(
    () => prerenderInto(dir, trunkPage(), { origin: 'https://example.org/kosovo/', render: fakeRender }),
    /just a scheme and a host/,
  );
});

test('cspWithHashes leaves data blocks (JSON-LD) out of script-src', () => {
  const { html, scripts } = cspWithHashes(
    trunkPage({ extraHead: '<script type="application/ld+json">{"@type":"NewsArticle"}</script>' }),
  );
  assert.equal(scripts.length, 1, 'only the module loader');
  assert.ok(!scriptSrc(html).includes(sha256('{"@type":"NewsArticle"}')));
});

// --- the whole hook --------------------------------------------------------

test('postBuild rewrites the staged index.html and sw.js consistently', async (t) => {
  const dir = stage(t);
  const result = await hook(dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  // Every integrity in the final page matches the file as written.
  // (The wasm is fetched by the start script, not preloaded: no integrity of its own.)
  for (const pattern of [/kosovo-briefing-[0-9a-f]{16}\.js/, /style-[0-9a-f]{16}\.css/]) {
    const file = linked(dir, html, pattern);
    const link = html.match(new RegExp(`href="/kosovo/${basename(file).replace('.', '\\.')}"[^>]*integrity="([^"]+)"`));
    assert.ok(link, `index.html links ${basename(file)} with an integrity`);
    assert.equal(link[1], integrityOf(readFileSync(file)), basename(file));
  }
  assert.ok(!html.includes('type="module"'), "Trunk's loader is gone");
  assert.ok(scriptSrc(html).includes(sha256(startScriptOf(html))), 'the start script is allowed by its hash');
  // Each hashed name is the hash of the bytes shipped under it, after every
  // other step of the hook has changed them.
  const wasm = linked(dir, html, /kosovo-briefing-[0-9a-f]{16}_bg\.wasm/);
  const stem = wasm.slice(0, -'_bg.wasm'.length);
  assert.equal(
    basename(stem),
    `kosovo-briefing-${contentHash([
      ['_bg.wasm', wasm],
      ['.js', `${stem}.js`],
    ])}`,
  );
  const css = linked(dir, html, /style-[0-9a-f]{16}\.css/);
  assert.equal(basename(css), `style-${contentHash([['.css', css]])}.css`);
  const worker = readFileSync(join(dir, 'sw.js'), 'utf8');
  const { VERSION, PRECACHE } = workerConstants(worker);
  assert.equal(VERSION, result.version);
  assert.deepEqual(PRECACHE, precacheList(dir));
  // Shipped without its comments, its code as written.
  assert.ok(!worker.includes('Hand-written on purpose') && worker.length < WORKER_SOURCE.length * 0.7);
  assert.ok(worker.includes('self.addEventListener("fetch", event => {'));
  assert.ok(!PRECACHE.includes('sw.js'));
  // The version covers the final index.html (with its CSP), not the one Trunk wrote.
  assert.equal(VERSION, buildVersion(dir, PRECACHE, WORKER_SOURCE));
});

test('postBuild ships a wasm and a minified loader that still link and run', async (t) => {
  const dir = stage(t, { 'kosovo-briefing-4f2a.js': WASM_LOADER, 'kosovo-briefing-4f2a_bg.wasm': wasmModule() });
  await hook(dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const wasm = readFileSync(linked(dir, html, /kosovo-briefing-[0-9a-f]{16}_bg\.wasm/));
  const loader = readFileSync(linked(dir, html, /kosovo-briefing-[0-9a-f]{16}\.js/), 'utf8');
  assert.ok(loader.length < WASM_LOADER.length / 2, 'the loader is minified');
  assert.ok(!wasm.includes(Buffer.from(IMPORT)), 'the names are shortened');
  assert.deepEqual(await runPair(wasm, loader), await runPair(wasmModule(), WASM_LOADER));
});

test('nameByContent names the wasm and its loader after their bytes, together, and the stylesheet after its own', (t) => {
  // Another origin's file whose name ends like ours: not ours to rename.
  const cdn = '<link rel="stylesheet" href="https://cdn.example/my-style-9a1b.css">';
  const run = (files) => {
    const dir = stage(t, files);
    const { html, renamed } = nameByContent(dir, trunkPage({ extraHead: cdn }));
    return { dir, html, renamed, names: listFiles(dir).filter((f) => /\.(js|wasm|css)$/.test(f) && f !== 'sw.js') };
  };
  const first = run({});
  const pair = first.names.find((f) => f.endsWith('.js')).slice(0, -'.js'.length);
  const style = first.names.find((f) => f.endsWith('.css'));
  assert.match(pair, /^kosovo-briefing-[0-9a-f]{16}$/);
  assert.match(style, /^style-[0-9a-f]{16}\.css$/);
  assert.deepEqual(first.names.sort(), [`${pair}.js`, `${pair}_bg.wasm`, style].sort());
  assert.equal(first.renamed.length, 3);
  // index.html names only the new files: in its links and in the inline loader.
  assert.ok(!first.html.includes('4f2a') && !first.html.replace(cdn, '').includes('9a1b'));
  assert.ok(first.html.includes(cdn));
  assert.ok(first.html.includes(`href="/kosovo/${pair}_bg.wasm"`) && first.html.includes(`href="/kosovo/${style}"`));
  assert.ok(
    inlineLoader(first.html).includes(`'/kosovo/${pair}.js'`) &&
      inlineLoader(first.html).includes(`'/kosovo/${pair}_bg.wasm'`),
  );
  // The same bytes give the same names; other wasm bytes rename the pair only.
  assert.deepEqual(run({}).names.sort(), first.names.sort());
  const other = run({ 'kosovo-briefing-4f2a_bg.wasm': Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 0, 2, 1, 120]) });
  assert.ok(!other.names.includes(`${pair}.js`) && other.names.includes(style));
});

test('nameByContent leaves alone what Trunk did not hash: unhashed names, snippets, subfolders, other links', (t) => {
  const dir = stage(t, {
    'app.css': 'a{}\n',
    'snippets/app-1a2b/js/util-2.js': 'export const x = 1;\n',
    'fonts/inter-400.css': 'a{}\n',
    'print-0a.css': 'a{}\n',
  });
  const page =
    '<base href="/kosovo/"><link rel="stylesheet" href="app.css" integrity="sha384-x">' +
    '<link rel="modulepreload" href="/kosovo/snippets/app-1a2b/js/util-2.js" integrity="sha384-y">' +
    '<link rel="stylesheet" href="fonts/inter-400.css"><link rel="preload" as="style" href="print-0a.css">';
  assert.deepEqual(nameByContent(dir, page), { html: page, renamed: [] });
  for (const file of ['app.css', 'snippets/app-1a2b/js/util-2.js', 'fonts/inter-400.css', 'print-0a.css']) {
    assert.ok(listFiles(dir).includes(file), file);
  }
});

test("nameByContent fails when the wasm's loader is missing or index.html does not name a file it links", (t) => {
  const missing = stage(t);
  rmSync(join(missing, 'kosovo-briefing-4f2a.js'));
  assert.throws(
    () => nameByContent(missing, trunkPage()),
    /links kosovo-briefing-4f2a, but kosovo-briefing-4f2a\.js is not in the build/,
  );
  // An entity-encoded href: a link the browser reads, but not the text the rewrite looks for.
  const encoded = trunkPage().replace('href="/kosovo/style-9a1b.css"', 'href="/kosovo/style-9a1b&#46;css"');
  assert.throws(() => nameByContent(stage(t), encoded), /does not name style-9a1b where it links it/);
});

test('postBuild gives a new version when only the dataset changes', async (t) => {
  const a = (await hook(stage(t))).version;
  const b = (await hook(stage(t, { 'data/briefing.json': '{"title":"other"}\n' }))).version;
  assert.notEqual(a, b);
});

test('postBuild fails when sw.js was not copied into the build', async (t) => {
  const dir = stage(t);
  rmSync(join(dir, 'sw.js'));
  await assert.rejects(hook(dir), /no sw\.js/);
});

/** A page renderer program that prints the fake renderer's answer. */
function fakeRendererProgram(t) {
  const dir = tempDir(t);
  const program = join(dir, 'render-page');
  writeFileSync(
    program,
    `#!${process.execPath}\nconsole.log(JSON.stringify({ head: "<title>t</title>", body: "<main id=main></main>", dataset: "0" }));\n`,
    { mode: 0o755 },
  );
  return program;
}

test('the CLI reads TRUNK_STAGING_DIR and exits 1 with a message on failure', (t) => {
  const good = stage(t);
  const env = { ...process.env, TRUNK_STAGING_DIR: good, KB_RENDER_PAGE: fakeRendererProgram(t) };
  const ok = spawnSync(process.execPath, [HOOK], { env, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(readFileSync(join(good, 'sw.js'), 'utf8'), /const VERSION = "[0-9a-f]{16}";/);

  const bad = stage(t, { 'index.html': trunkPage().replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '') });
  const failed = spawnSync(process.execPath, [HOOK], { env: { ...env, TRUNK_STAGING_DIR: bad }, encoding: 'utf8' });
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /post-build failed: .*Content-Security-Policy/);
});
