// The post-build step that puts the page's start script (public/start.js)
// in place of Trunk's module loader (scripts/start-script.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { BuildError } from '../../scripts/html.mjs';
import { START_SOURCE, startScript, trunkLoaderOf, withStartScript } from '../../scripts/start-script.mjs';

// As Trunk 0.21 writes it (default_initializer), names already shortened.
const LOADER =
  '<script type="module">\n' +
  "import init, * as bindings from '/sub/app-1a2b.js';\n" +
  "const wasm = await init({ module_or_path: '/sub/app-1a2b_bg.wasm' });\n" +
  'window.wasmBindings = bindings;\n' +
  'dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));\n' +
  '</script>';

const page = ({ loader = LOADER, stylesheet = '<link rel="stylesheet" href="/sub/style-9c8d.css">' } = {}) =>
  '<!doctype html>\n<html>\n<head>\n  <meta charset="utf-8">\n  <base href="/sub/">\n' +
  `  ${stylesheet}\n  ${loader}\n` +
  '  <link rel="modulepreload" href="/sub/app-1a2b.js">' +
  '<link rel="preload" href="/sub/app-1a2b_bg.wasm" as="fetch" type="application/wasm">\n' +
  '</head>\n<body>\n  <main></main>\n</body>\n</html>\n';

test("trunkLoaderOf finds Trunk's loader, its glue and its wasm", () => {
  const html = page();
  const loader = trunkLoaderOf(html);
  assert.equal(loader.glue, '/sub/app-1a2b.js');
  assert.equal(loader.wasm, '/sub/app-1a2b_bg.wasm');
  assert.equal(html.slice(loader.start, loader.end), LOADER);
});

test('trunkLoaderOf refuses a page without the loader, or with two', () => {
  assert.throws(() => trunkLoaderOf(page({ loader: '' })), BuildError);
  assert.throws(() => trunkLoaderOf(page({ loader: LOADER + LOADER })), BuildError);
});

test('withStartScript: the start script in <head>, before the stylesheet; the loader and the wasm preload gone', async () => {
  const { html, bytes } = await withStartScript(page());
  assert.ok(!html.includes('type="module"'), "Trunk's loader is gone");
  assert.ok(!html.includes('rel="preload"'), 'the wasm is not preloaded a second time');
  assert.ok(html.includes('<link rel="modulepreload" href="/sub/app-1a2b.js">'), "the glue's modulepreload stays");
  const script = /<script>([\s\S]*?)<\/script>/.exec(html);
  assert.ok(script, 'one classic inline script');
  assert.equal(Buffer.byteLength(script[1]), bytes);
  assert.ok(
    script.index < html.indexOf('rel="stylesheet"'),
    'it comes before the stylesheet, which it must not wait for',
  );
  assert.ok(script.index > html.indexOf('<base'), 'and after <base>');
  assert.ok(script[1].includes('"/sub/app-1a2b.js"') && script[1].includes('"/sub/app-1a2b_bg.wasm"'));
  assert.ok(!script[1].includes('__KB_'), 'no placeholder is left');
  assert.ok(bytes < readFileSync(START_SOURCE, 'utf8').length / 2, 'minified');
  // HTML forbids control characters in a page (the Nu checker fails on them).
  const control = [...script[1]].find((c) => (c < ' ' && !'\t\n\r'.includes(c)) || c === '\u007f');
  assert.equal(control, undefined, 'no raw control character');
});

test('withStartScript without a stylesheet puts the script at the end of <head>', async () => {
  const { html } = await withStartScript(page({ stylesheet: '' }));
  assert.ok(html.indexOf('<script>') < html.indexOf('</head>'));
});

test('startScript refuses a source whose placeholders are missing or twice', async () => {
  const paths = { glue: '/a.js', wasm: '/a_bg.wasm' };
  await assert.rejects(startScript('const GLUE = 1;', paths), BuildError);
  await assert.rejects(startScript("'__KB_GLUE__''__KB_GLUE__''__KB_WASM__'", paths), BuildError);
});

test('startScript never lets a path close the inline element', async () => {
  const code = await startScript(readFileSync(START_SOURCE, 'utf8'), { glue: '/</script>.js', wasm: '/<!--.wasm' });
  assert.ok(!/<\/script|<!--/i.test(code), 'escaped as inline script text');
});
