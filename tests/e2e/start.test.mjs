// The start (contract: "The first HTML"; issue 18): a shared link is right
// from the first paint, a tap on the built page before the app runs counts,
// and an app that cannot start says so, with "Reload", and leaves no dead
// control. The wasm is held back, cut or refused by request interception
// (and, for a stream cut or stalled mid-way, by a server of the test's own).
import http from 'node:http';

import {
  appTest,
  assert,
  setupSuite,
  appUrl,
  eventually,
  readDataset,
  sortedEvents,
  suite,
  waitForStart,
  timelineUi,
  commentsUi,
  DATA_URL,
  FETCH_FAILURE_NOISE,
  WASM_URL,
  holdWasm,
} from './helpers.mjs';

setupSuite();

const GLUE_URL = /\/kosovo-briefing-[0-9a-f]+\.js$/;

// Runs before the page's scripts: what the first frame shows (a frame's
// animation callbacks run just before it is painted), and every layout
// shift from then on.
function firstFrameProbe() {
  const probe = { shift: 0, firstFrame: /** @type {null | { shown: string[], status: string }} */ (null) };
  Object.assign(window, { __kbStart: probe });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.shift += /** @type {any} */ (entry).value;
  }).observe({ type: 'layout-shift', buffered: true });
  requestAnimationFrame(() => {
    const list = document.querySelector('ol[aria-label="Timeline events"]');
    probe.firstFrame = {
      shown: [...(list?.children ?? [])]
        .filter((item) => !(/** @type {HTMLElement} */ (item).hidden))
        .map((item) => item.id),
      status: document.querySelector('#timeline [role="status"]')?.textContent ?? '',
    };
  });
}

// Held requests must reach the test: after a first load, the app's service
// worker would serve the wasm from its cache, past the interception.
const NO_WORKER = { context: { serviceWorkers: /** @type {const} */ ('block') } };

/** The app's mark on the page (`<html data-app>`): null before it starts. */
function appMark(page) {
  return page.evaluate(() => document.documentElement.dataset.app ?? null);
}

/** The ids of the events the list shows, in order. */
function shownEvents(page) {
  return page
    .getByRole('list', { name: 'Timeline events' })
    .locator('li:visible')
    .evaluateAll((items) => items.map((item) => item.id));
}

function statusText(page) {
  return timelineUi(page).section.getByRole('status').innerText();
}

/**
 * The events the app shows for `focus` and `search`, from the dataset.
 * @param {any} data
 * @param {{ focus?: string[], search?: string }} query
 */
function expected(data, { focus = [], search = '' }) {
  const needle = search.trim().toLowerCase();
  const labelOf = new Map(data.focus_areas.map((area) => [area.slug ?? '', area.label]));
  return sortedEvents(data)
    .filter((event) => focus.length === 0 || focus.includes(event.focus_area))
    .filter((event) => {
      const text = `${event.title}\u001f${labelOf.get(event.focus_area)}\u001f${event.significance}`;
      return needle === '' || text.toLowerCase().includes(needle);
    })
    .map((event) => `event-${event.id}`);
}

/** @type {[string, string, { focus?: string[], search?: string }][]} */
const sharedLinks = [
  ['a focus filter', '?focus=governance#timeline', { focus: ['governance'] }],
  ['a search', '?q=law#timeline', { search: 'law' }],
];
for (const [name, query, want] of sharedLinks) {
  appTest(
    `a link with ${name} to the timeline's anchor is filtered from the first paint; nothing moves`,
    async ({ page, context }) => {
      const data = readDataset();
      const shown = expected(data, want);
      assert.ok(shown.length > 0 && shown.length < data.events.length, 'the query narrows the list');
      await context.addInitScript(firstFrameProbe);
      const release = await holdWasm(context);
      await page.setViewportSize({ width: 1024, height: 800 });
      await page.goto(appUrl(query), { waitUntil: 'domcontentloaded' });
      await page.waitForTimeout(1000);
      const probe = await page.evaluate(() => /** @type {any} */ (window).__kbStart);
      assert.deepEqual(probe.firstFrame.shown, shown, 'the first frame shows only the matching events');
      assert.match(probe.firstFrame.status, new RegExp(`^${shown.length} of ${data.events.length}\\b`));
      release();
      await waitForStart(page);
      await page.waitForTimeout(300);
      assert.deepEqual(await shownEvents(page), shown, 'the app shows the same events');
      const shift = await page.evaluate(() => /** @type {any} */ (window).__kbStart.shift);
      assert.ok(shift <= 0.02, `layout shift ${shift.toFixed(3)} is at most 0.02`);
    },
  );
}

