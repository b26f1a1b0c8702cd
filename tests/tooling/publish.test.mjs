// The editors' publish command (scripts/publish.mjs), with the real page
// renderer (the Rust binary render-page, built here if missing), on small
// built folders. Run: node --test tests/tooling/publish.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PUBLISH = join(ROOT, 'scripts', 'publish.mjs');
const RENDERER = join(ROOT, 'target', 'debug', 'render-page');
const SHIPPED = JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'briefing.json'), 'utf8'));

before(() => {
  // Quick when `cargo test` or a build made it already.
  const built = spawnSync('cargo', ['build', '--quiet', '--locked', '--bin', 'render-page'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  assert.equal(built.status, 0, 'the page renderer builds');
});

function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'publish-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A built site as the post-build hook leaves it, served under `base`. */
function builtSite(t, { base = '/', canonical = null } = {}) {
  const dir = tempDir(t);
  const head = canonical ? `<link rel="canonical" href="${canonical}">` : '<title>Old</title>';
  const files = {
    'index.html': `<!doctype html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
<meta charset="utf-8">
<base href="${base}">
<!-- kb:head -->
${head}
<!-- /kb:head -->
<link rel="stylesheet" href="${base}style-0123456789abcdef.css">
</head>
<body>
<!-- kb:body -->
<main id="main"><h1>The old headline</h1></main>
<!-- /kb:body -->
</body>
</html>
`,
    'sw.js': 'const VERSION = "0123456789abcdef";\nconst PRECACHE = ["index.html"];\n',
    'data/briefing.json': JSON.stringify(SHIPPED),
    'style-0123456789abcdef.css': 'body{margin:0}\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** Every file of `dir` and its bytes. */
function snapshot(dir, prefix = '') {
  const out = {};
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) Object.assign(out, snapshot(dir, rel));
    else out[rel] = readFileSync(join(dir, rel)).toString('base64');
  }
  return out;
}

function writeDataset(t, change) {
  const data = structuredClone(SHIPPED);
  change(data);
  const file = join(tempDir(t), 'briefing.json');
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

function publish(args) {
  return spawnSync(process.execPath, [PUBLISH, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KB_RENDER_PAGE: RENDERER },
  });
}

const versionOf = (dir) => {
  const found = readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]{16})";/);
  assert.ok(found, `${dir}/sw.js names its version`);
  return found[1];
};

test('a good file: the dataset, the first HTML, the link preview and a new worker version', (t) => {
  const site = builtSite(t);
  const dataset = writeDataset(t, (d) => {
    d.article.headline = 'A headline published by an editor';
  });
  const run = publish(['--dataset', dataset, '--dist', site]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Published .* \(version 0123456789abcdef -> [0-9a-f]{16}\)/);
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.match(html, /<h1>A headline published by an editor<\/h1>/);
  assert.match(html, /<title>A headline published by an editor<\/title>/);
  assert.doesNotMatch(
    html,
    /The old headline|<title>Old<\/title>/,
    'the old first HTML is gone, not kept beside the new',
  );
  const ldScript = html.match(/<script type="application\/ld\+json">([^<]*)<\/script>/);
  assert.ok(ldScript, 'the page has its JSON-LD');
  const ld = JSON.parse(ldScript[1]);
  assert.equal(ld.headline, 'A headline published by an editor');
  assert.deepEqual(
    JSON.parse(readFileSync(join(site, 'data', 'briefing.json'), 'utf8')).article.headline,
    'A headline published by an editor',
  );
  assert.notEqual(versionOf(site), '0123456789abcdef');
  assert.match(
    readFileSync(join(site, 'sw.js'), 'utf8'),
    /const PRECACHE = \["index.html"\];/,
    'the rest of the worker as it was',
  );
  assert.equal(
    readFileSync(join(site, 'style-0123456789abcdef.css'), 'utf8'),
    'body{margin:0}\n',
    'nothing else touched',
  );
});

test('publishing the same file twice gives the same page and worker', (t) => {
  const site = builtSite(t);
  const dataset = writeDataset(t, () => {});
  assert.equal(publish(['--dataset', dataset, '--dist', site]).status, 0);
  const first = snapshot(site);
  assert.equal(publish(['--dataset', dataset, '--dist', site]).status, 0);
  const second = snapshot(site);
  assert.equal(second['index.html'], first['index.html']);
  assert.notEqual(versionOf(site), '0123456789abcdef');
});

