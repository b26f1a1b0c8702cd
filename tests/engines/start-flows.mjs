// The start, in every engine (run by harness.mjs after flows.mjs): the
// inline start script (public/start.js) makes the built timeline answer a
// tap before the app runs, and the app starts from what was tapped; an app
// that cannot start says so, with "Reload", and the timeline still works.
// tests/e2e/start.test.mjs goes deeper in Chromium.
//
// The wasm is held, refused or cut by a server of the flow's own in front of
// the flow's server (`wasmGate`), which every engine can be sent to; only
// "the driver aborts the wasm request" needs the driver's request
// interception (session.failRequests), which WebKit's classic WebDriver
// does not have (flows.mjs says what each engine cannot run).
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  alert,
  allButton,
  comments,
  eventItems,
  events,
  expectedCount,
  labelOf,
  mainForm,
  ready,
  shows,
  statusRole,
  toggle,
} from './flows.mjs';
import { until } from './tab.mjs';

/** The app's wasm, whatever its hash. */
const WASM_URL = /_bg\.wasm$/;

/**
 * A server in front of the flow's, on its own port, that passes every
 * request on except the wasm's, which it
 *   'hold': holds until `release()` (then passes on),
 *   '404':  answers 404 Not found,
 *   'cut':  answers 200 with its full length, sends 32 KiB and drops the connection.
 * It closes after the session (ctx.onCleanup). `wasm` lists the statuses
 * it gave the wasm, as it gave them.
 * @param {any} ctx
 * @param {'hold' | '404' | 'cut'} how
 */