appTest(
  'the built page and the app match the same events for the same query',
  async ({ page, context }) => {
    const data = readDataset();
    // Case, typographic quotes, spaces around, two fields apart, Latin-1 and
    // Latin Extended-A capitals, nothing; and unknown slugs beside known ones.
    const searches = ['', 'LAW', 'kosovo’s', "KOSOVO'S", '  elections ', 'justice\u001fviolent', 'ÉLECT', 'ŁAW', 'zzz'];
    const links = [
      '?focus=governance,security-justice',
      '?focus=representation,nowhere&q=ASSEMBLY',
      '?focus=&q=%E2%80%9Cactive',
      '?q=a+b&focus=legal-border-control',
    ];
    const seen = async () => ({ shown: await shownEvents(page), status: await statusText(page) });
    // Not until "load": the preloaded wasm is held.
    const built = { waitUntil: /** @type {const} */ ('domcontentloaded') };
    for (const link of links) {
      const release = await holdWasm(context);
      await page.goto(appUrl(link), built);
      const before = await seen();
      assert.equal(await appMark(page), null, `the built page on ${link}, not the app`);
      release();
      await waitForStart(page);
      await context.unroute(WASM_URL);
      assert.deepEqual(await seen(), before, `the app agrees with the built page on ${link}`);
    }
    const release = await holdWasm(context);
    await page.goto(appUrl(), built);
    const t = timelineUi(page);
    /** @type {Record<string, { shown: string[], status: string }>} */
    const onBuiltPage = {};
    for (const search of searches) {
      await t.search.fill(search);
      onBuiltPage[search] = await seen();
    }
    assert.equal(await appMark(page), null, 'the built page, not the app');
    release();
    await waitForStart(page);
    for (const search of searches) {
      await t.search.fill(search);
      await eventually(async () =>
        assert.deepEqual(
          await seen(),
          onBuiltPage[search],
          `the app agrees with the built page on ${JSON.stringify(search)}`,
        ),
      );
    }
    assert.deepEqual(onBuiltPage.LAW.shown, expected(data, { search: 'law' }), 'the built page matches LAW as law');
  },
  NO_WORKER,
);

appTest(
  'on text the dataset lacks, the built page folds case and quotes as the app does',
  async ({ page, context }) => {
    const data = readDataset();
    const [first] = sortedEvents(data);
    // A letter of each of fold_for_search's branches: Latin Extended-A (even
    // and odd capitals, and Ÿ), Latin-1, Greek, Cyrillic, typographic quotes.
    const extra = ' ławka ĉapelo žena Ÿvon Àé Ωμέγα ДОМ Ѐ it’s “q”';
    const searches = ['ŁAWKA', 'ĈAPELO', 'ŽENA', 'ÿvon', 'àÉ', 'ωΜ', 'дом', 'ѐ', "IT'S", '"Q"'];
    // The app reads the same text from the dataset (then, not built from it,
    // it renders the page anew); the built page, from its title.
    await context.route(DATA_URL, (route) => {
      const edited = structuredClone(data);
      const event = edited.events.find((/** @type {any} */ e) => e.id === first.id);
      event.title += extra;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(edited) });
    });
    const release = await holdWasm(context);
    await page.goto(appUrl(), { waitUntil: 'domcontentloaded' });
    await page.evaluate(
      ([id, text]) => {
        const title = document.querySelector(`[id="event-${id}"] .event-title`);
        if (title) title.textContent += text;
      },
      [first.id, extra],
    );
    const t = timelineUi(page);
    for (const search of searches) {
      await t.search.fill(search);
      assert.deepEqual(await shownEvents(page), [`event-${first.id}`], `the built page matches ${search}`);
    }
    assert.equal(await appMark(page), null, 'the built page, not the app');
    release();
    await waitForStart(page);
    for (const search of searches) {
      await t.search.fill(search);
      await eventually(async () =>
        assert.deepEqual(await shownEvents(page), [`event-${first.id}`], `the app matches ${search}`),
      );
    }
  },
  NO_WORKER,
);

