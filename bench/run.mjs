#!/usr/bin/env node
// Every benchmark of Kosovo Briefing, in one command, printed as one table.
//
//   node bench/run.mjs                    # against the release build in dist/
//   node bench/run.mjs --dist DIR         # another build folder
//   node bench/run.mjs --only bytes,timeline   # a subset (bytes, cold,
//                                         # offline, timeline, comments,
//                                         # interactive)
//   node bench/run.mjs --json FILE        # also write every sample as JSON
//   node bench/run.mjs --baseline DIR     # the cold, offline and interactive
//                                         # loads of another build too,
//                                         # interleaved with this one's, and
//                                         # the ratios of their medians
//
// It needs a release build first (`scripts/test.sh` or `scripts/build.sh`);
// it never builds. It serves the build with scripts/server.mjs on
// 127.0.0.1 (a free port) and drives headless Debian Chromium
// (/usr/bin/chromium, the browser tests' launch flags from
// scripts/chromium.mjs) with playwright-core.
//
// What it measures (times in ms, one decimal; "→ DOM" and "→ paint" are taken
// inside the page with performance.now()):
//   bytes      HTML+JS+WASM+CSS of the build: raw, gzip -9, brotli q11
//              (the same rule as scripts/sizes.mjs).
//   cold       fresh context, navigation start → h1 visible, → the first
//              event of "Timeline events" visible, → the largest contentful
//              paint (the last LCP entry), and → the app has taken the built
//              page over (<html data-app="ready">; — for a build without a
//              first HTML, whose content is the app's). Median of 5. Also the
//              first HTML's bytes: index.html + CSS brotli, target 14 kB, so
//              that the article reads after the first round trips.
//   offline    one online load, wait for the service worker to control the
//              page, cut the network (context.setOffline) and reload:
//              navigation start → h1 and → first timeline event. Median of 5.
//   timeline   a copy of the build whose data/briefing.json has 5,000 events
//              (the real ones cloned round-robin, ids "<id>-n<k>", increasing
//              sort_key); service workers blocked. (i) a focus-toggle click
//              (capture-phase click listener) → the DOM updated (status text
//              changed and the last mutation of the timeline before the next
//              frame) → the next painted frame (requestAnimationFrame +
//              setTimeout 0 after the last mutation), alternating on/off;
//              (ii) one real keystroke in "Search timeline" (from its keydown,
//              capture phase), alternating typing and deleting one character
//              that changes the match count. 16 of each (8 each way), with
//              the medians of each way too. Targets: 16 ms to the DOM, 100 ms
//              to the paint.
//   comments   localStorage pre-filled (init script) with 2,000 valid comments
//              (a fifth of them replies). Load: time to the first page (the
//              newest 50 conversations) of `article.comment` in the DOM from the app's
//              comments section's first appearance (not the one the build wrote into
//              index.html; target 200 ms; 0 means the section and its
//              comments arrive in one pass) and from navigation start, beside
//              the same load with no comments; their difference is the cost
//              of the 2,000 comments (also held to 200 ms). Median of 5 each.
//              Then 10 posts: click on "Post comment" → the new comment's
//              article in the DOM (target 16 ms) → the next paint (100 ms).
//   interactive
//              time to interactive, on this machine ("desk") and on a "phone"
//              (through the page's DevTools session: 150 ms of latency,
//              1.6 Mbit/s down, 750 kbit/s up, a CPU slowed 4×), the files
//              served with brotli (its own servers, scripts/server.mjs
//              `compress`; the other loads get them uncompressed), fresh
//              contexts, service workers blocked. Navigation start → the first
//              timeline event visible (as in cold), → the first focus toggle
//              (in "Filter by focus area", the first button[aria-pressed] not
//              "All…") answers a click: from the first frame that shows it
//              after that, it is tapped every 100 ms (trusted input at its
//              place, whichever element holds the place then) until it is
//              pressed or the timeline's status ("9 of 9 events") changes, the
//              time taken in the page; and → the app started (— for a page
//              that does not say so). Median of 5. The first event counts once
//              laid out, which a late stylesheet can put well before the first
//              paint (--json keeps the first paint, and the first frame that
//              showed the toggle).
//
// Rows indented "of which … (LoAF)" split the long animation frames of an
// interaction (Chromium's Long Animation Frames API) into script and the rest
// of the frame's main-thread time (style, layout tree, layout, paint
// preparation): where the time goes, not a target.
//
// Console errors, uncaught page errors and CSP violations seen on the way are
// listed after the table; so are, from interactive, a text file sent without
// brotli, a file downloaded twice in one load and a click beside the toggle.
// Exit status: 0 when every benchmark ran (whether or not targets are met),
// 1 when the build is missing or a benchmark failed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCliArgs } from 'node:util';
import { startServer } from '../scripts/server.mjs';
import { launchChromium } from '../scripts/chromium.mjs';
import { measureBuild } from '../scripts/sizes.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['bytes', 'cold', 'offline', 'timeline', 'comments', 'interactive'];

const COLD_RUNS = 5;
const OFFLINE_RUNS = 5;
const TIMELINE_EVENTS = 5000;
// The timeline renders the first page of matching events and a "Show more"
// button; the status always counts every match ("1112 of 5000 events").
/** Interactions of each kind: on/off (or type/delete) alternate, so an even number. */
const TIMELINE_REPS = 16;
/**
 * One timeline interaction's samples, in ms (and the status texts it showed).
 * @typedef {{ dom: number[], status: number[], paint: number[], statuses: string[], script: number[], rendering: number[] }} Samples
 */
const COMMENTS = 2000;
// The app renders the newest conversations a page at a time (src/comments.rs
// THREADS_PER_PAGE); the load is timed to that first page being in the DOM.
const THREADS_PER_PAGE = 50;

/** How many `article.comment` the first page of `doc` holds (newest first). */
function firstPageCount(doc) {
  const key = (c) => [c.created_at, c.id];
  const newer = (a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0);
  const top = doc.comments
    .filter((c) => !c.parent)
    .sort(newer)
    .slice(0, THREADS_PER_PAGE);
  const ids = new Set(top.map((c) => c.id));
  return top.length + doc.comments.filter((c) => c.parent && ids.has(c.parent)).length;
}
const COMMENT_LOAD_RUNS = 5;
const COMMENT_POSTS = 10;
const INTERACTIVE_RUNS = 5;
/** How often the first focus toggle is clicked until it answers (the issue's definition). */
const INTERACTIVE_CLICK_MS = 100;
// The phone of `interactive`: 150 ms of latency, 1.6 Mbit/s down and
// 750 kbit/s up (in bytes per second), a CPU 4 times slower than this one.
const PHONE = {
  network: {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  },
  cpuSlowdown: 4,
};
/** Bound for any single wait in the page. */
const WAIT_MS = 30_000;
/** The whole run is killed past this. */
const WATCHDOG_MS = 20 * 60_000;

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      dist: { type: 'string' },
      baseline: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`usage: node bench/run.mjs [--dist DIR] [--baseline DIR] [--only ${ALL.join(',')}] [--json FILE]`);
    process.exit(0);
  }
  const only =
    values.only === undefined
      ? ALL
      : values.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const bad = only.filter((s) => !ALL.includes(s));
  if (bad.length) throw new Error(`unknown benchmark(s) ${bad.join(', ')}; known: ${ALL.join(', ')}`);
  return {
    dist: path.resolve(values.dist ?? path.join(REPO, 'dist')),
    baseline: values.baseline === undefined ? null : path.resolve(values.baseline),
    only,
    json: values.json === undefined ? null : path.resolve(values.json),
  };
}

