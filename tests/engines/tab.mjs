// The driver-neutral tab the flows are written against. An adapter
// (adapters/*.mjs) subclasses it and supplies a few primitives:
//   _eval(source)          run a JS expression in the page, await it, return its value
//   _element(query, index) a driver handle of the index-th match (or null)
//   _click(el), _fill(el, text)
//   _accessibleCount(role, name)   from the engine's own accessibility tree
//   _goto(url), _reload(), _url(), _close()
//   _download(run)         the text of the file run() makes the page download
//                          (an engine that cannot says why in noDownload)
// Everything else (waiting, role queries, the problem collector) is here,
// once, so the three engines run the same code.
import assert from 'node:assert/strict';
import { installLocator } from './locate.mjs';

/** Default bound for waiting on the page. */
export const WAIT_MS = 15_000;

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `fn` until it returns truthy (or undefined) without throwing; rethrow the last failure. */
export async function until(fn, { timeout = WAIT_MS, interval = 100, message = '' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    let failure;
    try {
      const v = await fn();
      if (v === undefined || v) return v;
      failure = new Error(`still false after ${timeout} ms`);
    } catch (e) {
      failure = e;
    }
    if (Date.now() > deadline) {
      if (message) failure.message = `${message}: ${failure.message}`;
      throw failure;
    }
    await sleep(interval);
  }
}

const describe = (q) => JSON.stringify(q, (k, v) => (k === 'root' ? undefined : v));

export class Tab {
  constructor(engine) {
    this.engine = engine;
    /** Problems read from pages this tab has left, plus the driver's own reports. */
    this.seen = [];
  }

  // The primitives each adapter supplies (see the top of this file).
  /** @param {string} _source @returns {Promise<string>} */
  _eval(_source) {
    throw new Error(`${this.constructor.name} has no _eval`);
  }
  /** @param {object} _query @param {number} _index @returns {Promise<unknown>} */
  _element(_query, _index) {
    throw new Error(`${this.constructor.name} has no _element`);
  }
  /** @param {string} _role @param {string} _name @returns {Promise<number>} */
  _accessibleCount(_role, _name) {
    throw new Error(`${this.constructor.name} has no _accessibleCount`);
  }
  /** @param {unknown} _el @returns {Promise<void>} */
  _click(_el) {
    throw new Error(`${this.constructor.name} has no _click`);
  }
  /** @param {unknown} _el @param {string} _text @returns {Promise<void>} */
  _fill(_el, _text) {
    throw new Error(`${this.constructor.name} has no _fill`);
  }
  /** @param {string} _url @returns {Promise<void>} */
  _goto(_url) {
    throw new Error(`${this.constructor.name} has no _goto`);
  }
  /** @returns {Promise<void>} */
  _reload() {
    throw new Error(`${this.constructor.name} has no _reload`);
  }
  /** @returns {Promise<string>} */
  _url() {
    throw new Error(`${this.constructor.name} has no _url`);
  }
  /** @returns {Promise<void>} */
  _close() {
    throw new Error(`${this.constructor.name} has no _close`);
  }

  /** The text of the file `run` makes the page download (adapters: `_download`). */
  download(run) {
    return this._download(run);
  }
  /** @param {() => Promise<unknown>} _run @returns {Promise<string>} */
  _download(_run) {
    throw new Error(`${this.constructor.name} cannot save a download`);
  }

  /**
   * `fn(arg)` in the page (an arrow function, serialized; may be async); its JSON value.
   * @param {(arg: any) => unknown} fn
   * @param {unknown} [arg]
   */
  async evaluate(fn, arg = null) {
    const source =
      `(async () => { (${installLocator})(); ` +
      `const value = await (${fn})(${JSON.stringify(arg)}); ` +
      `return JSON.stringify(value === undefined ? null : value); })()`;
    return JSON.parse(await this._eval(source));
  }

  /** A JS expression for the index-th match of `query`, or null (for adapters' _element). */
  static elementExpression(query, index) {
    return `((${installLocator})(), window.__kbFind(${JSON.stringify(query)})[${index}] || null)`;
  }

