#!/usr/bin/env node
// Lighthouse (npm lighthouse 12.2.3, pinned in package.json) against the
// release build, with Debian Chromium. Run through scripts/lighthouse.sh.
//
//   node scripts/lighthouse.mjs [--dist DIR] [--base /sub/path/] [--runs N] [--check] [--compress]
//
// Serves DIR (default dist/) under --base (default /) with
// scripts/server.mjs on 127.0.0.1 (a free port), runs Lighthouse N times (default 3) with the mobile preset
// (Lighthouse's default: emulated phone, 4x CPU slowdown, slow 4G) and N times
// with `--preset=desktop`, and prints per preset the median score of
// performance, accessibility, best practices and SEO, and the median total
// blocking time, largest contentful paint and cumulative layout shift.
// The JSON reports go to a temporary folder (printed), never the repository.
//
// scripts/server.mjs sends files uncompressed by default, and
// Lighthouse's mobile simulation (slow 4G) charges every byte. --compress
// starts it with `compress: true`: it answers with brotli (or gzip) when the
// client accepts it, as a production host should (text compression is the
// host's job): run both to see what compression is worth.
//
// Exit status: 0 once every run produced a report (scores are reported, not
// judged); 1 if Lighthouse failed or produced no usable report; with --check,
// also 1 if a median misses the thresholds of issue 12 (accessibility, best
// practices and SEO 100 in both presets, performance 100 on desktop and at
// least 98 on mobile).
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';
import { startServer } from './server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Lighthouse's chrome-launcher finds the browser through $CHROME_PATH
// (scripts/lighthouse.sh sets it); otherwise the browser tests' Chromium.
const CHROME_PATH = process.env.CHROME_PATH || CHROMIUM;
const CHROME_FLAGS = ['--headless', ...CHROMIUM_ARGS];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const THRESHOLDS = {
  mobile: { performance: 98, accessibility: 100, 'best-practices': 100, seo: 100 },
  desktop: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
};
/** One Lighthouse run may take this long before it is stopped. */
const RUN_TIMEOUT_MS = 5 * 60_000;

function parseArgs(argv) {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      dist: { type: 'string' },
      base: { type: 'string', default: '/' },
      runs: { type: 'string', default: '3' },
      check: { type: 'boolean', default: false },
      compress: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: scripts/lighthouse.sh [--dist DIR] [--base /sub/path/] [--runs N] [--check] [--compress]');
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 15) throw new Error('--runs must be 1 to 15');
  return {
    dist: path.resolve(values.dist ?? path.join(REPO, 'dist')),
    base: values.base,
    runs,
    check: values.check,
    compress: values.compress,
  };
}

function median(values) {
  const s = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run the locally installed Lighthouse once; resolves with its exit code and stderr tail. */
function runLighthouse(url, outPath, preset) {
  const args = [
    '--no-install',
    'lighthouse',
    url,
    '--output=json',
    `--output-path=${outPath}`,
    `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
    '--quiet',
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  return new Promise((resolve) => {
    const child = spawn('npx', args, {
      cwd: REPO,
      env: { ...process.env, CHROME_PATH },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${RUN_TIMEOUT_MS / 1000} s)`;
      child.kill('SIGTERM');
    }, RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stderr: String(e) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code === null ? `signal ${signal}` : code, stderr });
    });
  });
}