// ---------------------------------------------------------------------------
// Statistics and the table

function quantile(sorted, q) {
  // Nearest rank: the smallest sample with at least q of them at or below it.
  if (!sorted.length) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function median(sorted) {
  if (!sorted.length) return NaN;
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

function stats(samples) {
  const s = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return { n: s.length, median: median(s), p90: quantile(s, 0.9), min: s[0], max: s[s.length - 1] };
}

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '—');
const bytes = (x) => (Number.isFinite(x) ? `${x.toLocaleString('en-US')} B` : '—');

/** Rows of the final table: {name, median, p90, min, max, n, target, ok}. */
const rows = [];
/** Every raw sample, for --json. */
const raw = {};
/** Problems seen in pages: console errors, uncaught errors, CSP violations. */
const problems = [];
/** Benchmarks that could not run. */
const failures = [];

function timeRow(name, samples, targetMs) {
  const st = stats(samples);
  rows.push({
    name,
    median: ms(st.median),
    p90: ms(st.p90),
    min: ms(st.min),
    max: ms(st.max),
    n: String(st.n),
    target: targetMs ? `≤ ${targetMs} ms` : '—',
    ok: targetMs ? (st.n && st.median <= targetMs ? 'yes' : 'NO') : '',
  });
}

function bytesRow(name, value, target) {
  rows.push({
    name,
    median: bytes(value),
    p90: '',
    min: '',
    max: '',
    n: '1',
    target: target ? `≤ ${target.toLocaleString('en-US')} B` : '—',
    ok: target ? (value <= target ? 'yes' : 'NO') : '',
  });
}

function printTable() {
  const cols = [
    ['benchmark', 'name', 'left'],
    ['median', 'median', 'right'],
    ['p90', 'p90', 'right'],
    ['min', 'min', 'right'],
    ['max', 'max', 'right'],
    ['n', 'n', 'right'],
    ['target', 'target', 'right'],
    ['met', 'ok', 'left'],
  ];
  const width = cols.map(([title, key]) => Math.max(title.length, ...rows.map((r) => String(r[key]).length)));
  const cell = (text, i) => (cols[i][2] === 'left' ? String(text).padEnd(width[i]) : String(text).padStart(width[i]));
  const line = (values) => values.map(cell).join('  ').trimEnd();
  console.log(line(cols.map(([title]) => title)));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map(([, key]) => r[key])));
}

// ---------------------------------------------------------------------------
// a. Bytes: HTML, JS, MJS, WASM and CSS files of the build, gzip level 9,
// brotli quality 11, measured by scripts/sizes.mjs's measureBuild().

function benchBytes(dist, label = '') {
  const { files, totals } = measureBuild(dist);
  const perFile = files.filter((r) => r.counted).map(({ file, raw, gzip, brotli }) => ({ file, raw, gzip, brotli }));
  const total = totals.app;
  let budget = null;
  try {
    budget = JSON.parse(fs.readFileSync(path.join(REPO, 'scripts', 'budget.json'), 'utf8')).brotli_total_max_bytes;
  } catch {
    budget = null;
  }
  raw[`${label}bytes`] = { files: perFile, total, budget };
  const firstHtml = files
    .filter((r) => r.file === 'index.html' || r.file.endsWith('.css'))
    .reduce((sum, r) => sum + r.brotli, 0);
  const wasm = files.filter((r) => r.file.endsWith('.wasm')).reduce((sum, r) => sum + r.brotli, 0);
  bytesRow(`${label}bytes first HTML: index.html + CSS brotli`, firstHtml, 14_000);
  bytesRow(`${label}bytes wasm brotli`, wasm);
  bytesRow(`${label}bytes HTML+JS+WASM+CSS raw`, total.raw);
  bytesRow(`${label}bytes HTML+JS+WASM+CSS gzip -9`, total.gzip);
  bytesRow(`${label}bytes HTML+JS+WASM+CSS brotli q11`, total.brotli);
  if (Number.isInteger(budget) && !label) bytesRow('bytes brotli vs scripts/budget.json', total.brotli, budget);
}

// ---------------------------------------------------------------------------
// Browser plumbing

let browser = null;
const openContexts = new Set();

async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  openContexts.add(context);
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  context.on('page', watch);
  await context.addInitScript(cspInit);
  return context;
}

async function closeContext(context) {
  openContexts.delete(context);
  await context.close().catch(() => {});
}

