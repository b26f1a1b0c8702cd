// The article: rendered from the dataset, with its errors (contract:
// "Article", "Errors and safety"; issue 2).
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  appUrl,
  eventually,
  readDataset,
  allParagraphs,
  norm,
  startsWith,
  sleep,
  waitForStart,
  DATA_URL,
  FETCH_FAILURE_NOISE,
} from './helpers.mjs';

setupSuite();

// The seed's four section headings, verbatim.
const SEED_HEADINGS = [
  'The Architecture of Normalization: Beyond the Brussels-Ohrid Framework',
  'Timeline of Recent Diplomatic and Political Milestones',
  'Security Imperatives and the Shadow of Banjska',
  'A Tripartite Approach to Peacekeeping',
];

// Tests that replace the dataset response route it for the whole context, so
// the service worker's requests (its precache, its network-first fetch) get
// the same answer as the page's. (Playwright's `serviceWorkers: 'block'` is
// no option: it makes navigator.serviceWorker.register() resolve to
// undefined, which no real browser does.)

// Console noise a failed request legitimately causes: FETCH_FAILURE_NOISE
// (helpers.mjs). What an invalid dataset may log:
const BAD_DATA_NOISE = [/briefing/i, /dataset/i, /json/i, /events\[/, /invalid/i, /missing/i];

function alertLocator(page) {
  return page.getByRole('alert').filter({ visible: true });
}

async function alertText(page) {
  const alert = alertLocator(page);
  await alert.first().waitFor({ state: 'visible' });
  return norm((await alert.allInnerTexts()).join(' '));
}

/** Serve a modified copy of the real dataset. */
async function routeDataset(context, mutate) {
  const data = readDataset();
  mutate(data);
  await context.route(DATA_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(data) }),
  );
}

appTest(
  'renders the article from the dataset: one h1, the seed headings as h2, every paragraph in order',
  async ({ page }) => {
    const data = readDataset();
    await gotoApp(page);

    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'exactly one h1');
    assert.equal(await page.locator('h1').count(), 1, 'exactly one h1 element');
    assert.equal(norm(await page.locator('h1').innerText()), norm(data.article.headline));

    for (const h of SEED_HEADINGS) {
      assert.equal(await page.getByRole('heading', { level: 2, name: h, exact: true }).count(), 1, `one h2 "${h}"`);
    }
    const h2s = (await page.getByRole('heading', { level: 2 }).allInnerTexts()).map(norm);
    assert.deepEqual(
      h2s.filter((t) => SEED_HEADINGS.includes(t)),
      SEED_HEADINGS,
      'the seed headings in the seed order',
    );

    // Every paragraph of the dataset, in reading order, after the h1.
    const text = norm(await page.locator('body').innerText());
    let at = text.indexOf(norm(data.article.headline));
    assert.ok(at >= 0, 'headline in the page text');
    for (const p of allParagraphs(data)) {
      const i = text.indexOf(norm(p.text), at);
      assert.ok(i >= 0, `paragraph ${p.id} shown after the previous one: "${p.text.slice(0, 60)}…"`);
      at = i;
    }
    // Each section heading comes before its own paragraphs.
    for (const s of data.article.sections) {
      const hi = text.indexOf(norm(s.heading));
      for (const p of s.paragraphs || []) {
        assert.ok(text.indexOf(norm(p.text)) > hi, `paragraph ${p.id} after the heading "${s.heading}"`);
      }
    }

    // The seed's table is not printed as a static table.
    assert.equal(await page.locator('table').count(), 0, 'no static table');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  },
);

appTest('opening #para-<id> brings that paragraph into view and focus', async ({ page }) => {
  const last = allParagraphs(readDataset()).at(-1);
  await gotoApp(page, `#para-${last.id}`);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), `para-${last.id}`));
  // Scrolling may be smooth (prefers-reduced-motion: no-preference): wait for it.
  await eventually(async () => {
    const inView = await page.locator(`[id="para-${last.id}"]`).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, 'the paragraph is in view');
  });
});