  /** The matches of `query` now (see locate.mjs), as [{ name, text }]. */
  all(query) {
    return this.evaluate(
      (q) =>
        window
          .__kbFind(q)
          .map((el) => ({ name: window.__kbName(el), text: window.__kbNorm(el.innerText ?? el.textContent) })),
      query,
    );
  }

  async count(query) {
    return (await this.all(query)).length;
  }

  /** Wait until `query` matches; resolves with the matches. */
  async waitFor(query, { timeout = WAIT_MS } = {}) {
    let found = [];
    await until(
      async () => {
        found = await this.all(query);
        return found.length > 0;
      },
      {
        timeout,
        message: `waiting for ${describe(query)}`,
      },
    );
    return found;
  }

  /** Wait until `query` matches nothing. */
  async waitGone(query, { timeout = WAIT_MS } = {}) {
    await until(async () => (await this.count(query)) === 0, {
      timeout,
      message: `waiting for ${describe(query)} to go`,
    });
  }

  /** The text of the (last, by default) match of `query`, once there is one. */
  async text(query, { last = true } = {}) {
    const found = await this.waitFor(query);
    return found[last ? found.length - 1 : 0].text;
  }

  async #handle(query, last) {
    /** @type {unknown} */
    let el = null;
    await until(
      async () => {
        const n = await this.count(query);
        if (n === 0) return false;
        el = await this._element(query, last ? n - 1 : 0);
        return el !== null;
      },
      { message: `waiting for ${describe(query)}` },
    );
    return el;
  }

  /** How many elements the engine's own accessibility tree gives `role` and exactly `name`. */
  accessibleCount(role, name) {
    return this._accessibleCount(role, name);
  }

  /** Click the first (or last) match of `query`, through the driver's input. */
  async click(query, { last = false } = {}) {
    await this._click(await this.#handle(query, last));
  }

  /** Replace the text of a field, typed through the driver. */
  async fill(query, text) {
    await this._fill(await this.#handle(query, false), text);
  }

  /** The value of the first match (a field). */
  async value(query) {
    await this.waitFor(query);
    return this.evaluate((q) => window.__kbFind(q)[0].value, query);
  }

  /** An attribute of the first match. */
  async attr(query, name) {
    await this.waitFor(query);
    return this.evaluate(([q, n]) => window.__kbFind(q)[0].getAttribute(n), [query, name]);
  }

  async goto(url) {
    await this.harvest();
    await this._goto(url);
  }

  async reload() {
    await this.harvest();
    await this._reload();
  }

  /** history.back(), as the reader's Back button does for same-document entries. */
  async back() {
    await this.evaluate(() => history.back());
  }

  async url() {
    return this._url();
  }

  async close() {
    await this.harvest();
    await this._close();
  }

  /** Move what the page's collector holds into `seen` (before the page goes away). */
  async harvest() {
    let fresh = [];
    try {
      fresh = await this.evaluate(() => (window.__kbProblems ? window.__kbProblems.splice(0) : []));
    } catch {
      // No page (closed, or a navigation under way): nothing to read.
    }
    this.seen.push(...fresh);
  }

  /** What the collector says about itself in the current page. */
  collectorInfo() {
    return this.evaluate(() => window.__kbCollector || null);
  }

  /**
   * Every problem so far, minus console errors matching `allow` and the
   * driver's own reports matching `allowDriver`.
   * @param {{ allow?: RegExp[], allowDriver?: RegExp[] }} [opts]
   */
  async problems({ allow = [], allowDriver = [] } = {}) {
    await this.harvest();
    const allowed = (/** @type {{ kind: string, text: string }} */ p) =>
      (p.kind === 'console error' && allow.some((re) => re.test(p.text))) ||
      (p.kind === 'uncaught error (driver)' && allowDriver.some((re) => re.test(p.text)));
    return this.seen.filter((p) => !allowed(p));
  }

  async assertClean(opts) {
    const lines = (await this.problems(opts)).map((p) => `${p.kind}: ${p.text} (on ${p.page})`);
    assert.deepEqual(lines, [], `the page was not clean:\n  ${lines.join('\n  ')}`);
  }
}