let currentBench = '';
function watch(page) {
  const where = () => currentBench;
  page.on('pageerror', (err) =>
    problems.push(`[${where()}] uncaught error: ${String(err?.message ? err.message : err)}`),
  );
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.push(`[${where()}] console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
}

// In every document before the page's own scripts: keep CSP violations.
function cspInit() {
  window.__kbCsp = [];
  window.addEventListener(
    'securitypolicyviolation',
    (e) => window.__kbCsp.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    true,
  );
}

async function collectCsp(page) {
  try {
    const v = await page.evaluate(() => window.__kbCsp || []);
    for (const x of v) problems.push(`[${currentBench}] CSP violation: ${x}`);
  } catch {
    /* page gone */
  }
}

// In every document before the page's own scripts: note when the h1 and the
// first timeline event become visible, in performance.now() (ms since the
// navigation started).
function loadProbeInit() {
  /** @type {{ h1: number | null, event: number | null, comments: number | null, lcp: number | null, started: number | null }} */
  const rec = { h1: null, event: null, comments: null, lcp: null, started: null };
  window.__kbLoad = rec;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) rec.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch {
    /* no LCP in this engine */
  }
  // The app says on <html data-app> when it has taken the built page over.
  // (The document has no element yet when this runs: watch the document.)
  new MutationObserver((_, observer) => {
    if (document.documentElement && document.documentElement.dataset.app === 'ready') {
      rec.started = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
  const visible = (el) => {
    if (!el?.isConnected) return false;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const check = () => {
    const now = performance.now();
    if (rec.h1 === null && visible(document.querySelector('h1'))) rec.h1 = now;
    if (rec.event === null) {
      // Any item of the list, not li.event: that class is the app's, not the
      // contract's (a --baseline build's items have none).
      const li = document.querySelector('ol[aria-label="Timeline events"] > li:not([hidden])');
      if (visible(li)) rec.event = now;
    }
    if (rec.comments === null && document.querySelector('section.comments')) rec.comments = now;
    return rec.h1 !== null && rec.event !== null;
  };
  const mo = new MutationObserver(() => {
    if (check()) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true });
  // A fallback for changes that are not mutations (style sheets arriving).
  let frames = 0;
  const poll = () => {
    if (check() || ++frames > 3600) return;
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function waitForLoad(page) {
  await page.waitForFunction(
    () => window.__kbLoad && window.__kbLoad.h1 !== null && window.__kbLoad.event !== null,
    null,
    {
      timeout: WAIT_MS,
      polling: 50,
    },
  );
  // A build with a first HTML is loaded once the app has taken it over.
  const firstHtml = await page.evaluate(() => document.querySelector('main[data-dataset]') !== null);
  if (firstHtml) {
    await page.waitForFunction(() => window.__kbLoad.started !== null, null, { timeout: WAIT_MS, polling: 50 });
  }
  // The LCP entry is final once the page has had input or been painted a while.
  await page.waitForTimeout(300);
  return page.evaluate(() => ({ ...window.__kbLoad }));
}

/**
 * Runs `once(context, build)` `runs` times for each build of `builds`, each
 * time in a fresh context (`contextOptions`), the builds in turn and which
 * goes first alternating, so that both see the same machine; resolves with
 * each build's results, in `builds`' order.
 * @template T
 * @param {number} runs
 * @param {{ name: string, server: any }[]} builds
 * @param {import('playwright-core').BrowserContextOptions} contextOptions
 * @param {(context: import('playwright-core').BrowserContext, build: { name: string, server: any }) => Promise<T>} once
 * @returns {Promise<T[][]>}
 */
async function interleaved(runs, builds, contextOptions, once) {
  /** @type {T[][]} */
  const results = builds.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = builds.map((_, b) => b);
    if (i % 2) order.reverse();
    for (const b of order) {
      const context = await newContext(contextOptions);
      try {
        results[b].push(await once(context, builds[b]));
      } finally {
        await closeContext(context);
      }
    }
  }
  return results;
}

/** A row of the ratio of the medians of `samples` and `baseline` (e.g. "1.40": 40% slower). */
function ratioRow(name, samples, baseline) {
  rows.push({
    name,
    median: (stats(samples).median / stats(baseline).median).toFixed(2),
    p90: '',
    min: '',
    max: '',
    n: '',
    target: '—',
    ok: '',
  });
}

/**
 * Runs `loadOnce(page, context, server)` in `runs` fresh contexts (the load
 * probe installed) on each build of `builds` ([{name, server}], interleaved),
 * and reports its times as rows.
 */
async function benchLoads(key, label, runs, loadOnce, builds) {
  const metrics = ['h1', 'event', 'lcp', 'started'];
  const results = await interleaved(runs, builds, {}, async (context, build) => {
    await context.addInitScript(loadProbeInit);
    const page = await context.newPage();
    const t = await loadOnce(page, context, build.server);
    await collectCsp(page);
    return t;
  });
  const samples = results.map((ts) => Object.fromEntries(metrics.map((m) => [m, ts.map((t) => t[m] ?? NaN)])));
  raw[key] = Object.fromEntries(builds.map((build, b) => [build.name, samples[b]]));
  builds.forEach((build, b) => {
    const name = builds.length > 1 ? `${label} (${build.name})` : label;
    timeRow(`${name} → h1 visible`, samples[b].h1);
    timeRow(`${name} → first timeline event`, samples[b].event);
    timeRow(`${name} → largest contentful paint`, samples[b].lcp);
    timeRow(`${name} → the app started`, samples[b].started);
  });
  if (builds.length > 1) {
    for (const metric of ['h1', 'event', 'lcp']) {
      ratioRow(
        `${label}: ${metric} median, ${builds[0].name} / ${builds[1].name}`,
        samples[0][metric],
        samples[1][metric],
      );
    }
  }
}

// ---------------------------------------------------------------------------
// b. Cold online load

async function benchCold(builds) {
  await benchLoads(
    'cold',
    'cold online load',
    COLD_RUNS,
    async (page, _context, server) => {
      await page.goto(server.url, { waitUntil: 'commit' });
      return waitForLoad(page);
    },
    builds,
  );
}

// ---------------------------------------------------------------------------
// c. Offline repeat load

async function benchOffline(builds) {
  await benchLoads(
    'offline',
    'offline repeat load',
    OFFLINE_RUNS,
    async (page, context, server) => {
      await page.goto(server.url, { waitUntil: 'commit' });
      await waitForLoad(page);
      await page.evaluate(
        (ms) =>
          Promise.race([
            navigator.serviceWorker.ready,
            new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker became ready')), ms)),
          ]).then(() => undefined),
        WAIT_MS,
      );
      let controlled = await waitForController(page, 5000);
      if (!controlled) {
        await page.reload({ waitUntil: 'commit' });
        await waitForLoad(page);
        controlled = await waitForController(page, WAIT_MS);
      }
      if (!controlled) throw new Error('the service worker never controlled the page');
      await context.setOffline(true);
      await page.reload({ waitUntil: 'commit' });
      const t = await waitForLoad(page);
      const offlineShown = await page.evaluate(() => navigator.onLine === false);
      if (!offlineShown) throw new Error('navigator.onLine is still true after setOffline');
      return t;
    },
    builds,
  );
}

async function waitForController(page, timeout) {
  try {
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout, polling: 100 });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Interaction probe: installed in the page once; each `arm(kind)` measures one
// interaction. t0 comes from a capture-phase listener of the triggering event
// (click or keydown); every mutation inside `root` is noted, the status text
// compared; after each mutation batch a probe (requestAnimationFrame, then
// setTimeout 0) marks the first frame painted after it. The probe of the
// last batch wins, so "paint" is the first frame after the DOM settled.

function installInteractionProbe({ rootSelector, statusSelector }) {
  const root = document.querySelector(rootSelector);
  if (!root) throw new Error(`no ${rootSelector}`);
  const status = statusSelector ? document.querySelector(statusSelector) : null;
  let rec = null;
  let gen = 0;
  // Long animation frames (Chromium's LoAF API): where the time went.
  const frames = [];
  try {
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      new PerformanceObserver((list) => frames.push(...list.getEntries())).observe({ type: 'long-animation-frame' });
    }
  } catch {
    /* unsupported */
  }
  // Per long frame: script (the LoAF script entries) and the rest of the
  // frame's main-thread time (style, layout tree, layout, paint preparation).
  const breakdown = (from, to) => {
    let script = 0;
    let total = 0;
    let n = 0;
    for (const f of frames) {
      const end = f.startTime + f.duration;
      if (end < from || f.startTime > to) continue;
      n++;
      total += f.duration;
      for (const sc of f.scripts || []) script += sc.duration;
    }
    return n ? { script, rendering: Math.max(0, total - script), frames: n } : null;
  };
  const probe = {
    arm(trigger, match) {
      rec = {
        trigger,
        match: match || null,
        t0: null,
        tStatus: null,
        tMatch: null,
        tLastMut: null,
        tPaint: null,
        statusBefore: status ? status.textContent : null,
        statusAfter: null,
        mutations: 0,
      };
      return true;
    },
    result() {
      if (!rec) return null;
      const out = { ...rec };
      if (rec.t0 !== null && rec.tPaint !== null) out.loaf = breakdown(rec.t0, rec.tPaint);
      return out;
    },
  };
  const onTrigger = (e) => {
    if (rec && rec.t0 === null && e.type === rec.trigger) rec.t0 = performance.now();
  };
  document.addEventListener('click', onTrigger, true);
  document.addEventListener('keydown', onTrigger, true);
  const schedulePaint = () => {
    const mine = ++gen;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (mine === gen && rec && rec.t0 !== null) rec.tPaint = performance.now();
      }, 0),
    );
  };
  const mo = new MutationObserver((records) => {
    if (!rec || rec.t0 === null) return;
    const now = performance.now();
    rec.tLastMut = now;
    rec.mutations += records.length;
    if (status && rec.tStatus === null && status.textContent !== rec.statusBefore) {
      rec.tStatus = now;
      rec.statusAfter = status.textContent;
    }
    if (rec.match && rec.tMatch === null) {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          const el = /** @type {Element} */ (n);
          const arts = el.matches('article.comment') ? [el] : [...el.querySelectorAll('article.comment')];
          if (arts.some((a) => a.textContent.includes(rec.match))) {
            rec.tMatch = now;
            break;
          }
        }
        if (rec.tMatch !== null) break;
      }
    }
    schedulePaint();
  });
  mo.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  window.__kbProbe = probe;
}

/**
 * Run one armed interaction `act()` and return its record once painted and settled.
 * @param {import('playwright-core').Page} page
 * @param {string} trigger
 * @param {() => Promise<unknown>} act
 * @param {{ match?: string | null, settleMs?: number }} [options]
 */
async function measureInteraction(page, trigger, act, { match = null, settleMs = 250 } = {}) {
  await page.evaluate(([t, m]) => window.__kbProbe.arm(t, m), [trigger, match]);
  await act();
  await page.waitForFunction(
    (needMatch) => {
      const r = window.__kbProbe.result();
      return r && r.t0 !== null && r.tPaint !== null && (!needMatch || r.tMatch !== null);
    },
    !!match,
    { timeout: WAIT_MS, polling: 20 },
  );
  // Let late mutations (and their paint probe) land, then read the record.
  const deadline = Date.now() + WAIT_MS;
  let r;
  for (;;) {
    await page.waitForTimeout(settleMs);
    r = await page.evaluate(() => window.__kbProbe.result());
    if (r.tPaint !== null && r.tPaint >= r.tLastMut) break;
    if (Date.now() > deadline) throw new Error('the DOM did not settle');
  }
  return r;
}

// ---------------------------------------------------------------------------
// d. 5,000-event timeline

function bigDataset(data, count) {
  const real = [...data.events].sort((a, b) => a.sort_key - b.sort_key);
  const events = [];
  for (let k = 0; k < count; k++) {
    const e = real[k % real.length];
    events.push({ ...e, id: `${e.id}-n${k}`, sort_key: k + 1 });
  }
  return { ...data, events };
}

/** A lowercase letter whose one-character search shows close to half the events. */
function pickSearchChar(data) {
  const label = new Map(data.focus_areas.map((a) => [a.slug, a.label]));
  const hay = data.events.map((e) => `${e.title}\n${label.get(e.focus_area) || ''}\n${e.significance}`.toLowerCase());
  let best = null;
  for (const c of 'abcdefghijklmnopqrstuvwxyz') {
    const n = hay.filter((h) => h.includes(c)).length;
    if (n === 0 || n === hay.length) continue;
    const score = Math.abs(n / hay.length - 0.5);
    if (!best || score < best.score) best = { c, n, score };
  }
  if (!best) throw new Error('no single letter changes the number of matching events');
  return best;
}

async function benchTimeline(dist) {
  const data = JSON.parse(fs.readFileSync(path.join(dist, 'data', 'briefing.json'), 'utf8'));
  const big = bigDataset(data, TIMELINE_EVENTS);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-5000-'));
  let server = null;
  let context = null;
  try {
    fs.cpSync(dist, tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'data', 'briefing.json'), JSON.stringify(big));
    server = await startServer({ root: tmp, base: '/' });
    context = await newContext({ serviceWorkers: 'block' });
    await context.addInitScript(loadProbeInit);
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    const load = await waitForLoad(page);
    await page.waitForFunction(
      (n) => {
        const s = document.querySelector('section.timeline [role="status"]');
        return s?.textContent.includes(`${n} of ${n}`);
      },
      TIMELINE_EVENTS,
      { timeout: WAIT_MS },
    );
    // The list renders a page of events (src/timeline.rs PAGE_SIZE) and says
    // how many more there are; the status counts every matching event.
    const items = await page.locator('ol[aria-label="Timeline events"] > li.event').count();
    if (items < 1 || items > TIMELINE_EVENTS) throw new Error(`expected a page of events in the list, found ${items}`);
    await page.evaluate(installInteractionProbe, {
      rootSelector: 'section.timeline',
      statusSelector: 'section.timeline [role="status"]',
    });

    // (i) focus toggle, alternately on and off.
    const area = data.focus_areas.find((a) => a.slug === 'security-justice') || data.focus_areas[0];
    // By text (the label), not by role name: a pressed toggle's decoration
    // must not be able to break the benchmark (builds before d2c98cd put a
    // check mark at the start of its accessible name).
    const toggle = page.locator('fieldset.focus-filter button.focus-toggle', { hasText: area.label });
    if ((await toggle.count()) !== 1) throw new Error(`no single focus toggle "${area.label}"`);
    /** @type {Samples} */
    const toggleSamples = { dom: [], status: [], paint: [], statuses: [], script: [], rendering: [] };
    for (let i = 0; i < TIMELINE_REPS; i++) {
      // A real (trusted) click at the button's centre; Playwright's
      // locator.click() waits for stable frames, which a busy page delays.
      await toggle.scrollIntoViewIfNeeded();
      const box = await toggle.boundingBox();
      if (!box) throw new Error('the focus toggle has no box');
      const r = await measureInteraction(page, 'click', () =>
        page.mouse.click(box.x + box.width / 2, box.y + box.height / 2),
      );
      if (r.tStatus === null)
        throw new Error(`focus toggle ${i + 1}: the status text did not change (${r.statusBefore})`);
      toggleSamples.status.push(r.tStatus - r.t0);
      toggleSamples.dom.push(Math.max(r.tStatus, r.tLastMut) - r.t0);
      toggleSamples.paint.push(r.tPaint - r.t0);
      toggleSamples.statuses.push(r.statusAfter);
      if (r.loaf) {
        toggleSamples.script.push(r.loaf.script);
        toggleSamples.rendering.push(r.loaf.rendering);
      }
    }
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click({ timeout: 2 * WAIT_MS });
    await page.waitForTimeout(500);

    // (ii) one keystroke in the search box: type a letter, then delete it.
    const { c, n } = pickSearchChar(data);
    const search = page.getByRole('searchbox', { name: 'Search timeline' });
    await search.focus();
    /** @type {Samples & { char: string, realMatches: string }} */
    const searchSamples = {
      dom: [],
      status: [],
      paint: [],
      statuses: [],
      script: [],
      rendering: [],
      char: c,
      realMatches: `${n} of ${data.events.length}`,
    };
    for (let i = 0; i < TIMELINE_REPS; i++) {
      const typing = i % 2 === 0;
      const r = await measureInteraction(page, 'keydown', () =>
        typing ? page.keyboard.type(c) : page.keyboard.press('Backspace'),
      );
      if (r.tStatus === null)
        throw new Error(`search keystroke ${i + 1}: the status text did not change (${r.statusBefore})`);
      searchSamples.status.push(r.tStatus - r.t0);
      searchSamples.dom.push(Math.max(r.tStatus, r.tLastMut) - r.t0);
      searchSamples.paint.push(r.tPaint - r.t0);
      searchSamples.statuses.push(r.statusAfter);
      if (r.loaf) {
        searchSamples.script.push(r.loaf.script);
        searchSamples.rendering.push(r.loaf.rendering);
      }
    }
    // Leave the search box empty.
    if ((await search.inputValue()) !== '') await page.keyboard.press('Backspace');
    await collectCsp(page);
    raw.timeline = { load, toggle: toggleSamples, search: searchSamples };
    timeRow('5,000 events: load → first event', [load.event]);
    timeRow('5,000 events: focus toggle → status text', toggleSamples.status, 16);
    timeRow('5,000 events: focus toggle → DOM settled', toggleSamples.dom, 16);
    timeRow('5,000 events: focus toggle → next paint', toggleSamples.paint, 100);
    const even = (a) => a.filter((_, k) => k % 2 === 0);
    const odd = (a) => a.filter((_, k) => k % 2 === 1);
    const [onTo, offTo] = [toggleSamples.statuses[0], toggleSamples.statuses[1]].map((t) =>
      (t || '').replace(/ events$/, ''),
    );
    timeRow(`  toggling on (→ ${onTo}) → next paint`, even(toggleSamples.paint));
    timeRow(`  toggling off (→ ${offTo}) → next paint`, odd(toggleSamples.paint));
    if (toggleSamples.script.length) {
      timeRow('  of which script (LoAF)', toggleSamples.script);
      timeRow('  of which style/layout/other (LoAF)', toggleSamples.rendering);
    }
    timeRow(`5,000 events: search key "${c}" → status text`, searchSamples.status, 16);
    timeRow(`5,000 events: search key "${c}" → DOM settled`, searchSamples.dom, 16);
    timeRow(`5,000 events: search key "${c}" → next paint`, searchSamples.paint, 100);
    const [typedTo, deletedTo] = [searchSamples.statuses[0], searchSamples.statuses[1]].map((t) =>
      (t || '').replace(/ events$/, ''),
    );
    timeRow(`  typing "${c}" (→ ${typedTo}) → next paint`, even(searchSamples.paint));
    timeRow(`  deleting it (→ ${deletedTo}) → next paint`, odd(searchSamples.paint));
    if (searchSamples.script.length) {
      timeRow('  of which script (LoAF)', searchSamples.script);
      timeRow('  of which style/layout/other (LoAF)', searchSamples.rendering);
    }
  } finally {
    if (context) await closeContext(context);
    if (server) await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// e. 2,000 comments

function commentsDocument(articleId, count) {
  const authors = ['Ardita', 'Marko', '', 'Élise', 'Jon', 'Vjosa', 'Nikola', 'Anonymous reader'];
  const phrases = [
    'The normalization roadmap only works if both sides implement it.',
    'Local elections in the north were a real test for the institutions.',
    'What happened after the Banjska incident matters more than the statement itself.',
    'The Law on Foreigners needs clearer guidance for people crossing daily.',
    'Representation of non-majority communities is still uneven.',
    'UNMIK’s role has changed a lot since 1999.',
  ];
  const start = Date.UTC(2025, 0, 1, 8, 0, 0, 0);
  const comments = [];
  const tops = [];
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(5, '0')}`;
    const c = {
      id,
      author: authors[i % authors.length],
      text: `${phrases[i % phrases.length]} (#${i})${i % 7 === 0 ? '\nA second line, kept as written.' : ''}`,
      created_at: new Date(start + i * 37_000).toISOString(),
    };
    if (i % 5 === 4 && tops.length) c.parent = tops[(i * 7) % tops.length];
    else tops.push(id);
    if (i % 11 === 3) c.edited_at = new Date(start + i * 37_000 + 60_000).toISOString();
    comments.push(c);
  }
  return { version: 2, article: articleId, comments };
}

