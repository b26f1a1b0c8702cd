// Short names for the names the wasm module and its JS loader share.
//
// wasm-bindgen names each import after its JS function plus a 16-hex-digit
// hash (`__wbg_queueMicrotask_1e8503a8a690f0a3`), some exports after a whole
// closure signature (300 characters), and the import module after the
// loader's file name. Each name is written twice, in the wasm's import or
// export section and in the loader (a key of its import object, or a
// `wasm.name` reference), and the hashes do not compress. This step renames
// both sides to `a`, `b`, … `ba`, …; the wasm's code, and so its behaviour,
// is untouched. It also drops the custom sections no browser reads.
//
// It relies on the loader's shape as wasm-bindgen writes it, and checks that
// shape rather than assume it: every import name must stand exactly once in
// the loader, as an object key; the module name once, as a string; every
// `wasm.x` the loader reads must be an export; the exports object must be
// bound to `wasm` once (not so in a minified loader) and no export named in a
// string (`wasm["x"]`). Anything else is a BuildError,
// so a new wasm-bindgen that writes its loader differently fails the build
// instead of shipping a loader that cannot link.

export class WasmNamesError extends Error {}

// Custom sections with no meaning at run time: toolchain records, and
// metadata for the wasm-split tool (Leptos's lazy loading, unused here).
// The `name` section (function names in a dev build's stack traces) stays.
const DROPPED_CUSTOM_SECTIONS = new Set(['producers', 'target_features', '__wasm_split_unstable']);

const SECTION_CUSTOM = 0;
const SECTION_IMPORT = 2;
const SECTION_EXPORT = 7;
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Reads a wasm binary: cursor over bytes, with LEB128 and names. */
class Reader {
  constructor(bytes, at = 0, end = bytes.length) {
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }
  byte() {
    if (this.at >= this.end) throw new WasmNamesError('the wasm file ends inside a section');
    return this.bytes[this.at++];
  }
  u32() {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return value;
    }
    throw new WasmNamesError('the wasm file has a malformed number');
  }
  name() {
    const length = this.u32();
    if (this.at + length > this.end) throw new WasmNamesError("the wasm file has a name past its section's end");
    const text = Buffer.from(this.bytes.subarray(this.at, this.at + length)).toString('utf8');
    this.at += length;
    return text;
  }
  /** Skips a limits entry (table or memory): flags, minimum, optional maximum, optional page size. */
  limits() {
    const flags = this.byte();
    if (flags & ~0x0f) throw new WasmNamesError(`the wasm file has limits with unknown flags ${flags}`);
    this.u32();
    if (flags & 0x01) this.u32();
    if (flags & 0x08) this.u32(); // custom page size (its log2)
  }
  /** Skips a value or reference type: one byte, or (ref null? ht) with its heap type. */
  valueType() {
    const type = this.byte();
    if (type === 0x63 || type === 0x64) this.leb();
  }
  /** Skips a LEB128 number of any size and sign. */
  leb() {
    while (this.byte() & 0x80);
  }
  /** Fails unless the reader stopped exactly at its section's end. */
  finish(what) {
    if (this.at !== this.end)
      throw new WasmNamesError(`the wasm file's ${what} section does not end where its entries do`);
  }
}

function u32Bytes(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return Buffer.from(out);
}

function nameBytes(text) {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([u32Bytes(utf8.length), utf8]);
}

/** The sections of a wasm module: `{ id, start, bodyStart, end, customName? }`. */
export function sections(bytes) {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WasmNamesError('the file is not a version 1 wasm module');
  }
  const out = [];
  const reader = new Reader(bytes, 8);
  while (reader.at < bytes.length) {
    const start = reader.at;
    const id = reader.byte();
    const size = reader.u32();
    const bodyStart = reader.at;
    const end = bodyStart + size;
    if (end > bytes.length) throw new WasmNamesError(`the wasm file's section ${id} runs past its end`);
    const section = { id, start, bodyStart, end };
    if (id === SECTION_CUSTOM) section.customName = new Reader(bytes, bodyStart, end).name();
    out.push(section);
    reader.at = end;
  }
  return out;
}

/** The module's imports, `{ module, name, desc }` (desc: the raw descriptor bytes). */
function readImports(bytes, section) {
  const reader = new Reader(bytes, section.bodyStart, section.end);
  const imports = [];
  for (let count = reader.u32(); count > 0; count--) {
    const module = reader.name();
    const name = reader.name();
    const descStart = reader.at;
    const kind = reader.byte();
    if (kind === 0x00) {
      reader.u32(); // function: type index
    } else if (kind === 0x01) {
      reader.valueType(); // table: reftype, limits
      reader.limits();
    } else if (kind === 0x02) {
      reader.limits(); // memory
    } else if (kind === 0x03) {
      reader.valueType(); // global: valtype, mutability
      reader.byte();
    } else if (kind === 0x04) {
      reader.byte(); // tag: attribute, type index
      reader.u32();
    } else throw new WasmNamesError(`the wasm file imports ${module}.${name} with an unknown kind ${kind}`);
    imports.push({ module, name, desc: bytes.subarray(descStart, reader.at) });
  }
  reader.finish('import');
  return imports;
}