test('a bad file: refused with the field and the place, and the built folder exactly as it was', (t) => {
  const site = builtSite(t);
  const before = snapshot(site);
  for (const [change, said] of /** @type {[(d: any) => unknown, RegExp][]} */ ([
    [(d) => delete d.events[2].significance, /the required field events\[2\]\.significance is missing/],
    [(d) => (d.events[0].focus_area = 'economy'), /events\[0\]\.focus_area names an unknown focus area “economy”/],
    [(d) => (d.article.language = 'not a language'), /article\.language should be a language tag/],
  ])) {
    const run = publish(['--dataset', writeDataset(t, change), '--dist', site]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, said);
    assert.match(run.stderr, /Nothing was published/);
    assert.deepEqual(snapshot(site), before);
  }
  const notJson = join(tempDir(t), 'briefing.json');
  writeFileSync(notJson, '{"schema_version": 1, "article": ');
  const run = publish(['--dataset', notJson, '--dist', site]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /not valid JSON .* line 1, column \d+/);
  assert.deepEqual(snapshot(site), before);
});

test('a sub-path build: the link preview names its image under the path; the origin gives absolute URLs', (t) => {
  const site = builtSite(t, { base: '/kosovo/' });
  const dataset = writeDataset(t, () => {});
  assert.equal(publish(['--dataset', dataset, '--dist', site]).status, 0);
  let html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.match(html, /<meta property="og:image" content="\/kosovo\/icons\/icon-512\.png">/);
  assert.doesNotMatch(html, /rel="canonical"|og:url/, 'no absolute URL without the origin');

  assert.equal(publish(['--dataset', dataset, '--dist', site, '--origin', 'https://example.org']).status, 0);
  html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.match(html, /<link rel="canonical" href="https:\/\/example\.org\/kosovo\/">/);
  assert.match(html, /<meta property="og:url" content="https:\/\/example\.org\/kosovo\/">/);
  assert.match(html, /<meta property="og:image" content="https:\/\/example\.org\/kosovo\/icons\/icon-512\.png">/);
  // A later publish without --origin keeps the origin the page names.
  assert.equal(publish(['--dataset', dataset, '--dist', site]).status, 0);
  assert.match(
    readFileSync(join(site, 'index.html'), 'utf8'),
    /<link rel="canonical" href="https:\/\/example\.org\/kosovo\/">/,
  );

  const wrong = publish(['--dataset', dataset, '--dist', site, '--origin', 'https://example.org/kosovo']);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /just a scheme and a host/);
});

test('a dataset the editor changed in the built folder itself is published in place', (t) => {
  const site = builtSite(t);
  const inPlace = join(site, 'data', 'briefing.json');
  const data = structuredClone(SHIPPED);
  data.article.headline = 'Edited in the built folder';
  writeFileSync(inPlace, JSON.stringify(data));
  const run = publish(['--dataset', inPlace, '--dist', site]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(readFileSync(join(site, 'index.html'), 'utf8'), /<h1>Edited in the built folder<\/h1>/);
});

test('--check only says whether a file is right, and writes nothing', (t) => {
  const good = publish(['--check', '--dataset', join(ROOT, 'public', 'data', 'briefing.json')]);
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /the dataset is right/);
  const bad = publish(['--check', '--dataset', writeDataset(t, (d) => delete d.article.headline)]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /the required field article\.headline is missing/);
});

test('a folder that is not a built site is refused', (t) => {
  const run = publish(['--dataset', join(ROOT, 'public', 'data', 'briefing.json'), '--dist', tempDir(t)]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /is not a built site/);
});

test("the shipped dataset's JSON-LD block cannot be closed early by the data", (t) => {
  const site = builtSite(t);
  const dataset = writeDataset(t, (d) => {
    d.article.description = 'Ends here </script><script>alert(1)</script>';
  });
  assert.equal(publish(['--dataset', dataset, '--dist', site]).status, 0);
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.equal(html.split('<script').length - 1, 1, 'one script element: the JSON-LD');
  const ldScript = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  assert.ok(ldScript, 'the page has its JSON-LD');
  const ld = JSON.parse(ldScript[1]);
  assert.equal(ld.description, 'Ends here </script><script>alert(1)</script>');
  assert.match(
    html,
    /<meta name="description" content="Ends here &lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;">/,
  );
});

// A real build published and served in a browser: tests/e2e/first-html.test.mjs.