appTest(
  'a focus toggle pressed before the app starts shows pressed at once, and is applied when it starts',
  async ({ page, context }) => {
    const data = readDataset();
    const release = await holdWasm(context);
    await page.goto(appUrl());
    const t = timelineUi(page);
    await t.toggle('Governance').click();
    assert.equal(await t.toggle('Governance').getAttribute('aria-pressed'), 'true', 'pressed at once');
    assert.equal(await appMark(page), null, 'the app has not started yet');
    release();
    await waitForStart(page);
    assert.equal(await t.toggle('Governance').getAttribute('aria-pressed'), 'true', 'still pressed in the app');
    assert.equal(await t.all.getAttribute('aria-pressed'), 'false');
    const shown = expected(data, { focus: ['governance'] });
    assert.deepEqual(await shownEvents(page), shown);
    assert.match(await statusText(page), new RegExp(`^${shown.length} of ${data.events.length}\\b`));
    assert.equal(new URL(page.url()).search, '?focus=governance');
    // It was a new history entry, as a press in the app is: Back undoes it.
    await page.goBack();
    assert.equal(new URL(page.url()).search, '', 'Back stays on the page, without the filter');
    await eventually(async () => assert.equal(await t.toggle('Governance').getAttribute('aria-pressed'), 'false'));
    assert.equal((await shownEvents(page)).length, data.events.length);
  },
);

appTest(
  'a press and an unpress before the app starts, and "All": the app starts from what was pressed last',
  async ({ page, context }) => {
    const data = readDataset();
    const release = await holdWasm(context);
    await page.goto(appUrl());
    const t = timelineUi(page);
    await t.toggle('Governance').click();
    await t.toggle('Governance').click();
    await t.toggle('Representation').click();
    await t.toggle('Security/Justice').click();
    await t.all.click();
    await t.toggle('Representation').click();
    await t.newest.click();
    release();
    await waitForStart(page);
    for (const label of ['Governance', 'Security/Justice']) {
      assert.equal(await t.toggle(label).getAttribute('aria-pressed'), 'false', `${label} unpressed`);
    }
    assert.equal(await t.toggle('Representation').getAttribute('aria-pressed'), 'true');
    assert.equal(await t.newest.getAttribute('aria-pressed'), 'true', 'the order chosen is kept');
    assert.deepEqual(await shownEvents(page), expected(data, { focus: ['representation'] }).reverse());
    assert.equal(new URL(page.url()).search, '?focus=representation');
  },
);

/**
 * What a page whose app could not start must show: the alert with
 * "Reload", the timeline still answering, the comment form and buttons
 * gone, the app never started.
 * @param {import('playwright-core').Page} page
 */
async function assertStartFailed(page) {
  const alert = page.getByRole('alert').filter({ hasText: 'could not start' });
  await alert.waitFor({ timeout: 20_000 });
  assert.ok(await alert.getByRole('button', { name: 'Reload' }).isVisible(), 'a Reload button');
  const c = commentsUi(page);
  assert.equal(await c.form.isVisible(), false, 'no comment form');
  assert.equal(await c.section.getByRole('button').count(), 0, 'no comment buttons');
  // The timeline's controls are not dead: they work without the app.
  const t = timelineUi(page);
  await t.toggle('Governance').click();
  assert.equal(await t.toggle('Governance').getAttribute('aria-pressed'), 'true');
  assert.match(await statusText(page), /^1 of /);
  assert.equal(new URL(page.url()).search, '?focus=governance');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.app), 'failed');
}

/** @type {[string, (context: import('playwright-core').BrowserContext) => Promise<unknown>][]} */
const failures = [
  ['the wasm is refused', (context) => context.route(WASM_URL, (route) => route.abort())],
  ['the wasm answers 404', (context) => context.route(WASM_URL, (route) => route.fulfill({ status: 404, body: '' }))],
  ['the JS glue is refused', (context) => context.route(GLUE_URL, (route) => route.abort())],
  [
    'the browser has no WebAssembly',
    (context) =>
      context.addInitScript(() => {
        Reflect.deleteProperty(window, 'WebAssembly');
      }),
  ],
];

for (const [name, breakIt] of failures) {
  appTest(
    `when ${name}: an alert with Reload, no dead control, no uncaught error`,
    async ({ page, context }) => {
      await breakIt(context);
      await page.goto(appUrl());
      await assertStartFailed(page);
    },
    { allow: FETCH_FAILURE_NOISE },
  );
}