function readReport(file) {
  const lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (lhr.runtimeError?.code) {
    throw new Error(`Lighthouse runtime error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  }
  const scores = {};
  for (const c of CATEGORIES) {
    const cat = lhr.categories[c];
    scores[c] = cat && cat.score !== null && cat.score !== undefined ? Math.round(cat.score * 100) : NaN;
  }
  const num = (id) => (lhr.audits[id] ? lhr.audits[id].numericValue : NaN);
  // What cost points, for the reader of the output.
  const failing = [];
  for (const c of CATEGORIES) {
    for (const ref of lhr.categories[c]?.auditRefs || []) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0) continue;
      if (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric') {
        if (a.score !== null && a.score < 1)
          failing.push(`${c}: ${a.id} (${a.score})${a.displayValue ? ` ${a.displayValue}` : ''}`);
      }
    }
  }
  const items = (id) => lhr.audits[id]?.details?.items || [];
  const mainThread = items('mainthread-work-breakdown').map((i) => ({ label: i.groupLabel, ms: i.duration }));
  const bootup = items('bootup-time').map((i) => ({ url: i.url, total: i.total, scripting: i.scripting }));
  const longTasks = items('long-tasks').map((i) => ({ url: i.url, start: i.startTime, ms: i.duration }));
  const requests = items('network-requests').map((i) => ({ url: i.url, bytes: i.transferSize, end: i.networkEndTime }));
  return {
    mainThread,
    bootup,
    longTasks,
    requests,
    scores,
    tbt: num('total-blocking-time'),
    lcp: num('largest-contentful-paint'),
    fcp: num('first-contentful-paint'),
    cls: num('cumulative-layout-shift'),
    failing,
    warnings: lhr.runWarnings || [],
    version: lhr.lighthouseVersion,
    userAgent: lhr.environment?.hostUserAgent,
  };
}

/**
 * Request every file of the build once with each encoding, so the server's
 * cache of compressed bodies is warm: the compression time is paid once, not
 * on each of Lighthouse's loads.
 */
async function warmCompressionCache(baseUrl, dist) {
  const walk = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(dist)) {
    const rel = path.relative(dist, file).split(path.sep).map(encodeURIComponent).join('/');
    for (const enc of ['br', 'gzip']) {
      await new Promise((resolve) => {
        const req = http.get(baseUrl + rel, { headers: { 'accept-encoding': enc } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', resolve);
        req.setTimeout(30_000, () => req.destroy());
      });
    }
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`lighthouse: ${e.message}`);
    process.exit(2);
  }
  const rel = path.relative(process.cwd(), opts.dist) || opts.dist;
  if (!fs.existsSync(path.join(opts.dist, 'index.html'))) {
    console.error(
      `lighthouse: ${rel}/index.html not found: build the release first with scripts/test.sh or scripts/build.sh`,
    );
    process.exit(1);
  }
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lighthouse-'));
  const server = await startServer({ root: opts.dist, base: opts.base, compress: opts.compress });
  const url = server.url;
  if (opts.compress) await warmCompressionCache(url, opts.dist);
  console.error(
    `lighthouse: serving ${rel} at ${url}${opts.compress ? ' (brotli/gzip)' : ' (uncompressed)'}; reports in ${outDir}`,
  );
  const results = { mobile: [], desktop: [] };
  const errors = [];
  try {
    for (const preset of ['mobile', 'desktop']) {
      for (let i = 1; i <= opts.runs; i++) {
        const out = path.join(outDir, `${preset}-${i}.json`);
        const t0 = Date.now();
        const { code, stderr } = await runLighthouse(url, out, preset);
        if (code !== 0 || !fs.existsSync(out)) {
          errors.push(`${preset} run ${i}: lighthouse exited with ${code}\n${stderr.trim()}`);
          console.error(`lighthouse: ${preset} run ${i} FAILED (exit ${code})`);
          continue;
        }
        try {
          const r = readReport(out);
          results[preset].push(r);
          console.error(
            `lighthouse: ${preset} run ${i}/${opts.runs} (${((Date.now() - t0) / 1000).toFixed(0)} s): ` +
              CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(', ') +
              `; TBT ${r.tbt.toFixed(0)} ms, LCP ${r.lcp.toFixed(0)} ms, CLS ${r.cls.toFixed(3)}`,
          );
        } catch (e) {
          errors.push(`${preset} run ${i}: ${e.message}`);
        }
      }
    }
  } finally {
    await server.close();
  }

  const any = results.mobile[0] || results.desktop[0];
  console.log('');
  console.log(
    `Lighthouse ${any ? any.version : '?'} on ${rel}, ${opts.compress ? 'served with brotli/gzip' : 'served uncompressed'} (${CHROME_PATH}${any?.userAgent ? `, ${(any.userAgent.match(/Chrome\/[\d.]+/) || [''])[0]}` : ''}), median of ${opts.runs} runs per preset`,
  );
  const head = ['preset', 'runs', 'performance', 'accessibility', 'best-practices', 'seo', 'TBT', 'LCP', 'FCP', 'CLS'];
  const table = [head];
  const medians = {};
  for (const preset of ['mobile', 'desktop']) {
    const rs = results[preset];
    const m = {};
    for (const c of CATEGORIES) m[c] = median(rs.map((r) => r.scores[c]));
    m.tbt = median(rs.map((r) => r.tbt));
    m.lcp = median(rs.map((r) => r.lcp));
    m.fcp = median(rs.map((r) => r.fcp));
    m.cls = median(rs.map((r) => r.cls));
    medians[preset] = m;
    const f = (x, d = 0, unit = '') => (Number.isFinite(x) ? x.toFixed(d) + unit : '—');
    table.push([
      preset,
      String(rs.length),
      f(m.performance),
      f(m.accessibility),
      f(m['best-practices']),
      f(m.seo),
      f(m.tbt, 0, ' ms'),
      f(m.lcp, 0, ' ms'),
      f(m.fcp, 0, ' ms'),
      f(m.cls, 3),
    ]);
  }
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const [k, r] of table.entries()) {
    console.log(r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }

  // What kept a score below 100, as seen in any run (deduplicated).
  for (const preset of ['mobile', 'desktop']) {
    const seen = new Map();
    for (const r of results[preset]) for (const f of r.failing) seen.set(f.replace(/ \(.*$/, ''), f);
    if (seen.size) {
      console.log('');
      console.log(`${preset}: audits below full marks in at least one run:`);
      for (const f of seen.values()) console.log(`  ${f}`);
    }
    const warns = new Set(results[preset].flatMap((r) => r.warnings));
    for (const w of warns) console.log(`${preset}: run warning: ${w}`);
  }
  // Where the time goes, in the run with the median performance score.
  for (const preset of ['mobile', 'desktop']) {
    const rs = [...results[preset]].sort((a, b) => a.scores.performance - b.scores.performance);
    const r = rs[(rs.length - 1) >> 1];
    if (!r) continue;
    const kB = (b) => `${(b / 1000).toFixed(1)} kB`;
    console.log('');
    console.log(
      `${preset} (median run): main thread ${r.mainThread.map((m) => `${m.label} ${m.ms.toFixed(0)} ms`).join(', ')}`,
    );
    console.log(
      `${preset} (median run): long tasks ${r.longTasks.map((t) => `${t.ms.toFixed(0)} ms at ${t.start.toFixed(0)} ms (${path.basename(t.url) || t.url})`).join(', ') || 'none'}`,
    );
    console.log(
      `${preset} (median run): requests ${r.requests.map((q) => `${path.basename(new URL(q.url).pathname) || '/'} ${kB(q.bytes)}`).join(', ')}`,
    );
  }
  console.log('');
  console.log(`JSON reports: ${outDir}`);

  if (errors.length) {
    console.error('');
    for (const e of errors) console.error(`lighthouse: ${e}`);
    process.exit(1);
  }
  if (opts.check) {
    const misses = [];
    for (const preset of ['mobile', 'desktop']) {
      for (const [c, min] of Object.entries(THRESHOLDS[preset])) {
        const v = medians[preset][c];
        if (!(v >= min)) misses.push(`${preset} ${c} ${Number.isFinite(v) ? v : '—'} < ${min}`);
      }
    }
    if (misses.length) {
      console.error(`lighthouse: --check FAILED: ${misses.join('; ')}`);
      process.exit(1);
    }
    console.log('lighthouse: --check ok: every median meets the thresholds of issues 6 and 12');
  }
}

await main();
