// Unit tests of scripts/wasm-names.mjs on a small wasm module built here and
// a loader in wasm-bindgen's shape. Run: node --test tests/tooling/wasm-names.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { WasmNamesError, sections, shortName, shortenBindings } from '../../scripts/wasm-names.mjs';

import {
  EXPORT,
  GLOBAL,
  IMPORT,
  LOADER,
  MODULE,
  TABLE,
  functionImport,
  module,
  runPair,
  tagImport,
} from './wasm-module.mjs';
import { minifyJs } from '../../scripts/post-build.mjs';

test('the shortened wasm and loader link and run as the originals do', async () => {
  const original = await runPair(module(), LOADER);
  assert.deepEqual(original, [41, 65536]);
  const { wasm, js, imports, exports } = shortenBindings(module(), LOADER);
  assert.deepEqual([imports, exports], [3, 2]);
  assert.deepEqual(await runPair(wasm, js), original);
});

test('both sides are renamed: either one alone no longer links', async () => {
  const { wasm, js } = shortenBindings(module(), LOADER);
  for (const name of [IMPORT, GLOBAL, TABLE, EXPORT, MODULE]) {
    assert.ok(!js.includes(name), `${name} is still in the loader`);
    assert.ok(!wasm.includes(Buffer.from(name)), `${name} is still in the wasm`);
  }
  // WebAssembly rejects a missing import module with a TypeError, a missing
  // import with a LinkError; both name the import.
  await assert.rejects(runPair(wasm, LOADER), /Import #0/);
  await assert.rejects(runPair(module(), js), /Import #0/);
  assert.ok(wasm.length < module().length - IMPORT.length - EXPORT.length);
});

test('custom sections no browser reads are dropped; others are kept', () => {
  const customs = (bytes) =>
    sections(bytes)
      .filter((s) => s.id === 0)
      .map((s) => s.customName);
  assert.deepEqual(customs(module()), ['producers', 'target_features', '__wasm_split_unstable', 'keep_me']);
  assert.deepEqual(customs(shortenBindings(module(), LOADER).wasm), ['keep_me']);
});

test('every kind of import is read whole: a tag import after a table and a global', () => {
  const tagged = module({ extraImports: [tagImport('__wbg_tag_0123456789abcdef')] });
  assert.ok(WebAssembly.validate(tagged));
  const loader = LOADER.replace(`${IMPORT}:`, `__wbg_tag_0123456789abcdef: null,\n        ${IMPORT}:`);
  const { wasm, imports } = shortenBindings(tagged, loader);
  assert.equal(imports, 4);
  assert.ok(WebAssembly.validate(wasm));
});

/** The import section of `bytes`, which every module these tests build has. */
function importSectionOf(bytes) {
  const found = sections(bytes).find((s) => s.id === 2);
  assert.ok(found, 'the module has an import section');
  return found;
}

test('a module with hundreds of imports: counts and sizes take several bytes on both sides', async () => {
  const names = Array.from({ length: 300 }, (_, i) => `__wbg_unused${i}_0123456789abcdef`);
  const many = module({ extraImports: names.map(functionImport) });
  const loader = LOADER.replace(`${IMPORT}:`, `${names.map((n) => `${n}: () => 0,`).join('\n')}\n        ${IMPORT}:`);
  const { wasm, js, imports } = shortenBindings(many, loader);
  assert.equal(imports, 303);
  const importSection = importSectionOf(wasm);
  assert.ok(importSection.end - importSection.bodyStart > 127);
  assert.deepEqual(await runPair(wasm, js), await runPair(many, loader));
});

test('a section that does not end where its entries do fails the build', () => {
  // One import entry too few counted: the section's last entry is left over.
  const bytes = module();
  const importSection = importSectionOf(bytes);
  const wrong = Buffer.from(bytes);
  wrong[importSection.bodyStart] -= 1;
  assert.throws(() => shortenBindings(wrong, LOADER), /import section does not end where its entries do/);
});

test('short names are distinct identifiers, shortest first', () => {
  assert.deepEqual([0, 1, 25, 26, 51, 52, 53].map(shortName), ['a', 'b', 'z', 'A', 'Z', 'aa', 'ab']);
  const names = Array.from({ length: 5000 }, (_, i) => shortName(i));
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((n) => /^[A-Za-z]+$/.test(n)));
});

test('a loader that does not define an import once, as a key, fails the build', () => {
  const missing = LOADER.replace(IMPORT, '__wbg_other_0123456789abcdef');
  assert.throws(() => shortenBindings(module(), missing), WasmNamesError);
  const twice = LOADER.replace('export async', `const again = ${IMPORT};\nexport async`);
  assert.throws(() => shortenBindings(module(), twice), /exactly once/);
});

test('a loader that defines an import other than as a key fails the build', () => {
  const quoted = LOADER.replace(`${IMPORT}: function`, `["${IMPORT}"]: function`);
  assert.throws(() => shortenBindings(module(), quoted), /exactly once, as an object key/);
});

test('a module that imports one name twice fails the build', () => {
  const twice = module({ extraImports: [tagImport(IMPORT)] });
  assert.throws(() => shortenBindings(twice, LOADER), /imports .*__wbg_double_0123456789abcdef twice/);
});

test('a loader that reads exports other than as wasm.x fails the build', async () => {
  // Minified, the exports object is no longer called `wasm`.
  const minified = await minifyJs(LOADER);
  assert.throws(() => shortenBindings(module(), minified), /binds the wasm's exports to `wasm` 0 times/);
  const indexed = LOADER.replace('wasm.memory', 'wasm["memory"]');
  assert.throws(() => shortenBindings(module(), indexed), /names the wasm export memory in a string/);
});

test('a loader that reads an export the wasm lacks fails the build', () => {
  const extra = LOADER.replace('wasm.memory', 'wasm.table');
  assert.throws(() => shortenBindings(module(), extra), /wasm\.table, which the wasm does not export/);
});

test('a loader that names the import module other than once fails the build', () => {
  const other = module({ moduleName: './other_bg.js' });
  assert.throws(() => shortenBindings(other, LOADER), /import module "\.\/other_bg\.js" 0 times/);
  const twice = LOADER.replace('let wasm;', `let wasm; const path = "${MODULE}";`);
  assert.throws(() => shortenBindings(module(), twice), /2 times/);
});

test('a file that is not a wasm module, or is cut short, fails the build', () => {
  assert.throws(() => shortenBindings(Buffer.from('console.log(1)'), LOADER), /not a version 1 wasm module/);
  const cut = module().subarray(0, 40);
  assert.throws(() => shortenBindings(cut, LOADER), WasmNamesError);
});