/**
 * A server in front of the suite's that can hold parts back: `htmlPause`
 * sends index.html up to the end of the timeline's list, then the rest that
 * many ms later; `wasm` sends the wasm's first bytes, then nothing more
 * (`stall`) or a dropped connection (`cut`).
 * @param {{ htmlPause?: number, wasm?: 'stall' | 'cut' }} how
 */
async function frontServer({ htmlPause = 0, wasm }) {
  const upstream = suite.server?.url ?? '';
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = http.createServer(async (request, response) => {
    const answer = await fetch(new URL(request.url ?? '/', upstream), {
      headers: { accept: request.headers.accept ?? '*/*' },
    });
    const body = Buffer.from(await answer.arrayBuffer());
    const type = answer.headers.get('content-type') ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' };
    response.writeHead(answer.status, headers);
    if (wasm && WASM_URL.test(request.url ?? '')) {
      response.write(body.subarray(0, 32 * 1024));
      if (wasm === 'cut') setTimeout(() => response.destroy(), 200);
    } else if (htmlPause > 0 && type.startsWith('text/html')) {
      const list = body.indexOf('aria-label="Timeline events"');
      const cut = body.indexOf('</ol>', list) + '</ol>'.length;
      assert.ok(list > 0 && cut < body.indexOf('id="comments"'), 'the cut is after the timeline, before the comments');
      response.write(body.subarray(0, cut));
      setTimeout(() => response.end(body.subarray(cut)), htmlPause);
    } else {
      response.end(body);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

// Runs before the page's scripts, for a page whose HTML comes in two parts:
// what its first frame shows and while which readyState, and the
// readyState when the app marked its start.
function parseProbe() {
  const probe = {
    firstFrame: /** @type {null | { readyState: string, shown: string[] }} */ (null),
    startedWhile: /** @type {string | null} */ (null),
  };
  Object.assign(window, { __kbParse: probe });
  requestAnimationFrame(() => {
    const list = document.querySelector('ol[aria-label="Timeline events"]');
    probe.firstFrame = {
      readyState: document.readyState,
      shown: [...(list?.children ?? [])]
        .filter((item) => !(/** @type {HTMLElement} */ (item).hidden))
        .map((item) => item.id),
    };
  });
  new MutationObserver(() => {
    if (probe.startedWhile === null && document.documentElement.dataset.app) probe.startedWhile = document.readyState;
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
}

appTest(
  'a focus link painted while its page is still parsed is already filtered',
  async ({ page, context, onCleanup }) => {
    const data = readDataset();
    const server = await frontServer({ htmlPause: 1500 });
    onCleanup(server.close);
    await context.addInitScript(parseProbe);
    await page.goto(`${server.url}?focus=governance#timeline`, { waitUntil: 'commit' });
    await page.waitForFunction(() => /** @type {any} */ (window).__kbParse?.firstFrame);
    const probe = await page.evaluate(() => /** @type {any} */ (window).__kbParse);
    assert.equal(probe.firstFrame.readyState, 'loading', 'the first frame came mid-parse (else this proves nothing)');
    assert.deepEqual(probe.firstFrame.shown, expected(data, { focus: ['governance'] }));
    await waitForStart(page);
  },
);

appTest('the app starts only once its page is whole', async ({ page, context, onCleanup }) => {
  const server = await frontServer({ htmlPause: 3000 });
  onCleanup(server.close);
  await context.addInitScript(parseProbe);
  await page.goto(server.url, { waitUntil: 'commit' });
  await waitForStart(page);
  const probe = await page.evaluate(() => /** @type {any} */ (window).__kbParse);
  assert.notEqual(probe.startedWhile, 'loading', 'the app started while the page was still being parsed');
});

for (const how of /** @type {const} */ (['cut', 'stall'])) {
  appTest(
    `when the wasm's download is ${how === 'cut' ? 'cut' : 'stalled'} mid-way: the alert with Reload${how === 'stall' ? ' after the watchdog' : ''}`,
    async ({ page, onCleanup }) => {
      const server = await frontServer({ wasm: how });
      onCleanup(server.close);
      const started = Date.now();
      await page.goto(server.url);
      await assertStartFailed(page);
      if (how === 'stall') {
        // The watchdog waits for 10 s without a byte: a slow phone is not a failure.
        assert.ok(Date.now() - started >= 9_000, `not before the watchdog (${Date.now() - started} ms)`);
      }
    },
    { allow: FETCH_FAILURE_NOISE, timeout: 60_000 },
  );
}
