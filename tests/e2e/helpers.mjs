// Shared harness for the browser tests (node:test + playwright-core, headless
// Debian Chromium at /usr/bin/chromium; no browser is ever downloaded).
//
// Each test file calls `setupSuite()` once: it starts the static server on a
// build folder (dist/ by default, on a free port) and launches the browser
// once for the file. Each test gets a fresh browser context (fresh storage,
// no service worker) through `appTest()`, and every page of that context is
// watched by GUARDS: uncaught page errors, console errors and Content
// Security Policy violations. `appTest()` fails the test if any were seen
// (console errors can be allowed per test; page errors, panics and CSP
// violations never are).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '../../scripts/chromium.mjs';

export { assert };

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The builds under test (overridable, e.g. to run the suite against another build).
export const DIST = path.resolve(process.env.KB_DIST || path.join(REPO, 'dist'));
export const DIST_KOSOVO = path.resolve(process.env.KB_DIST_KOSOVO || path.join(REPO, 'dist-kosovo'));
// Which Chromium, and its launch flags: scripts/chromium.mjs.
export { CHROMIUM, CHROMIUM_ARGS };

/** Default bound for polling assertions and Playwright actions. */
export const WAIT_MS = 10_000;
/** Default per-test timeout. */
export const TEST_TIMEOUT_MS = 90_000;

// Storage keys the app uses (see the brief the tests were written from).
export const KEY_PREFIX = 'kosovo-briefing:';
export const commentsKey = (articleId) => `${KEY_PREFIX}comments:${articleId}`;
export const draftKey = (articleId) => `${KEY_PREFIX}draft:${articleId}`;
export const BACKUP_PREFIX = `${KEY_PREFIX}backup:`;

/** State shared by the tests of one file. */
export const suite = {
  /** @type {import('playwright-core').Browser | null} */
  browser: null,
  /** @type {Awaited<ReturnType<typeof startServer>> | null} */
  server: null,
  root: DIST,
};

/**
 * Register before/after hooks for this file: launch Chromium once, and
 * (unless `serve: false`) serve `root` under `base` on a free port.
 */
export function setupSuite({ root = DIST, base = '/', serve = true } = {}) {
  suite.root = root;
  before(async () => {
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      throw new Error(`${path.relative(REPO, root)}/index.html not found: build first (scripts/test.sh does)`);
    }
    suite.browser = await launchBrowser();
    if (serve) suite.server = await startServer({ root, base });
  });
  after(async () => {
    if (suite.server) await suite.server.close();
    suite.server = null;
    if (suite.browser) await suite.browser.close();
    suite.browser = null;
  });
  return suite;
}

/** Headless Chromium with the shared flags (scripts/chromium.mjs). */
export function launchBrowser() {
  return launchChromium();
}

// ---------------------------------------------------------------------------
// Guards

const guards = new WeakMap();

/** The record of what went wrong on a page: { pageErrors, consoleErrors, csp }. */
export function guardOf(page) {
  let g = guards.get(page);
  if (!g) {
    g = { pageErrors: [], consoleErrors: [], csp: [] };
    guards.set(page, g);
  }
  return g;
}