async function wasmGate(ctx, how) {
  const upstream = ctx.server.url;
  /** @type {() => void} */
  let release = () => {};
  const released = new Promise((resolve) => {
    release = () => resolve(undefined);
  });
  /** @type {number[]} */
  const wasm = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = http.createServer(async (request, response) => {
    const path = request.url ?? '/';
    const isWasm = WASM_URL.test(new URL(path, upstream).pathname);
    try {
      if (isWasm && how === '404') {
        wasm.push(404);
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
        response.end('Not found\n');
        return;
      }
      if (isWasm && how === 'hold') await released;
      const answer = await fetch(new URL(path, upstream), {
        method: request.method,
        headers: { accept: request.headers.accept ?? '*/*' },
        redirect: 'manual',
      });
      const body = Buffer.from(await answer.arrayBuffer());
      /** @type {Record<string, string | number>} */
      const headers = { 'content-length': body.length };
      for (const name of ['content-type', 'cache-control', 'location']) {
        const value = answer.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      if (isWasm) wasm.push(answer.status);
      response.writeHead(answer.status, headers);
      if (isWasm && how === 'cut') {
        response.write(body.subarray(0, 32 * 1024));
        setTimeout(() => response.destroy(), 200);
        return;
      }
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  ctx.onCleanup(() => {
    release();
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve(undefined)));
  });
  return { url: `http://127.0.0.1:${port}/`, release, wasm };
}

/** The timeline's own status ("N of M events"). */
const timelineStatus = { ...statusRole, within: { css: '#timeline' } };

const appState = (/** @type {any} */ tab) => tab.evaluate(() => document.documentElement.dataset.app ?? null);
const urlSearch = (/** @type {any} */ tab) => tab.evaluate(() => location.search);

/**
 * What a page whose app could not start shows, in any engine: the alert
 * with "Reload", no comment form nor comment button, <html data-app="failed">,
 * and a timeline that still answers a tap.
 */
async function failedToStart(tab, d) {
  const couldNot = { ...alert, hasText: 'could not start' };
  await tab.waitFor(couldNot, { timeout: 25_000 });
  assert.equal(await tab.count({ role: 'button', name: 'Reload', within: couldNot }), 1, 'a Reload button in it');
  assert.equal(await tab.count({ ...mainForm, hidden: true }), 1, 'precondition: the comment form is in the page');
  assert.equal(await tab.count(mainForm), 0, 'the comment form is not displayed');
  assert.equal(await tab.count({ role: 'button', within: comments }), 0, 'no comment button is displayed');
  assert.equal(await appState(tab), 'failed', '<html data-app="failed">');
  const slug = 'governance';
  await tab.click(toggle(labelOf(d, slug)));
  await until(async () => assert.equal(await tab.attr(toggle(labelOf(d, slug)), 'aria-pressed'), 'true'), {
    message: 'the toggle pressed without the app',
  });
  await shows(tab, d, expectedCount(d, { focus: [slug] }));
  assert.equal(await urlSearch(tab), `?focus=${slug}`);
}

// ---------------------------------------------------------------------------
// The flows

export const startFlows = [];
/**
 * needsInterception: skipped where the driver cannot fail a request (engine.noInterception);
 * allowDriver: the driver's reports of page errors that are the engine's own, not the page's.
 * @typedef {{ needsFirstHtml?: boolean, needsInterception?: boolean, allowDriver?: RegExp[] }} FlowOptions
 */
/**
 * @param {string} name
 * @param {(ctx: any) => Promise<void>} run
 * @param {FlowOptions} [opts]
 */
const flow = (name, run, opts = {}) => startFlows.push({ name, run, ...opts });

flow(
  'a tap before the app starts counts: the app starts with the toggle pressed, the list filtered, the URL',
  async (ctx) => {
    const { tab, data: d } = ctx;
    const slug = 'security-justice';
    const label = labelOf(d, slug);
    // The wasm is held until the tap is made: the tap is on the built page,
    // and the app cannot have started before it, however fast the engine.
    const gate = await wasmGate(ctx, 'hold');
    await tab.goto(gate.url);
    await tab.waitFor(events);
    await tab.click(toggle(label));
    assert.equal(await appState(tab), null, 'precondition: the app had not started when the toggle was tapped');
    gate.release();
    await ready(tab, d);
    const n = expectedCount(d, { focus: [slug] });
    assert.ok(n > 0 && n < d.events.length, 'precondition: the focus narrows the list');
    // What the app shows once started, all at once (a failure shows it all).
    const seen = async () => ({
      pressed: await tab.attr(toggle(label), 'aria-pressed'),
      all: await tab.attr(allButton, 'aria-pressed'),
      listed: await tab.count(eventItems),
      status: (await tab.all(timelineStatus)).map((s) => s.text).join(' | '),
      search: await urlSearch(tab),
    });
    const want = {
      pressed: 'true',
      all: 'false',
      listed: n,
      status: `${n} of ${d.events.length} events`,
      search: `?focus=${slug}`,
    };
    await until(async () => assert.deepEqual(await seen(), want), { message: `the tap on ${label} counted` });
  },
  { needsFirstHtml: true },
);

/**
 * How each case breaks the start: the URL to open, and what the gate gave the wasm (none when the driver breaks it).
 * @type {[string, (ctx: any) => Promise<{ url: string, wasm: number[] | null }>, FlowOptions?][]}
 */
const failures = [
  ['the wasm answers 404', (ctx) => wasmGate(ctx, '404')],
  [
    "the wasm's download is cut mid-way",
    (ctx) => wasmGate(ctx, 'cut'),
    // Firefox itself reports the cut body it was reading for the page's
    // stream (FetchStreamReader, "Failed to read data from the
    // ReadableStream"), as a JavaScript error in the page's log, which
    // WebDriver BiDi hands to puppeteer as a page error. No script of the
    // page throws: the start script handles the failure, and the collector
    // in the page hears no error and no unhandled rejection.
    { allowDriver: [/Failed to read data from the ReadableStream: /] },
  ],
  [
    'the driver aborts the wasm request',
    async (ctx) => {
      await ctx.session.failRequests(WASM_URL);
      return { url: ctx.url(), wasm: null };
    },
    { needsInterception: true },
  ],
];

for (const [name, breakIt, opts] of failures) {
  flow(
    `when ${name}: an alert says the app could not start, with Reload; no comment form; the timeline works`,
    async (ctx) => {
      const { tab, data: d } = ctx;
      const broken = await breakIt(ctx);
      await tab.goto(broken.url);
      await failedToStart(tab, d);
      if (broken.wasm) assert.ok(broken.wasm.length > 0, 'precondition: the page asked the gate for the wasm');
    },
    { needsFirstHtml: true, ...opts },
  );
}
