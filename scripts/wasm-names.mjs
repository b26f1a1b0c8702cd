// Short names for the names the wasm module and its JS loader share.
//
// wasm-bindgen names each import after its JS function plus a 16-hex-digit
// hash (`__wbg_queueMicrotask_1e8503a8a690f0a3`), some exports after a whole
// closure signature (300 characters), and the import module after the
// loader's file name. Each name is written twice, in the wasm's import or
// export section and in the loader (a key of its import object, or a
// `wasm.name` reference), and the hashes do not compress. This step renames
// both sides to `a`, `b`, …. It also drops the custom sections no browser
// reads.
//
// The wasm half is binaryen's (wasm-opt 132 from npm, the one Trunk runs):
// `--minify-imports-and-exports-and-modules` renames every import and export
// (`memory` and `__wbindgen_start` too) to names valid in JS, one namespace
// for both, merges every import module into one called `a`, and prints its
// map on stdout; `--strip-producers` and `--strip-target-features` drop those
// two sections. wasm-opt reads and writes the whole module, so the code is
// written anew (the same code to binaryen, not the same bytes: the locals it
// adds reading stack code). The loader half is ours, fed by that map.
//
// It relies on the loader's shape as wasm-bindgen writes it, and checks that
// shape rather than assume it: every import name must stand exactly once in
// the loader, as an object key; the module name once, as a string; every
// `wasm.x` the loader reads must be an export; the exports object must be
// bound to `wasm` once (not so in a minified loader) and no export named in a
// string (`wasm["x"]`). Anything else is a WasmNamesError (a BuildError to
// the hook), so a new wasm-bindgen that writes its loader differently fails
// the build instead of shipping a loader that cannot link.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export class WasmNamesError extends Error {}

/** binaryen's wasm-opt (npm binaryen, pinned in package.json): a Node script. */
export const WASM_OPT = fileURLToPath(new URL('../node_modules/binaryen/bin/wasm-opt', import.meta.url));

// The module name binaryen gives every import once it merges them.
const MODULE = 'a';

// Metadata for the wasm-split tool (Leptos's lazy loading, unused here), which
// no wasm-opt flag drops. (`producers` and `target_features` go by flags.)
const DROPPED_CUSTOM_SECTIONS = new Set(['__wasm_split_unstable']);

const SECTION_CUSTOM = 0;
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A LEB128 unsigned number at `at`: `[value, next offset]`. */
function u32(bytes, at, end) {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at >= end) throw new WasmNamesError('the wasm file ends inside a section');
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at];
  }
  throw new WasmNamesError('the wasm file has a malformed number');
}

/** The sections of a wasm module: `{ id, start, bodyStart, end, customName? }`. */
export function sections(bytes) {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WasmNamesError('the file is not a version 1 wasm module');
  }
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const [size, bodyStart] = u32(bytes, at, bytes.length);
    const end = bodyStart + size;
    if (end > bytes.length) throw new WasmNamesError(`the wasm file's section ${id} runs past its end`);
    const section = { id, start, bodyStart, end };
    if (id === SECTION_CUSTOM) {
      const [length, nameStart] = u32(bytes, bodyStart, end);
      if (nameStart + length > end) throw new WasmNamesError('the wasm file has a name past its section\'s end');
      section.customName = Buffer.from(bytes.subarray(nameStart, nameStart + length)).toString('utf8');
    }
    out.push(section);
    at = end;
  }
  return out;
}

/**
 * The wasm with its imports and exports renamed by binaryen. Returns
 * `{ wasm, imports: [{ module, name, short }], exports: [{ name, short }] }`.
 */
