// The JSON Schema for editors (public/data/briefing.schema.json): the schema
// itself, the shipped dataset against it, and the rules the schema shares
// with the Rust reader's semantic checks (src/dataset/: SCHEMA_VERSION,
// problems(), is_identifier(), slugify()). No dependencies: a small validator
// for exactly the JSON Schema keywords the schema uses.
//
// Which fields exist, which are required, their JSON types and enum values
// are checked against the Rust reader by behaviour, in Rust:
// tests/native/dataset_schema.rs (cargo test --test native dataset_schema).
//
//   node --test tests/tooling/dataset-schema.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

const schema = JSON.parse(read('public/data/briefing.schema.json'));
const shipped = JSON.parse(read('public/data/briefing.json'));
// Every file of the dataset module, as one text (the checks are in check.rs,
// the version in types.rs).
const rust = readdirSync(new URL('src/dataset/', root))
  .sort()
  .map((name) => read(`src/dataset/${name}`))
  .join('\n');
const textRust = read('src/text.rs');

// ---------------------------------------------------------------------------
// A validator for the subset of JSON Schema 2020-12 the schema uses.

/** Keywords that only annotate: no effect on validity. */
const ANNOTATIONS = new Set(['$schema', '$comment', 'title', 'description', '$defs']);
/** Keywords `validate` implements. Any other keyword in the schema fails a test. */
const ASSERTIONS = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'contains',
  'minContains',
  'maxContains',
  'pattern',
  'minLength',
  'minimum',
  'maximum',
]);