function prefillInit({ key, value }) {
  try {
    if (location.protocol.startsWith('http')) localStorage.setItem(key, value);
  } catch {
    /* not this frame */
  }
}

// Counts `article.comment` elements and notes, in performance.now(), when the
// comments section appeared, when all `expected` were in the DOM and the
// first frame painted after that; and the long animation frames on the way.
function commentsProbeInit(expected) {
  /** @type {{ section: number | null, all: number | null, paint: number | null, count: number, loaf: unknown, frames?: () => unknown }} */
  const rec = { section: null, all: null, paint: null, count: 0, loaf: null };
  window.__kbComments = rec;
  const frames = [];
  try {
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      new PerformanceObserver((list) => frames.push(...list.getEntries())).observe({
        type: 'long-animation-frame',
        buffered: true,
      });
    }
  } catch {
    /* unsupported */
  }
  rec.frames = () => {
    // The longest frame up to the paint: the one that rendered the page.
    let best = null;
    for (const f of frames) {
      // Read once the paint is recorded (loadWithComments waits for it).
      if (f.startTime > /** @type {number} */ (rec.paint)) continue;
      if (!best || f.duration > best.duration) best = f;
    }
    if (!best) return null;
    return {
      duration: best.duration,
      script: (best.scripts || []).reduce((t, sc) => t + sc.duration, 0),
      rendering: Math.max(0, best.duration - (best.scripts || []).reduce((t, sc) => t + sc.duration, 0)),
    };
  };
  const live = document.getElementsByClassName('comment');
  // The section the build wrote into index.html is not the app's: the
  // app's is the one that appears after the document is parsed (a build
  // without a first HTML has none to begin with).
  let parsed = false;
  let built = null;
  document.addEventListener('DOMContentLoaded', () => {
    parsed = true;
    built = document.querySelector('section.comments');
  });
  const check = () => {
    const now = performance.now();
    const section = parsed ? document.querySelector('section.comments') : null;
    if (rec.section === null && section && section !== built) rec.section = now;
    if (rec.section !== null && rec.all === null && live.length >= expected) {
      const n = document.querySelectorAll('ol.comment-list article.comment').length;
      rec.count = n;
      if (n >= expected) {
        rec.all = now;
        requestAnimationFrame(() => setTimeout(() => (rec.paint = performance.now()), 0));
      }
    }
    return rec.all !== null;
  };
  const mo = new MutationObserver(() => {
    if (check()) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true });
}