export function minifyWasmNames(wasmBytes) {
  const all = sections(wasmBytes);
  const dir = mkdtempSync(join(tmpdir(), 'kb-wasm-names-'));
  try {
    const input = join(dir, 'in.wasm');
    const output = join(dir, 'out.wasm');
    writeFileSync(input, wasmBytes);
    const args = [WASM_OPT, input, '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features'];
    // The levels of Trunk's `data-wasm-opt="z"`, so the code is written back as
    // that run wrote it (StackIR optimized); they run no optimization passes.
    args.push('--optimize-level=2', '--shrink-level=2');
    // Without -g wasm-opt drops the `name` section (function names in a dev
    // build's stack traces); with it, it writes one even where there was none.
    if (all.some((s) => s.customName === 'name')) args.push('--debuginfo');
    args.push('-o', output);
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.error) throw new WasmNamesError(`could not run wasm-opt: ${run.error.message}`);
    if (run.status !== 0) {
      // Its own message, not the stack of the wasm binaryen is compiled to.
      const said = run.stderr.split('\n').find((line) => /Fatal|error|Aborted/i.test(line)) ?? run.stderr.trim();
      throw new WasmNamesError(`wasm-opt could not rename the wasm's imports and exports: ${said.trim().slice(0, 400)}`);
    }
    let map;
    try {
      map = JSON.parse(run.stdout);
    } catch {
      throw new WasmNamesError('wasm-opt printed something that is not its map of names');
    }
    return {
      wasm: withoutCustomSections(readFileSync(output), DROPPED_CUSTOM_SECTIONS),
      imports: map.imports.map(([module, name, short]) => ({ module, name, short })),
      exports: map.exports.map(([name, short]) => ({ name, short })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The wasm without the custom sections named in `names`. */
function withoutCustomSections(bytes, names) {
  const all = sections(bytes);
  if (!all.some((s) => names.has(s.customName))) return bytes;
  const kept = all.filter((s) => !names.has(s.customName)).map((s) => bytes.subarray(s.start, s.end));
  return Buffer.concat([bytes.subarray(0, 8), ...kept]);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// An identifier boundary in JS source: `$` and `_` are name characters too.
const before = '(?<![\\w$])';
const after = '(?![\\w$])';

/**
 * The wasm-bindgen loader `js` with the names binaryen gave (`minifyWasmNames`'s
 * `imports` and `exports`) in place of the old ones, its shape checked.
 */
export function renameLoader(js, { imports, exports }) {
  let out = js;
  const modules = [...new Set(imports.map((i) => i.module))];
  // binaryen merges every import module into one; the loader's import
  // object would have to be merged too (wasm-bindgen's snippets each have one).
  if (modules.length > 1) {
    throw new WasmNamesError(`the wasm imports from ${modules.length} modules, which wasm-opt would merge into one: ${modules.join(', ')}`);
  }
  for (const module of modules) {
    const literal = new RegExp(`(["'])${escapeRegExp(module)}\\1`, 'g');
    const found = out.match(literal)?.length ?? 0;
    if (found !== 1) {
      throw new WasmNamesError(`the loader names the wasm's import module "${module}" ${found} times, not once`);
    }
    out = out.replace(literal, `"${MODULE}"`);
  }

  // Two passes, so a new short name can never be taken for an old name.
  const placeholders = [];
  for (const [i, { name, short }] of imports.entries()) {
    const key = new RegExp(`${before}${escapeRegExp(name)}${after}`, 'g');
    const found = out.match(key)?.length ?? 0;
    if (found !== 1 || !new RegExp(`${before}${escapeRegExp(name)}\\s*:`).test(out)) {
      throw new WasmNamesError(`the loader does not define the wasm import ${name} exactly once, as an object key`);
    }
    out = out.replace(key, `\u0000i${i}\u0000`);
    placeholders.push([`\u0000i${i}\u0000`, short]);
  }

  const exportNames = new Map(exports.map((e) => [e.name, e.short]));
  out = out.replace(new RegExp(`${before}wasm\\.([\\w$]+)${after}`, 'g'), (whole, name) => {
    if (!exportNames.has(name)) throw new WasmNamesError(`the loader reads wasm.${name}, which the wasm does not export`);
    return `wasm.\u0000e${exportNames.get(name)}\u0000`;
  });
  // Exports are read only as `wasm.x`: the loader binds the exports object
  // to `wasm` (a minified loader would call it something else) and names no
  // export in a string (`wasm["x"]`). The loader's own JS functions may share
  // an export's name; they are its wrappers, not reads.
  const bindings = out.match(/(?<![\w$.])wasm\s*=\s*instance\.exports(?![\w$])/g)?.length ?? 0;
  if (exports.length && bindings !== 1) {
    throw new WasmNamesError(`the loader binds the wasm's exports to \`wasm\` ${bindings} times, not once`);
  }
  for (const { name } of exports) {
    if (new RegExp(`(["'\`])${escapeRegExp(name)}\\1`).test(out)) {
      throw new WasmNamesError(`the loader names the wasm export ${name} in a string`);
    }
  }
  for (const [placeholder, short] of placeholders) out = out.replace(placeholder, short);
  return out.replace(/\u0000e([\w$]+)\u0000/g, '$1');
}

/**
 * The wasm module and its wasm-bindgen loader with their shared names
 * shortened. Returns `{ wasm, js, imports, exports }` (the counts renamed).
 */
export function shortenBindings(wasmBytes, js) {
  const renamed = minifyWasmNames(wasmBytes);
  return {
    wasm: renamed.wasm,
    js: renameLoader(js, renamed),
    imports: renamed.imports.length,
    exports: renamed.exports.length,
  };
}