function resolve(ref) {
  assert.ok(ref.startsWith('#/'), `only local $ref: ${ref}`);
  let node = schema;
  for (const part of ref.slice(2).split('/')) {
    node = node[part];
    assert.ok(node !== undefined, `$ref target exists: ${ref}`);
  }
  return node;
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Errors as "path: message", the path written the way the app writes it. */
function validate(node, value, path = '', errors = []) {
  const at = path || '(document)';
  if (node.$ref) validate(resolve(node.$ref), value, path, errors);
  if (node.type !== undefined) {
    const types = [node.type].flat();
    if (!types.some((t) => hasType(value, t))) {
      errors.push(`${at}: expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return errors;
    }
  }
  if ('const' in node && !isDeepStrictEqual(value, node.const)) {
    errors.push(`${at}: must be ${JSON.stringify(node.const)}`);
  }
  if (node.enum && !node.enum.some((v) => isDeepStrictEqual(v, value))) {
    errors.push(`${at}: must be one of ${JSON.stringify(node.enum)}`);
  }
  if (typeof value === 'string') {
    if (node.minLength !== undefined && [...value].length < node.minLength) {
      errors.push(`${at}: shorter than ${node.minLength}`);
    }
    if (node.pattern !== undefined && !new RegExp(node.pattern, 'u').test(value)) {
      errors.push(`${at}: does not match ${node.pattern}`);
    }
  }
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum) errors.push(`${at}: below ${node.minimum}`);
    if (node.maximum !== undefined && value > node.maximum) errors.push(`${at}: above ${node.maximum}`);
  }
  if (Array.isArray(value)) {
    if (node.items) {
      value.forEach((item, i) => {
        validate(node.items, item, `${path}[${i}]`, errors);
      });
    }
    if (node.contains) {
      const count = value.filter((item) => validate(node.contains, item).length === 0).length;
      const min = node.minContains ?? 1;
      const max = node.maxContains ?? Infinity;
      if (count < min || count > max) {
        errors.push(`${at}: ${count} item(s) match "contains", expected ${min}..${max}`);
      }
    }
  }
  if (typeOf(value) === 'object') {
    const field = (key) => (path ? `${path}.${key}` : key);
    for (const key of node.required ?? []) {
      if (!(key in value)) errors.push(`${field(key)}: required field is missing`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (node.properties && key in node.properties) {
        validate(node.properties[key], item, field(key), errors);
      } else if (node.additionalProperties === false) {
        errors.push(`${field(key)}: unknown field`);
      }
    }
  }
  return errors;
}

/** Every keyword used in a schema position, with where it is. */
function keywordsOf(node, where = '#', out = []) {
  for (const [key, child] of Object.entries(node)) {
    out.push([key, `${where}/${key}`]);
    if (key === 'properties' || key === '$defs') {
      for (const [name, sub] of Object.entries(child)) keywordsOf(sub, `${where}/${key}/${name}`, out);
    } else if (['items', 'contains'].includes(key) || (key === 'additionalProperties' && typeof child === 'object')) {
      keywordsOf(child, `${where}/${key}`, out);
    }
  }
  return out;
}

const clone = (value) => structuredClone(value);

// ---------------------------------------------------------------------------
// Reading src/dataset/ (its semantic checks, not its field lists).

/** The text between the brace opening at `open` and its partner. */
function braced(source, open) {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** The object schemas of the document: the root and each object in $defs. */
const objectSchemas = [
  ['Briefing', schema],
  ...Object.entries(schema.$defs).filter(([, def]) => [def.type].flat().includes('object')),
];

/** The node itself, or what its $ref points to when it has no type of its own. */
function effective(node) {
  return node.type === undefined && node.$ref ? effective(resolve(node.$ref)) : node;
}

/** The field names Rust's problems() passes to require_text / checks as ids. */
function checkedFieldNames() {
  const body = rust.slice(rust.indexOf('pub fn problems('));
  const text = new Set();
  const ids = new Set();
  for (const m of body.matchAll(/\("article\.(\w+)", &article\.\1\)/g)) text.add(m[1]);
  for (const m of body.matchAll(/require_text\(\s*(?:&mut )?problems,\s*format!\("\{path\}\.(\w+)"\)/g)) text.add(m[1]);
  // A fixed path ("site_name", "article.image.url"): the field is its last part.
  for (const m of body.matchAll(/require_text\(\s*(?:&mut )?problems,\s*"(?:[\w.]+\.)?(\w+)"\.into\(\)/g))
    text.add(m[1]);
  // Fields with a format of their own (a language tag, a date).
  const formats = new Set();
  for (const m of body.matchAll(/Problem::new\("article\.(\w+)", ProblemKind::Bad(?:Language|Date)\)/g))
    formats.add(m[1]);
  for (const m of body.matchAll(/\.check\(\s*(?:&mut )?problems,\s*format!\("\{path\}\.(\w+)"\)/g)) ids.add(m[1]);
  if (/!is_identifier\(&article\.id\)/.test(body)) ids.add('id');
  // A slug must equal slugify(label): the schema's slug pattern is its ASCII form.
  if (/area\.slug == expected/.test(body)) ids.add('slug');
  return { text, ids, formats };
}

// ---------------------------------------------------------------------------
// The schema file itself.

test('the schema is draft 2020-12 and briefing.json carries no $schema key (Rust denies unknown fields)', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.ok(!('$schema' in shipped), 'briefing.json must not name its schema: the app would refuse it');
});

test('the schema uses only keywords the validator here implements', () => {
  for (const [key, where] of keywordsOf(schema)) {
    assert.ok(ANNOTATIONS.has(key) || ASSERTIONS.has(key), `unsupported keyword ${key} at ${where}`);
  }
});

test('every property in the schema has a title and a description for editors', () => {
  const missing = [];
  const visit = (node, where) => {
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      if (!prop.title || !prop.description) missing.push(`${where}/properties/${name}`);
    }
  };
  visit(schema, '#');
  for (const [name, def] of Object.entries(schema.$defs)) visit(def, `#/$defs/${name}`);
  assert.deepEqual(missing, []);
});

// ---------------------------------------------------------------------------
// The shipped dataset against the schema.

test('the shipped briefing.json satisfies the schema', () => {
  assert.deepEqual(validate(schema, shipped), []);
});

/** Every object in a document, with its path. */
function objectsOf(value, path = '', out = []) {
  if (typeOf(value) === 'object') {
    out.push([path, value]);
    for (const [key, item] of Object.entries(value)) objectsOf(item, path ? `${path}.${key}` : key, out);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      objectsOf(item, `${path}[${i}]`, out);
    });
  }
  return out;
}

/** The object at a path such as `events[3]` or `article.sections[0].paragraphs[1]`. */
function at(doc, path) {
  if (path === '') return doc;
  return path.match(/[^.[\]]+/g).reduce((node, part) => node[/^\d+$/.test(part) ? Number(part) : part], doc);
}

test('an unknown field is refused in every object of the document, as the Rust reader refuses it', () => {
  const places = objectsOf(shipped).map(([path]) => path);
  assert.ok(places.length > 30, 'walked the whole document');
  for (const path of places) {
    const doc = clone(shipped);
    at(doc, path).signifcance_typo = 'x';
    const field = path ? `${path}.signifcance_typo` : 'signifcance_typo';
    assert.deepEqual(validate(schema, doc), [`${field}: unknown field`], `at ${path || 'the top'}`);
  }
});

test('the mistakes tests/native/dataset.rs refuses on shape are refused by the schema too', () => {
  /** @type {[string, (d: any) => void, string][]} */
  const cases = [
    [
      'a wrong type',
      (d) => {
        d.events[1].sort_key = 'soon';
      },
      'events[1].sort_key',
    ],
    [
      'a fractional sort_key',
      (d) => {
        d.events[1].sort_key = 1.5;
      },
      'events[1].sort_key',
    ],
    [
      'a blank headline',
      (d) => {
        d.article.headline = '   ';
      },
      'article.headline',
    ],
    [
      'an empty significance',
      (d) => {
        d.events[2].significance = '';
      },
      'events[2].significance',
    ],
    [
      'a blank date',
      (d) => {
        d.events[2].date = '\u00a0';
      },
      'events[2].date',
    ],
    [
      'a numeric date',
      (d) => {
        d.events[2].date = 2023;
      },
      'events[2].date',
    ],
    [
      'an id with a space',
      (d) => {
        d.events[0].id = 'has space';
      },
      'events[0].id',
    ],
    [
      'an accented paragraph id',
      (d) => {
        d.article.lede[0].id = 'pé';
      },
      'article.lede[0].id',
    ],
    [
      'a slug with capitals',
      (d) => {
        d.focus_areas[1].slug = 'Security-Justice';
      },
      'focus_areas[1].slug',
    ],
    [
      'a focus_area given as a label',
      (d) => {
        d.events[2].focus_area = 'Security/Justice';
      },
      'events[2].focus_area',
    ],
    [
      'an unknown section kind',
      (d) => {
        d.article.sections[0].kind = 'table';
      },
      'article.sections[0].kind',
    ],
    [
      'a future schema_version',
      (d) => {
        d.schema_version = 2;
      },
      'schema_version',
    ],
    [
      'no timeline section',
      (d) => {
        d.article.sections[1].kind = 'text';
      },
      'article.sections',
    ],
    [
      'two timeline sections',
      (d) => {
        d.article.sections[0].kind = 'timeline';
      },
      'article.sections',
    ],
    [
      'events not a list',
      (d) => {
        d.events = {};
      },
      'events',
    ],
  ];
  for (const [what, mutate, path] of cases) {
    const doc = clone(shipped);
    mutate(doc);
    const errors = validate(schema, doc);
    assert.ok(errors.length > 0 && errors.every((e) => e.startsWith(`${path}:`)), `${what}: ${JSON.stringify(errors)}`);
  }
  const ok = clone(shipped);
  ok.events[0].date = null;
  assert.deepEqual(validate(schema, ok), [], 'date may be null');
});

// ---------------------------------------------------------------------------
// The schema against the Rust reader's semantic checks. (Fields, required
// fields, types and enum values: tests/native/dataset_schema.rs, by behaviour.)

test('schema_version is the const SCHEMA_VERSION the app reads', () => {
  const declared = rust.match(/pub const SCHEMA_VERSION: u32 = (\d+);/);
  assert.ok(declared, 'src/dataset/types.rs declares SCHEMA_VERSION');
  const version = Number(declared[1]);
  assert.equal(schema.properties.schema_version.const, version);
});

/** Event fields that must name a slug / a paragraph id (the app checks they exist). */
const REFERENCES = ['focus_area', 'paragraph'];

test('what problems() requires non-blank, or an identifier, the schema requires too', () => {
  const { text, ids, formats } = checkedFieldNames();
  assert.deepEqual([...formats].sort(), ['date_published', 'language'], 'found the format checks in problems()');
  assert.ok(text.size >= 10 && ids.size >= 2, 'found the checks in problems()');
  assert.ok(objectSchemas.length >= 6, 'found the object schemas');
  const textPattern = schema.$defs.text.pattern;
  const idPattern = schema.$defs.identifier.pattern;
  for (const [objectName, objectSchema] of objectSchemas) {
    for (const [name, prop] of Object.entries(objectSchema.properties)) {
      const node = effective(prop);
      if (![node.type].flat().includes('string') || node.enum) continue;
      const where = `${objectName}.${name}`;
      if (ids.has(name)) {
        assert.ok([idPattern, schema.$defs.slug.pattern].includes(node.pattern), `${where}: identifier characters`);
      } else if (text.has(name)) {
        assert.equal(node.pattern, textPattern, `${where}: not blank`);
      } else if (formats.has(name)) {
        // Its own shape; the Rust test (dataset_schema.rs) checks the two agree.
        assert.equal(typeof node.pattern, 'string', `${where}: a pattern for its format`);
      } else if (!REFERENCES.includes(name)) {
        // Rust accepts any string here: so must the schema.
        assert.equal(node.pattern, undefined, `${where}: Rust does not check it, the schema must not either`);
        assert.equal(node.minLength, undefined, `${where}: Rust does not check it, the schema must not either`);
        continue;
      }
      assert.equal(node.minLength, 1, `${where}: not empty`);
    }
  }
  // The two references carry the pattern of what they point at (slugs,
  // paragraph ids); that they point at something real is the app's check.
  assert.match(rust, /format!\("\{path\}\.focus_area"\),\s*ProblemKind::UnknownFocusArea/);
  assert.match(rust, /format!\("\{path\}\.paragraph"\),\s*ProblemKind::UnknownParagraph/);
  assert.equal(schema.$defs.Event.properties.focus_area.pattern, schema.$defs.slug.pattern);
  assert.equal(schema.$defs.Event.properties.paragraph.pattern, idPattern);
});

test('"not blank" means what the app means: a character that is neither White_Space nor invisible', () => {
  // src/dataset/check.rs require_text: blank is is_whitespace() (Unicode
  // White_Space) or one of the zero-width characters it lists.
  const body = rust.slice(rust.indexOf('fn require_text'), rust.indexOf('fn is_identifier'));
  assert.match(body, /c\.is_whitespace\(\)/);
  const matched = body.match(/matches!\(c, ([^)]*)\)/);
  assert.ok(matched, 'require_text lists the invisible characters in a matches!');
  const listed = matched[1];
  assert.equal(listed, "'\\u{200B}'..='\\u{200D}' | '\\u{2060}' | '\\u{FEFF}'");
  const invisible = (cp) => (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff;
  const re = new RegExp(schema.$defs.text.pattern, 'u');
  const whiteSpace = /^\p{White_Space}$/u;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    if (re.test(s) === (whiteSpace.test(s) || invisible(cp))) {
      assert.fail(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}: the schema and the app disagree on blank`);
    }
  }
  assert.equal(schema.$defs.Event.properties.date.pattern, schema.$defs.text.pattern);
});

test('the identifier pattern accepts exactly what is_identifier() accepts', () => {
  const body = braced(rust, rust.indexOf('{', rust.indexOf('fn is_identifier(')));
  assert.match(body, /!id\.is_empty\(\)/);
  assert.match(body, /c\.is_ascii_alphanumeric\(\)/);
  const extra = [...body.matchAll(/c == '(.)'/g)].map((m) => m[1]);
  const rustAccepts = (c) => /^[A-Za-z0-9]$/.test(c) || extra.includes(c);
  const re = new RegExp(schema.$defs.identifier.pattern, 'u');
  assert.equal(re.test(''), false);
  for (let cp = 0; cp < 0x3000; cp++) {
    const c = String.fromCodePoint(cp);
    assert.equal(re.test(`a${c}b`), rustAccepts(c), `U+${cp.toString(16)}`);
  }
});

/** src/text.rs fold_case, ported: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals lowercased, 1:1. */
function foldCase(c) {
  const code = c.codePointAt(0);
  const inAny = (ranges) => ranges.some(([lo, hi]) => code >= lo && code <= hi);
  let folded = code;
  if (
    inAny([
      [0x41, 0x5a],
      [0xc0, 0xd6],
      [0xd8, 0xde],
      [0x391, 0x3a1],
      [0x3a3, 0x3ab],
      [0x410, 0x42f],
    ])
  )
    folded = code + 0x20;
  else if (inAny([[0x400, 0x40f]])) folded = code + 0x50;
  else if (
    inAny([
      [0x100, 0x12f],
      [0x132, 0x137],
      [0x14a, 0x177],
    ]) &&
    code % 2 === 0
  )
    folded = code + 1;
  else if (
    inAny([
      [0x139, 0x148],
      [0x179, 0x17e],
    ]) &&
    code % 2 === 1
  )
    folded = code + 1;
  else if (code === 0x178) folded = 0xff;
  return String.fromCodePoint(folded);
}

/** src/text.rs slugify, ported: Unicode letters and numbers kept, case-folded, other runs made one "-". */
function slugify(label) {
  let slug = '';
  let pendingDash = false;
  for (const c of label) {
    if (/[\p{Alphabetic}\p{N}]/u.test(c)) {
      if (pendingDash && slug) slug += '-';
      pendingDash = false;
      slug += foldCase(c);
    } else pendingDash = true;
  }
  return slug;
}

test('the slug pattern is exactly the slugs the app can accept (identifier and slugify(label))', () => {
  assert.match(textRust, /pub fn slugify[\s\S]*?c\.is_alphanumeric\(\)[\s\S]*?fold_case\(c\)/);
  const re = new RegExp(schema.$defs.slug.pattern, 'u');
  const isIdentifier = new RegExp(schema.$defs.identifier.pattern, 'u');
  for (const area of shipped.focus_areas) assert.equal(area.slug, slugify(area.label), area.label);
  const labels = [
    'Security/Justice',
    'Legal/Border Control',
    '  Peace & Security  ',
    'UN--EU',
    'A_B',
    'Phase 2',
    '2024',
    'Sécurité',
    'Ωmega',
    '\u212a',
    '///',
    '',
    'x',
    'Rule-of-Law',
    'K-FOR / EULEX',
  ];
  for (const label of labels) {
    const slug = slugify(label);
    assert.equal(re.test(slug), isIdentifier.test(slug), `${JSON.stringify(label)} -> ${JSON.stringify(slug)}`);
  }
  for (const slug of ['a', 'security-justice', 'phase-2', 'a1-b2-c3']) {
    assert.ok(re.test(slug));
    assert.equal(slugify(slug), slug, `${slug} is its own label's slug`);
  }
  for (const slug of ['-a', 'a-', 'a--b', 'A', 'a_b', 'é']) assert.equal(re.test(slug), false, slug);
});

test('the language and date patterns take exactly what the app takes', () => {
  // The samples and the app's verdicts are those of tests/native/dataset.rs.
  const rust = read('tests/native/dataset.rs');
  /** @type {(name: string) => [string, boolean][]} */
  const samples = (name) =>
    [
      ...rust
        .slice(rust.indexOf(`pub const ${name}`))
        .split('];')[0]
        .matchAll(/\("([^"]*)", (true|false)\)/g),
    ].map((m) => [m[1], m[2] === 'true']);
  const article = schema.$defs.Article.properties;
  for (const [field, name] of [
    ['language', 'LANGUAGES'],
    ['date_published', 'DATES'],
  ]) {
    const list = samples(name);
    assert.ok(list.length >= 6, `found the ${name} samples`);
    const re = new RegExp(article[field].pattern, 'u');
    for (const [value, ok] of list) assert.equal(re.test(value), ok, `${field}: ${JSON.stringify(value)}`);
  }
});