/** One load with `count` stored comments (none: no prefill); the probe's record. */
async function loadWithComments(server, prefill, count, keepOpen) {
  const context = await newContext({ serviceWorkers: 'block' });
  let keep = false;
  try {
    if (prefill) await context.addInitScript(prefillInit, prefill);
    await context.addInitScript(commentsProbeInit, count);
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__kbComments && window.__kbComments.paint !== null, null, {
      timeout: WAIT_MS,
      polling: 50,
    });
    await page.waitForTimeout(100);
    const r = await page.evaluate(() => {
      const { frames, ...rest } = window.__kbComments;
      return { ...rest, loaf: frames() };
    });
    await collectCsp(page);
    if (keepOpen) {
      keep = true;
      return { ...r, page, context };
    }
    return r;
  } finally {
    if (!keep) await closeContext(context);
  }
}

async function benchComments(dist, server) {
  const data = JSON.parse(fs.readFileSync(path.join(dist, 'data', 'briefing.json'), 'utf8'));
  const key = `kosovo-briefing:comments:${data.article.id}`;
  const doc = commentsDocument(data.article.id, COMMENTS);
  const value = JSON.stringify(doc);
  /** @type {{ section: number[], paint: number[] }} */
  const without = { section: [], paint: [] };
  /** @type {Record<'fromSection' | 'fromNav' | 'paint' | 'frame' | 'script' | 'rendering', number[]>} */
  const withC = { fromSection: [], fromNav: [], paint: [], frame: [], script: [], rendering: [] };
  let lastPage = null;
  let lastContext = null;
  try {
    // The same load with no stored comments, as the baseline, interleaved.
    for (let i = 0; i < COMMENT_LOAD_RUNS; i++) {
      const base = await loadWithComments(server, null, 0, false);
      without.section.push(base.section);
      without.paint.push(base.paint);
      const last = i === COMMENT_LOAD_RUNS - 1;
      const r = await loadWithComments(server, { key, value }, firstPageCount(doc), last);
      withC.fromSection.push(r.all - r.section);
      withC.fromNav.push(r.all);
      withC.paint.push(r.paint);
      if (r.loaf) {
        withC.frame.push(r.loaf.duration);
        withC.script.push(r.loaf.script);
        withC.rendering.push(r.loaf.rendering);
      }
      if (last) {
        lastPage = r.page;
        lastContext = r.context;
      }
    }
    const cost = stats(withC.fromNav).median - stats(without.section).median;
    const paintCost = stats(withC.paint).median - stats(without.paint).median;
    raw.comments = { load: { without, with: withC, cost, paintCost } };
    timeRow('2,000 comments: section shown → first page in DOM', withC.fromSection, 200);
    timeRow('2,000 comments: navigation → first page in DOM', withC.fromNav);
    timeRow("0 comments: navigation → the app's comments section", without.section);
    timeRow('2,000 comments: extra time to DOM (Δ medians)', [cost], 200);
    timeRow('2,000 comments: navigation → painted', withC.paint);
    timeRow('0 comments: navigation → painted', without.paint);
    timeRow('2,000 comments: extra time to paint (Δ medians)', [paintCost]);
    if (withC.frame.length) {
      timeRow('  longest frame with 2,000 comments (LoAF)', withC.frame);
      timeRow('  of which script (LoAF)', withC.script);
      timeRow('  of which style/layout/other (LoAF)', withC.rendering);
    }

    // Posts, in the last loaded page.
    const page = lastPage;
    await page.evaluate(installInteractionProbe, { rootSelector: 'ol.comment-list', statusSelector: null });
    const textbox = page.getByRole('textbox', { name: 'Comment', exact: true });
    const post = page.getByRole('button', { name: 'Post comment' });
    /** @type {number[]} */
    const postDom = [];
    /** @type {number[]} */
    const postPaint = [];
    /** @type {number[]} */
    const postScript = [];
    /** @type {number[]} */
    const postRendering = [];
    for (let i = 0; i < COMMENT_POSTS; i++) {
      const token = `bench-post-${i}-${Date.now().toString(36)}`;
      await textbox.fill(`Benchmark comment ${i}: ${token}`);
      const r = await measureInteraction(page, 'click', () => post.click(), { match: token });
      postDom.push(r.tMatch - r.t0);
      postPaint.push(r.tPaint - r.t0);
      if (r.loaf) {
        postScript.push(r.loaf.script);
        postRendering.push(r.loaf.rendering);
      }
    }
    const stored = await page.evaluate(
      (k) => JSON.parse(/** @type {string} */ (localStorage.getItem(k))).comments.length,
      key,
    );
    if (stored !== COMMENTS + COMMENT_POSTS) {
      problems.push(
        `[comments] after ${COMMENT_POSTS} posts storage holds ${stored} comments, expected ${COMMENTS + COMMENT_POSTS}`,
      );
    }
    await collectCsp(page);
    raw.comments.post = { dom: postDom, paint: postPaint };
    timeRow('2,000 comments: post → comment in DOM', postDom, 16);
    timeRow('2,000 comments: post → next paint', postPaint, 100);
    if (postScript.length) {
      timeRow('  of which script (LoAF)', postScript);
      timeRow('  of which style/layout/other (LoAF)', postRendering);
    }
  } finally {
    if (lastContext) await closeContext(lastContext);
  }
}

