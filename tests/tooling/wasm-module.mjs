// A small wasm module and a loader in wasm-bindgen's shape, for the tests of
// scripts/wasm-names.mjs and of the post-build hook that runs it.

export const MODULE = './kosovo-briefing-4f2a_bg.js';
export const IMPORT = '__wbg_double_0123456789abcdef';
// Longer than 127 bytes, as wasm-bindgen's closure exports are: its length,
// and its section's size, take more than one LEB128 byte.
export const EXPORT =
  'wasm_bindgen_f1d7d887694c14bd___convert__closures_____invoke___js_sys_37c2ebf25af3eedc___Function_fn_' +
  'wasm_bindgen_f1d7d887694c14bd___JsValue_____wasm_bindgen_f1d7d887694c14bd___sys__Undefined_______true_';
export const GLOBAL = '__wbg_offset_fedcba9876543210';
export const TABLE = '__wbg_table_00112233445566778';

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const name = (text) => [...leb(Buffer.byteLength(text)), ...Buffer.from(text)];
const section = (id, body) => [id, ...leb(body.length), ...body];

/**
 * A module that imports MODULE.IMPORT : (i32) -> i32, an i32 global GLOBAL
 * and a funcref table TABLE with a maximum, and exports EXPORT, a function
 * that returns the import's answer plus the global, and `memory`; with the
 * custom sections that browsers ignore and one to keep. `extraImports` are
 * more import entries (their bytes, after the three).
 *
 * @param {{ importName?: string, moduleName?: string, extraImports?: number[][] }} [options]
 */
export function module({ importName = IMPORT, moduleName = MODULE, extraImports = [] } = {}) {
  const imports = [
    [...name(moduleName), ...name(importName), 0x00, 0],
    [...name(moduleName), ...name(GLOBAL), 0x03, 0x7f, 0x00],
    [...name(moduleName), ...name(TABLE), 0x01, 0x70, 0x01, 1, 2],
    ...extraImports,
  ];
  return Buffer.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 1, 0x7f, 0]),
    ...section(2, [...leb(imports.length), ...imports.flat()]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name(EXPORT), 0x00, 1, ...name('memory'), 0x02, 0]),
    // local.get 0; call 0; global.get 0; i32.add; end
    ...section(10, [1, ...leb(9), 0, 0x20, 0, 0x10, 0, 0x23, 0, 0x6a, 0x0b]),
    ...section(0, [...name('producers'), 1, 2, 3]),
    ...section(0, [...name('target_features'), 0]),
    ...section(0, [...name('__wasm_split_unstable'), 0]),
    ...section(0, [...name('keep_me'), 4, 5]),
  ]);
}

/** An import entry of MODULE's: a function of type 0, (i32) -> i32. */
export function functionImport(importName) {
  return [...name(MODULE), ...name(importName), 0x00, 0];
}

/** An import entry of MODULE's: an exception tag of type 1, (i32) -> (). */
export function tagImport(importName) {
  return [...name(MODULE), ...name(importName), 0x04, 0x00, 1];
}

// The parts of wasm-bindgen's loader that carry the shared names.
export const LOADER = `let wasm;
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        ${IMPORT}: function(arg0) {
            const ret = arg0 * 2;
            return ret;
        },
        ${GLOBAL}: 1,
        ${TABLE}: new WebAssembly.Table({ initial: 1, maximum: 2, element: "anyfunc" }),
    };
    return {
        __proto__: null,
        "${MODULE}": import0,
    };
}
export async function run(bytes, input) {
    const { instance } = await WebAssembly.instantiate(bytes, __wbg_get_imports());
    wasm = instance.exports;
    return [wasm.${EXPORT}(input), wasm.memory.buffer.byteLength];
}
`;

/** Runs a loader (source text) on a module: `[export(input), memory bytes]`. */
export async function runPair(wasm, js, input = 20) {
  const loader = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
  return loader.run(wasm, input);
}