/** The module's exports, `{ name, desc }` (desc: kind and index bytes). */
function readExports(bytes, section) {
  const reader = new Reader(bytes, section.bodyStart, section.end);
  const exports = [];
  for (let count = reader.u32(); count > 0; count--) {
    const name = reader.name();
    const descStart = reader.at;
    reader.byte();
    reader.u32();
    exports.push({ name, desc: bytes.subarray(descStart, reader.at) });
  }
  reader.finish('export');
  return exports;
}

/** The `index`th short name: a … z, A … Z, then two letters and on. */
export function shortName(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  let n = index;
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return name;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// An identifier boundary in JS source: `$` and `_` are name characters too.
const before = '(?<![\\w$])';
const after = '(?![\\w$])';

function section(id, body) {
  return Buffer.concat([Buffer.from([id]), u32Bytes(body.length), body]);
}

/**
 * The wasm module and its wasm-bindgen loader with their shared names
 * shortened. Returns `{ wasm, js, imports, exports }` (the counts renamed).
 */
export function shortenBindings(wasmBytes, js) {
  const all = sections(wasmBytes);
  const importSection = all.find((s) => s.id === SECTION_IMPORT);
  const exportSection = all.find((s) => s.id === SECTION_EXPORT);
  const imports = importSection ? readImports(wasmBytes, importSection) : [];
  const exports = exportSection ? readExports(wasmBytes, exportSection) : [];

  let out = js;
  const modules = [...new Set(imports.map((i) => i.module))];
  const moduleNames = new Map(modules.map((m, i) => [m, shortName(i)]));
  for (const [module, short] of moduleNames) {
    const literal = new RegExp(`(["'])${escapeRegExp(module)}\\1`, 'g');
    const found = out.match(literal)?.length ?? 0;
    if (found !== 1) {
      throw new WasmNamesError(`the loader names the wasm's import module "${module}" ${found} times, not once`);
    }
    out = out.replace(literal, `"${short}"`);
  }

  const importNames = new Map();
  for (const [i, { module, name }] of imports.entries()) {
    const key = `${module}\u0000${name}`;
    if (importNames.has(key)) throw new WasmNamesError(`the wasm imports ${module}.${name} twice`);
    importNames.set(key, shortName(i));
  }
  // Two passes, so a new short name can never be taken for an old name.
  const placeholders = [];
  for (const [i, { name }] of imports.entries()) {
    const key = new RegExp(`${before}${escapeRegExp(name)}${after}`, 'g');
    const found = out.match(key)?.length ?? 0;
    if (found !== 1 || !new RegExp(`${before}${escapeRegExp(name)}\\s*:`).test(out)) {
      throw new WasmNamesError(`the loader does not define the wasm import ${name} exactly once, as an object key`);
    }
    out = out.replace(key, `\u0000i${i}\u0000`);
    placeholders.push([`\u0000i${i}\u0000`, shortName(i)]);
  }

  const exportNames = new Map(exports.map((e, i) => [e.name, shortName(i)]));
  out = out.replace(new RegExp(`${before}wasm\\.([\\w$]+)${after}`, 'g'), (_whole, name) => {
    if (!exportNames.has(name))
      throw new WasmNamesError(`the loader reads wasm.${name}, which the wasm does not export`);
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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL marks the placeholders, which no loader's text holds.
  out = out.replace(/\u0000e([\w$]+)\u0000/g, '$1');

  const parts = [wasmBytes.subarray(0, 8)];
  for (const s of all) {
    if (s.id === SECTION_IMPORT) {
      const entries = imports.map((imp, i) =>
        Buffer.concat([nameBytes(moduleNames.get(imp.module)), nameBytes(shortName(i)), imp.desc]),
      );
      parts.push(section(s.id, Buffer.concat([u32Bytes(entries.length), ...entries])));
    } else if (s.id === SECTION_EXPORT) {
      const entries = exports.map((exp, i) => Buffer.concat([nameBytes(shortName(i)), exp.desc]));
      parts.push(section(s.id, Buffer.concat([u32Bytes(entries.length), ...entries])));
    } else if (!(s.id === SECTION_CUSTOM && DROPPED_CUSTOM_SECTIONS.has(s.customName))) {
      parts.push(wasmBytes.subarray(s.start, s.end));
    }
  }
  return { wasm: Buffer.concat(parts), js: out, imports: imports.length, exports: exports.length };
}