// ---------------------------------------------------------------------------
// f. Time to interactive
//
// How the clicks are made, so that the figure is the page's and not the
// harness's: they are trusted input (mouse press and release through the
// page's DevTools session, Input.dispatchMouseEvent) at the place of the first
// focus toggle, sent every INTERACTIVE_CLICK_MS without waiting for the page,
// as a reader taps: they wait in the browser's input queue for the page's main
// thread, go through its hit test (whichever element holds the place then gets
// the click) and are lost on a button with no handler yet. Where to tap and
// when the page answered come from the page itself, as it happens (a
// Playwright binding), not by asking it: every question (page.evaluate,
// waitForFunction, locator.click) waits for a free main thread, and while the
// app starts, input is served long before such a question (measured on the
// phone: the first tap handled at ~0.6-0.9 s, the first answer to a poll at
// ~1-1.8 s), which would charge the app for the harness. Nor element.click()
// from a timer in the page: a timer task is queued behind the app's own
// timers where input goes ahead of them, and it clicks what no reader could
// (a hidden or covered button).

// In every document before the page's own scripts: note, in performance.now()
// (ms since the navigation started), when the first focus toggle is first
// pressed and when the timeline's status text first changes, once a click has
// come; tell Node (window.__kbTell, a binding) where that toggle is, frame by
// frame (in frames: where the reader sees it) from content on, and when the
// page has answered. The toggle is looked up afresh each time: the app
// replaces the built page's toggles when it takes over.
function interactiveProbeInit() {
  /** The first focus toggle: in the group "Filter by focus area", the first `button[aria-pressed]` not "All…". */
  const toggle = () => {
    for (const group of document.querySelectorAll('fieldset')) {
      if (group.querySelector(':scope > legend')?.textContent?.trim() !== 'Filter by focus area') continue;
      for (const b of group.querySelectorAll('button[aria-pressed]')) {
        if (!/^\W*All\b/.test(b.textContent || '')) return b;
      }
    }
    return null;
  };
  /** The text of the timeline's status ("9 of 9 events"), or null. */
  const statusText = () => {
    for (const el of document.querySelectorAll('[role="status"]')) {
      const text = (el.textContent || '').trim();
      if (/\d+ of \d+/.test(text)) return text;
    }
    return null;
  };
  const rec = {
    clicks: 0,
    /** Clicks that landed outside the first toggle (the aim was off). */
    missed: 0,
    /** The first frame that showed the toggle after content: Node's taps start then. */
    /** @type {number | null} */ shown: null,
    /** @type {number | null} */ firstClick: null,
    /** @type {string | null} */ statusBefore: null,
    /** @type {string | null} */ statusAfter: null,
    /** @type {number | null} */ pressed: null,
    /** @type {number | null} */ status: null,
  };
  window.__kbInteractive = rec;
  const answered = () => rec.pressed !== null || rec.status !== null;
  // Capture phase on the window: before any handler of the page's.
  window.addEventListener(
    'click',
    (e) => {
      rec.clicks++;
      if (!(e.target instanceof Node && toggle()?.contains(e.target))) rec.missed++;
      if (rec.firstClick !== null) return;
      rec.firstClick = performance.now();
      rec.statusBefore = statusText();
    },
    true,
  );
  // Nothing before the first click: a change then is no answer to one.
  const check = () => {
    if (rec.firstClick === null) return false;
    const now = performance.now();
    const before = answered();
    if (rec.pressed === null && toggle()?.getAttribute('aria-pressed') === 'true') rec.pressed = now;
    const text = statusText();
    if (rec.statusBefore === null) rec.statusBefore = text;
    if (rec.status === null && text !== rec.statusBefore) {
      rec.status = now;
      rec.statusAfter = text;
    }
    if (!before && answered()) window.__kbTell?.({ answered: true });
    return rec.pressed !== null && rec.status !== null;
  };
  const mo = new MutationObserver(() => {
    if (check()) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true, characterData: true, attributeFilter: ['aria-pressed'] });
  let lastAt = '';
  const aim = () => {
    if (answered()) return;
    const el = window.__kbLoad?.event != null ? toggle() : null;
    if (el?.checkVisibility()) {
      let box = el.getBoundingClientRect();
      if (box.top < 0 || box.bottom > innerHeight) {
        // As the reader scrolls to it; at once: the page scrolls smoothly.
        el.scrollIntoView({ block: 'center', behavior: 'instant' });
        box = el.getBoundingClientRect();
      }
      const at = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      rec.shown ??= performance.now();
      if (`${at.x} ${at.y}` !== lastAt) window.__kbTell?.({ at });
      lastAt = `${at.x} ${at.y}`;
    }
    requestAnimationFrame(aim);
  };
  requestAnimationFrame(aim);
}

