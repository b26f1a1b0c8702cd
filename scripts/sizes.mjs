#!/usr/bin/env node
// Prints the size of every file of a build: raw, gzip (level 9) and brotli
// (quality 11) bytes, and the brotli total of what a first page load needs
// to run the app (HTML + JS + WASM + CSS).
//
//   node scripts/sizes.mjs                 # table for dist/
//   node scripts/sizes.mjs --dir dist-kosovo
//   node scripts/sizes.mjs --check         # also fail if the total is over
//                                          # scripts/budget.json's brotli_total_max_bytes,
//                                          # or the first HTML (index.html + CSS)
//                                          # over its first_html_max_bytes
//   node scripts/sizes.mjs --json          # machine-readable output
//
// As a module: `measureBuild(dir)` measures a build folder without printing
// (bench/run.mjs uses it, so both count bytes by the same rule).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The files a first page load needs to run the app: HTML, JS, WASM and CSS. */
export const COUNTED = new Set(['.html', '.js', '.mjs', '.wasm', '.css']);

function parseArgs(argv) {
  const o = {
    dir: path.join(repoRoot, 'dist'),
    check: false,
    json: false,
    budget: path.join(repoRoot, 'scripts', 'budget.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') o.check = true;
    else if (a === '--json') o.json = true;
    else if (a === '--dir') o.dir = path.resolve(argv[++i]);
    else if (a === '--budget') o.budget = path.resolve(argv[++i]);
    else {
      console.error(`sizes.mjs: unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

function walk(dir) {
  const out = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) out.push(...walk(p));
    else if (ent.isFile()) out.push(p);
  }
  return out;
}

export function measure(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

/**
 * Measure every file below `dir` (raw, gzip -9, brotli q11). Returns
 * `{ files, totals }`: `files` is one row per file, `{ file, counted, raw,
 * gzip, brotli }` (`file` relative to `dir` with `/` separators, `counted`
 * when it is HTML, JS, WASM or CSS), largest brotli first; `totals.all` sums
 * every file, `totals.app` the counted ones, `totals.firstHtml` index.html
 * and the stylesheet (what the article needs to be read).
 */
export function measureBuild(dir) {
  const files = walk(dir)
    .map((file) => {
      const rel = path.relative(dir, file).split(path.sep).join('/');
      const ext = path.extname(file).toLowerCase();
      return { file: rel, counted: COUNTED.has(ext), ...measure(fs.readFileSync(file)) };
    })
    .sort((a, b) => b.brotli - a.brotli || a.file.localeCompare(b.file));
  const sum = (list, k) => list.reduce((s, r) => s + r[k], 0);
  const counted = files.filter((r) => r.counted);
  // What the reader needs to read the article: the page and its stylesheet.
  const firstHtml = files.filter((r) => r.file === 'index.html' || (r.counted && r.file.endsWith('.css')));
  const totals = {
    all: { raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), brotli: sum(files, 'brotli') },
    app: { raw: sum(counted, 'raw'), gzip: sum(counted, 'gzip'), brotli: sum(counted, 'brotli') },
    firstHtml: { raw: sum(firstHtml, 'raw'), gzip: sum(firstHtml, 'gzip'), brotli: sum(firstHtml, 'brotli') },
  };
  return { files, totals };
}

function fmt(n) {
  return n.toLocaleString('en-US');
}

function main(argv) {
  const opts = parseArgs(argv);
  if (!fs.existsSync(opts.dir)) {
    console.error(`sizes.mjs: ${path.relative(process.cwd(), opts.dir) || opts.dir} does not exist (build first)`);
    process.exit(1);
  }

  const { files: rows, totals } = measureBuild(opts.dir);

  let budget = null;
  let firstHtmlBudget = null;
  if (opts.check) {
    const limits = JSON.parse(fs.readFileSync(opts.budget, 'utf8'));
    budget = limits.brotli_total_max_bytes;
    firstHtmlBudget = limits.first_html_max_bytes;
    for (const [key, value] of Object.entries({
      brotli_total_max_bytes: budget,
      first_html_max_bytes: firstHtmlBudget,
    })) {
      if (!Number.isInteger(value) || value <= 0) {
        console.error(`sizes.mjs: ${opts.budget} has no positive integer ${key}`);
        process.exit(2);
      }
    }
  }

  if (opts.json) {
    console.log(JSON.stringify({ dir: opts.dir, files: rows, totals, budget }, null, 2));
  } else {
    const w = Math.max(4, ...rows.map((r) => r.file.length));
    const line = (a, b, c, d) => `${a.padEnd(w)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d.padStart(10)}`;
    console.log(line('file', 'raw', 'gzip', 'brotli'));
    for (const r of rows) console.log(line(r.file + (r.counted ? ' *' : ''), fmt(r.raw), fmt(r.gzip), fmt(r.brotli)));
    console.log(line('all files', fmt(totals.all.raw), fmt(totals.all.gzip), fmt(totals.all.brotli)));
    console.log(line('* HTML+JS+WASM+CSS', fmt(totals.app.raw), fmt(totals.app.gzip), fmt(totals.app.brotli)));
    console.log(
      line(
        'first HTML (index.html+CSS)',
        fmt(totals.firstHtml.raw),
        fmt(totals.firstHtml.gzip),
        fmt(totals.firstHtml.brotli),
      ),
    );
  }

  if (opts.check) {
    let over = false;
    if (totals.app.brotli > budget) {
      console.error(
        `sizes: FAIL: HTML+JS+WASM+CSS is ${fmt(totals.app.brotli)} bytes brotli, over the budget of ${fmt(budget)} (scripts/budget.json)`,
      );
      over = true;
    } else {
      console.log(
        `sizes: ok: HTML+JS+WASM+CSS is ${fmt(totals.app.brotli)} bytes brotli, within the budget of ${fmt(budget)}`,
      );
    }
    if (totals.firstHtml.brotli > firstHtmlBudget) {
      console.error(
        `sizes: FAIL: the first HTML (index.html and CSS) is ${fmt(totals.firstHtml.brotli)} bytes brotli, over its budget of ${fmt(firstHtmlBudget)} (scripts/budget.json)`,
      );
      over = true;
    } else {
      console.log(
        `sizes: ok: the first HTML (index.html and CSS) is ${fmt(totals.firstHtml.brotli)} bytes brotli, within its budget of ${fmt(firstHtmlBudget)}`,
      );
    }
    if (over) process.exit(1);
  }
}

// The CLI runs only when this file is the program, not when it is imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