function attachGuards(page) {
  const g = guardOf(page);
  page.on('pageerror', (err) => g.pageErrors.push(String(err?.stack ? err.stack : err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      g.consoleErrors.push(`${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
}

// Runs in every frame before any of the page's scripts: records CSP
// violations both on window (for in-page inspection) and to the harness.
function cspInitScript() {
  window.__kbCsp = [];
  window.addEventListener(
    'securitypolicyviolation',
    (e) => {
      const v = {
        directive: e.violatedDirective,
        effective: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: e.sourceFile,
        line: e.lineNumber,
      };
      window.__kbCsp.push(v);
      try {
        // eslint-disable-next-line no-undef
        if (typeof __kbReportCsp === 'function') __kbReportCsp(v);
      } catch {
        /* the binding may not be there yet */
      }
    },
    true,
  );
}

/**
 * A fresh context with guards on every page it opens. Options go to
 * `browser.newContext` (e.g. `{ serviceWorkers: 'block' }`).
 */
export async function newContext(options = {}, browser = suite.browser) {
  if (!browser) throw new Error('no browser: call setupSuite() in the test file');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(2 * WAIT_MS);
  await context.exposeBinding('__kbReportCsp', ({ page }, v) => {
    if (page) guardOf(page).csp.push(v);
  });
  await context.addInitScript(cspInitScript);
  context.on('page', attachGuards);
  return context;
}

const NEVER_ALLOWED = [/panicked/i, /RuntimeError/, /Refused to /, /Content[- ]Security[- ]Policy/i];

/** What the guards saw on `page`, after removing allowed console errors. */
export async function problemsOf(page, { allow = [] } = {}) {
  const g = guardOf(page);
  const allowed = (text) =>
    !NEVER_ALLOWED.some((re) => re.test(text)) &&
    allow.some((a) => (a instanceof RegExp ? a.test(text) : text.includes(a)));
  let inPage = [];
  if (!page.isClosed()) {
    try {
      inPage = await page.evaluate(() => window.__kbCsp || []);
    } catch {
      inPage = [];
    }
  }
  const csp = [...g.csp];
  for (const v of inPage) {
    if (!csp.some((c) => JSON.stringify(c) === JSON.stringify(v))) csp.push(v);
  }
  return {
    pageErrors: [...g.pageErrors],
    consoleErrors: g.consoleErrors.filter((t) => !allowed(t)),
    csp,
  };
}

/**
 * Fail if the page had an uncaught error, a console error (unless allowed:
 * strings or RegExps) or a CSP violation. Panics and CSP messages are never
 * allowed.
 */
export async function assertClean(page, opts = {}) {
  const p = await problemsOf(page, opts);
  const lines = [
    ...p.pageErrors.map((e) => `uncaught error: ${e}`),
    ...p.consoleErrors.map((e) => `console error: ${e}`),
    ...p.csp.map((v) => `CSP violation: ${JSON.stringify(v)}`),
  ];
  assert.deepEqual(lines, [], `the page was not clean:\n  ${lines.join('\n  ')}`);
}

/** assertClean for every page the context opened. */
export async function assertContextClean(context, opts = {}) {
  for (const page of context.pages()) await assertClean(page, opts);
}

/**
 * A test with a fresh context and page. `fn({ page, context, t })`.
 * After it, every page of the context must be clean (see assertClean).
 * Options: `allow` (console errors to allow), `context` (newContext options),
 * `timeout`, `skip`.
 * @param {string} name
 * @param {(args: { page: import('playwright-core').Page, context: import('playwright-core').BrowserContext,
 *   t: import('node:test').TestContext, onCleanup: (f: () => unknown) => void }) => Promise<void>} fn
 * @param {{ allow?: (RegExp | string)[], context?: import('playwright-core').BrowserContextOptions, timeout?: number, skip?: boolean | string }} [options]
 */
export function appTest(name, fn, { allow = [], context: contextOptions = {}, timeout = TEST_TIMEOUT_MS, skip } = {}) {
  test(name, { timeout, skip }, async (t) => {
    const context = await newContext(contextOptions);
    /** @type {(() => unknown)[]} */
    const closers = [];
    try {
      const page = await context.newPage();
      await fn({ page, context, t, onCleanup: (f) => closers.push(f) });
      await assertContextClean(context, { allow });
    } finally {
      for (const f of closers.reverse()) await f();
      await context.close();
    }
  });
}

// ---------------------------------------------------------------------------
// Navigation and waiting

/** The URL of the app (on the suite's server, or `server`), plus a query or hash. */
export function appUrl(query = '', server = suite.server) {
  if (!server) throw new Error('no server');
  return new URL(query, server.url).href;
}

/** Open the app (optionally with `?query` or `#hash`) and wait for the h1. */
export async function gotoApp(page, query = '', { server = suite.server } = {}) {
  await page.goto(appUrl(query, server));
  await waitForArticle(page);
}

/** Wait until the app has taken over the built page (or said why it could not). */
export async function waitForStart(page, outcome = 'ready') {
  await page.locator(`html[data-app="${outcome}"]`).waitFor({ state: 'attached', timeout: 2 * WAIT_MS });
}

/** Wait until the h1 is visible and the app has taken the page over. */
export async function waitForArticle(page) {
  await page
    .locator('h1')
    .first()
    .waitFor({ state: 'visible', timeout: 2 * WAIT_MS });
  await waitForStart(page);
}

/**
 * Poll `fn` until it returns without throwing (and, if it returns a value,
 * the value is truthy), like expect.poll. Rethrows the last failure.
 * @param {() => Promise<unknown>} fn
 * @param {{ timeout?: number, interval?: number, message?: string }} [options]
 */
export async function eventually(fn, { timeout = WAIT_MS, interval = 100, message } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v === undefined || v) return v;
      last = new Error(message || `condition still false after ${timeout} ms`);
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      if (message && last && !String(last.message).includes(message)) last.message = `${message}: ${last.message}`;
      throw last;
    }
    await sleep(interval);
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Escape a string for use in a RegExp. */
export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A RegExp matching accessible names that start with `prefix`. */
export function startsWith(prefix) {
  return new RegExp(`^\\s*${escapeRe(prefix)}`);
}

/** Collapse white space, for comparing rendered text with dataset text. */
export function norm(s) {
  return String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------
// The dataset request and the page's parts

// The dataset request, with or without a query string.
export const DATA_URL = /\/data\/briefing\.json(\?.*)?$/;

// The app's wasm, whatever its hash.
export const WASM_URL = /_bg\.wasm$/;

/**
 * Holds every request of `context` for the wasm until the returned
 * `release()`: the built page, before the app has started.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function holdWasm(context) {
  /** @type {() => void} */
  let release = () => {};
  const held = new Promise((resolve) => {
    release = () => resolve(undefined);
  });
  await context.route(WASM_URL, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

// Console noise a failed dataset request legitimately causes (Chromium logs
// failed resource loads; the app may log what it shows in its alert).
export const FETCH_FAILURE_NOISE = [
  /Failed to load resource/,
  /net::ERR_/,
  /briefing\.json/,
  /Failed to fetch/i,
  /NetworkError/i,
];

/** The timeline's controls and list (locators; nothing is awaited). */
export function timelineUi(page) {
  const group = page.getByRole('group', { name: 'Filter by focus area' });
  return {
    section: page
      .locator('section')
      .filter({ has: page.getByRole('heading', { level: 2, name: /Timeline/ }) })
      .last(),
    group,
    toggle: (label) => group.getByRole('button', { name: startsWith(label) }),
    all: group.getByRole('button', { name: startsWith('All') }),
    search: page.getByRole('searchbox', { name: 'Search timeline' }),
    list: page.getByRole('list', { name: 'Timeline events' }),
    newest: page.getByRole('button', { name: 'Newest first' }),
    item: (id) => page.locator(`li[id="event-${id}"]`),
  };
}

/** The comments section, its form and its comments (locators; nothing is awaited). */
export function commentsUi(page) {
  const section = page
    .locator('section')
    .filter({ has: page.getByRole('heading', { level: 2, name: startsWith('Comments') }) })
    .last();
  const form = section.locator('form').filter({ has: page.getByRole('button', { name: 'Post comment', exact: true }) });
  return {
    section,
    heading: section.getByRole('heading', { level: 2, name: startsWith('Comments') }),
    form,
    name: form.getByRole('textbox', { name: 'Name', exact: true }),
    text: form.getByRole('textbox', { name: 'Comment', exact: true }),
    post: form.getByRole('button', { name: 'Post comment', exact: true }),
    articles: section.locator('article'),
    /** The innermost comment article containing `t`. */
    byText: (t) => section.locator('article').filter({ hasText: t }).last(),
    /** A button of the comments section, by its exact name. */
    button: (name) => section.getByRole('button', { name, exact: true }),
    alerts: page.getByRole('alert').filter({ visible: true }),
  };
}

/**
 * The comment's own button whose name starts with `prefix` (not one of a
 * reply nested inside it).
 */
export async function ownButton(article, prefix) {
  await article.waitFor({ state: 'visible' });
  const buttons = article.getByRole('button', { name: startsWith(prefix) });
  const art = await article.elementHandle();
  const n = await buttons.count();
  for (let i = 0; i < n; i++) {
    const b = buttons.nth(i);
    if (await b.evaluate((el, a) => el.closest('article') === a, art)) return b;
  }
  throw new Error(`the comment has no "${prefix}…" button of its own`);
}

/** Post a comment through the form; waits until its (first) line is shown. */
export async function postComment(page, { name = '', text }) {
  const c = commentsUi(page);
  await c.name.fill(name);
  await c.text.fill(text);
  await c.post.click();
  await c.byText(text.split('\n')[0]).waitFor({ state: 'visible' });
}

// ---------------------------------------------------------------------------
// Dataset

/** The dataset as served by the build (`<root>/data/briefing.json`). */
export function readDataset(root = suite.root) {
  return JSON.parse(fs.readFileSync(path.join(root, 'data', 'briefing.json'), 'utf8'));
}

/** The slug rule of the contract, written independently of the app. */
export function slugify(label) {
  return label
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every paragraph of the article, in reading order: [{id, text}]. */
export function allParagraphs(data) {
  const a = data.article;
  return [...(a.lede || []), ...a.sections.flatMap((s) => s.paragraphs || [])];
}

/** Events in the dataset's chronological order. */
export function sortedEvents(data) {
  return [...data.events].sort((x, y) => (x.sort_key < y.sort_key ? -1 : x.sort_key > y.sort_key ? 1 : 0));
}