/**
 * Taps the first focus toggle where the page last said it is, every
 * INTERACTIVE_CLICK_MS from when it first said so until it says it answered
 * (see the top of this section).
 * @param {import('playwright-core').CDPSession} cdp
 * @param {{ at: { x: number, y: number } | null, answered: boolean }} told updated by the page
 */
async function tapUntilAnswered(cdp, told) {
  const deadline = Date.now() + WAIT_MS;
  const late = (what) => {
    if (Date.now() > deadline) throw new Error(`the first focus toggle ${what} within ${WAIT_MS} ms`);
  };
  /** @type {Error | null} */
  let failed = null;
  /** @param {'mousePressed' | 'mouseReleased'} type */
  const send = (type, { x, y }) =>
    cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }).catch((e) => {
      failed ??= e;
    });
  while (!told.at) {
    late('was not shown');
    await delay(5);
  }
  const taps = [];
  while (!told.answered) {
    late('did not answer a click');
    if (failed) throw failed;
    // Not awaited: each resolves once the page has handled it.
    taps.push(send('mousePressed', told.at), send('mouseReleased', told.at));
    await delay(INTERACTIVE_CLICK_MS);
  }
  await Promise.all(taps);
}

/** The phone of `interactive`: throttled network and a 4× slower CPU, through the page's DevTools session. */
async function emulatePhone(cdp) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', PHONE.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
}

/**
 * Asks `server` for every file of its folder with brotli accepted, so that no
 * measured load waits for its first compression (quality 11 takes a second
 * or more on the wasm; the server keeps the result).
 */
async function primeCompression(server) {
  const root = server.root();
  for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!fs.statSync(path.join(root, rel)).isFile()) continue;
    const url = new URL(rel.split(path.sep).map(encodeURIComponent).join('/'), server.url);
    await (await fetch(url, { headers: { 'accept-encoding': 'br' } })).arrayBuffer();
  }
}

/**
 * One load in `condition`: navigation → content (the first timeline event
 * visible) → taps on the first focus toggle until it answers; the records
 * once the app (if it takes a built page over) has started.
 * @param {import('playwright-core').BrowserContext} context
 */