appTest('the document title and meta description come from the dataset', async ({ page }) => {
  const data = readDataset();
  await gotoApp(page);
  await eventually(async () => {
    const title = norm(await page.title());
    assert.ok(title.length > 0, 'title not empty');
    assert.ok(title.includes(norm(data.article.headline)), `title "${title}" names the headline`);
  });
  const descriptions = page.locator('meta[name="description"]');
  assert.equal(await descriptions.count(), 1, 'one meta description');
  await eventually(async () => {
    const d = norm(await descriptions.getAttribute('content'));
    assert.ok(d.length > 0, 'description not empty');
    assert.equal(d, norm(data.article.description));
  });
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
});

appTest(
  'while the dataset loads, the built page already shows the article and the timeline',
  async ({ page, context }) => {
    /** @type {(value?: unknown) => void} */
    let release = () => {};
    const held = new Promise((r) => (release = r));
    await context.route(DATA_URL, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(appUrl());
    const data = readDataset();
    await page.locator('h1', { hasText: data.article.headline }).waitFor({ state: 'visible' });
    assert.equal(
      await page.getByRole('list', { name: 'Timeline events' }).getByRole('listitem').count(),
      data.events.length,
    );
    assert.equal(await page.locator('html[data-app]').count(), 0, 'the app has not started without the dataset');
    release();
    await waitForStart(page);
    assert.equal(norm(await page.locator('h1').innerText()), norm(data.article.headline));
  },
);

appTest(
  'a network failure shows an alert with Retry, and Retry loads the article',
  async ({ page, context }) => {
    const data = readDataset();
    await context.route(DATA_URL, (route) => route.abort('failed'));
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.ok(text.length > 0, 'the alert says something');
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor({ state: 'visible' });
    // The built page stays readable under the alert.
    await page.locator('h1').filter({ hasText: data.article.headline }).waitFor({ state: 'visible' });
    await waitForStart(page, 'failed');

    // Retry while still failing: still an alert, no crash.
    await retry.click();
    await sleep(300);
    await alertLocator(page).first().waitFor({ state: 'visible' });

    await context.unroute(DATA_URL);
    await page.getByRole('button', { name: 'Retry' }).click();
    await waitForStart(page);
    assert.equal(norm(await page.locator('h1').innerText()), norm(data.article.headline));
    await eventually(async () =>
      assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0, 'Retry gone'),
    );
  },
  { allow: FETCH_FAILURE_NOISE },
);

appTest(
  'a request that never answers ends after 20 s in an alert with Retry',
  async ({ page, context }) => {
    const data = readDataset();
    let stalled = true;
    await context.route(DATA_URL, (route) => (stalled ? undefined : route.continue()));
    // Time runs on a fake clock: 20 s pass at once.
    await page.clock.install();
    await page.goto(appUrl());
    await page.locator('h1').filter({ hasText: data.article.headline }).waitFor({ state: 'visible' });
    await page.clock.fastForward(19_000);
    await sleep(300);
    assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0, 'still waiting at 19 s');
    await page.clock.fastForward(2_000);
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor({ state: 'visible' });
    assert.match(await alertText(page), /network did not answer/);
    stalled = false;
    await retry.click();
    await waitForStart(page);
  },
  { allow: FETCH_FAILURE_NOISE },
);

appTest(
  'an HTTP 500 shows an alert with Retry, and Retry loads the article',
  async ({ page, context }) => {
    const data = readDataset();
    await context.route(DATA_URL, (route) =>
      route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }),
    );
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.ok(text.length > 0);
    await page.getByRole('button', { name: 'Retry' }).waitFor({ state: 'visible' });
    await context.unroute(DATA_URL);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('h1').waitFor({ state: 'visible' });
    assert.equal(norm(await page.locator('h1').innerText()), norm(data.article.headline));
  },
  { allow: FETCH_FAILURE_NOISE },
);