async function interactiveLoad(context, server, condition) {
  await context.addInitScript(loadProbeInit);
  await context.addInitScript(interactiveProbeInit);
  const page = await context.newPage();
  /** @type {{ at: { x: number, y: number } | null, answered: boolean }} */
  const told = { at: null, answered: false };
  await page.exposeBinding('__kbTell', (_source, message) => {
    if (message.at) told.at = message.at;
    if (message.answered) told.answered = true;
  });
  /** The Content-Encoding of each response, by path. */
  /** @type {Record<string, string[]>} */
  const encodings = {};
  page.on('response', (res) => {
    const file = new URL(res.url()).pathname;
    encodings[file] = [...(encodings[file] || []), res.headers()['content-encoding'] || 'identity'];
  });
  const cdp = await context.newCDPSession(page);
  if (condition === 'phone') await emulatePhone(cdp);
  await page.goto(server.url, { waitUntil: 'commit' });
  await tapUntilAnswered(cdp, told);
  if (await page.evaluate(() => document.querySelector('main[data-dataset]') !== null)) {
    await page.waitForFunction(() => window.__kbLoad.started !== null, null, { timeout: WAIT_MS, polling: 50 });
  }
  const r = await page.evaluate(() => ({
    ...window.__kbInteractive,
    content: window.__kbLoad.event,
    started: window.__kbLoad.started,
    // What the load brought over the network (not from a cache), by URL,
    // before the first click: each click writes the URL (pushState), and the
    // browser then fetches the favicon again.
    downloads: performance
      .getEntriesByType('resource')
      .filter((e) => /** @type {PerformanceResourceTiming} */ (e).transferSize > 0)
      .filter((e) => e.startTime < (window.__kbInteractive.firstClick ?? Infinity))
      .map((e) => e.name),
    firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
  await collectCsp(page);
  const answer = Math.min(...[r.pressed, r.status].filter((t) => t !== null));
  return { ...r, interactive: answer, encodings };
}

/**
 * What a load of `name` in `condition` did that the figures should not hide,
 * as problems: a text file sent without brotli, a file downloaded more than
 * once, a click that missed the toggle.
 */
function checkInteractiveLoad(name, condition, r) {
  const where = `[interactive] ${name}, ${condition}`;
  for (const [file, encs] of Object.entries(r.encodings)) {
    if (/\.(html|js|css|json|wasm|svg|webmanifest)$|\/$/.test(file) && encs.some((e) => e !== 'br')) {
      problems.push(`${where}: ${file} came as ${encs.join(', ')}, not brotli`);
    }
  }
  for (const url of new Set(r.downloads)) {
    const n = r.downloads.filter((u) => u === url).length;
    if (n > 1) problems.push(`${where}: ${new URL(url).pathname} was downloaded ${n} times in one load`);
  }
  if (r.missed) problems.push(`${where}: ${r.missed} of ${r.clicks} clicks landed outside the first focus toggle`);
}

async function benchInteractive(builds) {
  // Servers of their own: with brotli, as a production host serves; the
  // builds' other servers send every file uncompressed.
  const servers = [];
  try {
    for (const build of builds) {
      const server = await startServer({ root: build.server.root(), base: '/', compress: true });
      servers.push(server);
      await primeCompression(server);
    }
    const brotliBuilds = builds.map((build, b) => ({ name: build.name, server: servers[b] }));
    raw.interactive = {};
    for (const condition of ['desk', 'phone']) {
      // Service workers blocked: a worker's precache is not the page's
      // (nor throttled with it on the phone: its requests are another
      // target's), and no worker or cache outlives its context anyway.
      const results = await interleaved(INTERACTIVE_RUNS, brotliBuilds, { serviceWorkers: 'block' }, (context, build) =>
        interactiveLoad(context, build.server, condition),
      );
      raw.interactive[condition] = Object.fromEntries(brotliBuilds.map((build, b) => [build.name, results[b]]));
      interactiveRows(condition, brotliBuilds, results);
    }
  } finally {
    for (const server of servers) await server.close();
  }
}

function interactiveRows(condition, builds, results) {
  const label = `interactive, ${condition}`;
  const column = (b, key) => results[b].map((r) => r[key] ?? NaN);
  builds.forEach((build, b) => {
    const name = builds.length > 1 ? `${label} (${build.name})` : label;
    for (const r of results[b]) checkInteractiveLoad(build.name, condition, r);
    timeRow(`${name} → first timeline event`, column(b, 'content'));
    timeRow(`${name} → first focus toggle answers a click`, column(b, 'interactive'));
    timeRow(`${name} → the app started`, column(b, 'started'));
  });
  if (builds.length > 1) {
    const ratio = `median, ${builds[0].name} / ${builds[1].name}`;
    ratioRow(`${label}: first timeline event ${ratio}`, column(0, 'content'), column(1, 'content'));
    ratioRow(`${label}: interactive ${ratio}`, column(0, 'interactive'), column(1, 'interactive'));
  }
}

// ---------------------------------------------------------------------------

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench/run.mjs: ${e.message}`);
    process.exit(2);
  }
  const rel = path.relative(process.cwd(), opts.dist) || opts.dist;
  if (!fs.existsSync(path.join(opts.dist, 'index.html'))) {
    console.error(
      `bench/run.mjs: ${rel}/index.html not found: build the release first with scripts/test.sh or scripts/build.sh`,
    );
    process.exit(1);
  }
  const watchdog = setTimeout(() => {
    console.error(`bench/run.mjs: gave up after ${WATCHDOG_MS / 60000} minutes`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const want = new Set(opts.only);
  /** @typedef {[string, (server: any, builds: { name: string, server: any }[]) => Promise<void>]} Step */
  const steps = /** @type {Step[]} */ ([
    [
      'bytes',
      async () => {
        benchBytes(opts.dist);
        if (opts.baseline) benchBytes(opts.baseline, 'baseline ');
      },
    ],
    ['cold', async (_, builds) => benchCold(builds)],
    ['offline', async (_, builds) => benchOffline(builds)],
    ['timeline', async () => benchTimeline(opts.dist)],
    ['comments', async (s) => benchComments(opts.dist, s)],
    ['interactive', async (_, builds) => benchInteractive(builds)],
  ]).filter(([name]) => want.has(name));

  let server = null;
  let baselineServer = null;
  const t0 = Date.now();
  const loadBefore = os.loadavg();
  try {
    if (steps.some(([name]) => name !== 'bytes')) {
      server = await startServer({ root: opts.dist, base: '/' });
      if (opts.baseline) baselineServer = await startServer({ root: opts.baseline, base: '/' });
      browser = await launchChromium();
      console.error(`bench: serving ${rel} at ${server.url}; Chromium ${browser.version()}`);
    }
    for (const [name, run] of steps) {
      currentBench = name;
      const started = Date.now();
      console.error(`bench: ${name}…`);
      try {
        const builds = [{ name: path.basename(opts.dist), server }];
        if (baselineServer && opts.baseline)
          builds.push({ name: `baseline ${path.basename(opts.baseline)}`, server: baselineServer });
        await run(server, builds);
        console.error(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        failures.push(`${name}: ${e?.message ? e.message : e}`);
        console.error(`bench: ${name} FAILED: ${e?.stack ? e.stack : e}`);
      }
    }
  } finally {
    for (const c of [...openContexts]) await closeContext(c);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.close();
    if (baselineServer) await baselineServer.close();
  }

  console.log('');
  const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `Kosovo Briefing benchmarks (${rel}, ${new Date().toISOString()}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  console.log(
    `machine: ${os.cpus().length} CPUs, load average ${la(loadBefore)} before, ${la(os.loadavg())} after` +
      ' (other work on the machine inflates the times); "met" compares the median with the target',
  );
  printTable();
  if (failures.length) {
    console.log('');
    console.log('Benchmarks that did not run:');
    for (const f of failures) console.log(`  ${f}`);
  }
  const uniq = [...new Set(problems)].map((p) =>
    /reading 'waiting'/.test(p)
      ? `${p}  [in a context with serviceWorkers: 'block', where Playwright's stub register() resolves to undefined]`
      : p,
  );
  console.log('');
  if (uniq.length) {
    console.log(`Problems seen in the pages (${uniq.length}):`);
    for (const p of uniq.slice(0, 40)) console.log(`  ${p}`);
    if (uniq.length > 40) console.log(`  … and ${uniq.length - 40} more`);
  } else {
    console.log('No console errors, uncaught errors or CSP violations in the pages.');
  }
  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify({ rows, raw, problems: uniq, failures }, null, 2));
    console.log(`Samples written to ${opts.json}`);
  }
  process.exitCode = failures.length ? 1 : 0;
}

await main();