appTest(
  'a dataset that is not valid JSON shows an alert naming the problem',
  async ({ page, context }) => {
    await context.route(DATA_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"schema_version": 1, "article": {"id": ' }),
    );
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.match(
      text,
      /json|parse|malformed|syntax|line \d+|column \d+|EOF|end of/i,
      `alert names the problem: "${text}"`,
    );
    assert.equal((await page.locator('h1').filter({ visible: true }).count()) <= 1, true);
  },
  { allow: BAD_DATA_NOISE },
);

appTest(
  'a missing required field is named in the alert (events[0].significance)',
  async ({ page, context }) => {
    await routeDataset(context, (d) => {
      delete d.events[0].significance;
    });
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.ok(text.includes('events[0]'), `alert names events[0]: "${text}"`);
    assert.ok(text.includes('significance'), `alert names significance: "${text}"`);
  },
  { allow: BAD_DATA_NOISE },
);

appTest(
  'an unknown focus area is named in the alert (events[N].focus_area)',
  async ({ page, context }) => {
    const data = readDataset();
    const n = Math.min(2, data.events.length - 1);
    await routeDataset(context, (d) => {
      d.events[n].focus_area = 'no-such-focus-area';
    });
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.ok(text.includes(`events[${n}].focus_area`), `alert names events[${n}].focus_area: "${text}"`);
  },
  { allow: BAD_DATA_NOISE },
);

appTest(
  'a duplicate event id is named in the alert (events[1].id)',
  async ({ page, context }) => {
    await routeDataset(context, (d) => {
      d.events[1].id = d.events[0].id;
    });
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.ok(text.includes('events[1].id'), `alert names events[1].id: "${text}"`);
  },
  { allow: BAD_DATA_NOISE },
);

appTest(
  'a dangling paragraph reference is named in the alert (events[0].paragraph)',
  async ({ page, context }) => {
    await routeDataset(context, (d) => {
      d.events[0].paragraph = 'no-such-paragraph';
    });
    await page.goto(appUrl());
    const text = await alertText(page);
    assert.ok(text.includes('events[0].paragraph'), `alert names events[0].paragraph: "${text}"`);
  },
  { allow: BAD_DATA_NOISE },
);

appTest('the normal flow logs no console error, no uncaught error and no CSP violation', async ({ page }) => {
  await gotoApp(page);
  // Let everything settle: worker registration, lazy work, a scroll through.
  await page.getByRole('list', { name: 'Timeline events' }).waitFor({ state: 'visible' });
  await page.getByRole('heading', { level: 2, name: startsWith('Comments') }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await sleep(1000);
  assert.deepEqual(await page.evaluate(() => window.__kbCsp), [], 'no securitypolicyviolation event');
  // appTest's guard then checks console errors and page errors.
});

appTest('index.html carries a CSP without unsafe-inline or unsafe-eval for scripts', async ({ page }) => {
  const res = await page.request.get(appUrl());
  assert.equal(res.status(), 200);
  const html = await res.text();
  const metas = [...html.matchAll(/<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi)];
  assert.equal(metas.length, 1, 'one CSP meta');
  const content = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(metas[0][0]);
  assert.ok(content, 'CSP meta has content');
  const policy = (content[1] ?? content[2])
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const directives = Object.fromEntries(
    policy
      .split(';')
      .map((p) => p.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...v]) => [name.toLowerCase(), v]),
  );
  const scriptSrc = directives['script-src'] ?? directives['default-src'];
  assert.ok(scriptSrc, 'script-src or default-src present');
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), `no 'unsafe-inline' in ${scriptSrc.join(' ')}`);
  assert.ok(!scriptSrc.includes("'unsafe-eval'"), `no 'unsafe-eval' in ${scriptSrc.join(' ')}`);
  // And the app really runs under it.
  await gotoApp(page);
});
