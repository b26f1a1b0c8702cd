// The first HTML (contract: "The first HTML"; issue 12): the page the build
// writes into index.html, readable before (and without) the app, and taken
// over by the app without anything moving or anything typed being lost.
import {
  appTest,
  assert,
  setupSuite,
  appUrl,
  readDataset,
  allParagraphs,
  sortedEvents,
  norm,
  startsWith,
  sleep,
  waitForStart,
  commentsUi as cm,
  timelineUi,
  DATA_URL,
  DIST_KOSOVO,
  holdWasm,
} from './helpers.mjs';
import { startServer } from '../../scripts/server.mjs';

setupSuite();

appTest(
  'without JavaScript: the article, every event, and a note that comments need JavaScript',
  async ({ page }) => {
    const data = readDataset();
    await page.goto(appUrl());
    assert.equal(norm(await page.locator('h1').innerText()), norm(data.article.headline));
    const body = norm(await page.locator('main').innerText());
    for (const p of allParagraphs(data)) assert.ok(body.includes(norm(p.text)), `paragraph ${p.id} is there`);
    const t = timelineUi(page);
    const titles = (await t.list.getByRole('heading', { level: 3 }).allInnerTexts()).map(norm);
    assert.deepEqual(
      titles,
      sortedEvents(data).map((e) => norm(e.title)),
      'every event, in order',
    );
    for (const e of data.events) {
      const item = norm(await t.item(e.id).innerText());
      assert.ok(item.includes(norm(e.significance)), `${e.id}: its significance`);
    }
    // Controls only the app can work are not shown; the comments say why.
    assert.equal(await t.group.isVisible(), false, 'no filter buttons');
    assert.equal(await t.search.isVisible(), false, 'no search box');
    const c = cm(page);
    await c.heading.waitFor({ state: 'visible' });
    assert.equal(await c.form.isVisible(), false, 'no comment form');
    assert.match(norm(await c.section.innerText()), /Comments need JavaScript/);
  },
  { context: { javaScriptEnabled: false } },
);

appTest(
  'index.html carries the title, description, link preview and one NewsArticle from the dataset',
  async ({ page }) => {
    const data = readDataset();
    await page.goto(appUrl());
    await waitForStart(page);
    const head = await page.evaluate(() => {
      const meta = (key) =>
        [
          .../** @type {NodeListOf<HTMLMetaElement>} */ (
            document.querySelectorAll(`meta[name="${key}"], meta[property="${key}"]`)
          ),
        ].map((m) => m.content);
      const ld = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent);
      return {
        title: document.title,
        description: meta('description'),
        ogType: meta('og:type'),
        ogTitle: meta('og:title'),
        ogDescription: meta('og:description'),
        ogSiteName: meta('og:site_name'),
        ogLocale: meta('og:locale'),
        ogImage: meta('og:image'),
        ogUrl: meta('og:url'),
        canonical: document.querySelectorAll('link[rel="canonical"]').length,
        twitterCard: meta('twitter:card'),
        ld,
        h1: document.querySelector('h1')?.textContent,
      };
    });
    assert.equal(head.title, data.article.headline);
    assert.deepEqual(head.description, [data.article.description]);
    assert.deepEqual(head.ogType, ['article']);
    assert.deepEqual(head.ogTitle, [data.article.headline]);
    assert.deepEqual(head.ogDescription, [data.article.description]);
    assert.equal(head.ogSiteName.length, 1);
    assert.equal(head.ogLocale.length, 1);
    assert.equal(head.ogImage.length, 1);
    assert.match(head.ogImage[0], /\/icons\/icon-512\.png$/, 'the app icon, as the dataset names no image');
    assert.deepEqual(head.ogUrl, [], 'no og:url without the site origin');
    assert.equal(head.canonical, 0, 'no canonical link without the site origin');
    assert.equal(head.twitterCard.length, 1);
    assert.equal(head.ld.length, 1, 'one JSON-LD block');
    const ld = JSON.parse(head.ld[0]);
    assert.equal(ld['@type'], 'NewsArticle');
    assert.equal(ld.headline, norm(head.h1), 'its headline is the h1');
    assert.equal(ld.description, data.article.description);
    assert.equal(typeof ld.inLanguage, 'string');
    assert.equal(ld.isAccessibleForFree, true);
    for (const invented of ['author', 'datePublished'])
      assert.ok(!(invented in ld), `no ${invented}: the dataset has none`);
  },
);

appTest('under a sub-path the link preview names its image under that path', async ({ page, onCleanup }) => {
  const server = await startServer({ root: DIST_KOSOVO, base: '/kosovo/' });
  onCleanup(() => server.close());
  await page.goto(new URL('', server.url).href);
  await waitForStart(page);
  const image = await page.evaluate(() => document.querySelector('meta[property="og:image"]')?.getAttribute('content'));
  assert.equal(image, '/kosovo/icons/icon-512.png');
  const ld = JSON.parse(
    await page.evaluate(() => document.querySelector('script[type="application/ld+json"]')?.textContent ?? ''),
  );
  assert.deepEqual(ld.image, ['/kosovo/icons/icon-512.png']);
});

appTest(
  'text typed into the Comment box before the app starts survives the takeover, with the focus and the scroll',
  async ({ page, context }) => {
    const release = await holdWasm(context);
    await page.setViewportSize({ width: 900, height: 600 });
    await page.goto(appUrl());
    const c = cm(page);
    await c.text.waitFor({ state: 'visible' });
    await c.name.fill('Early reader');
    await c.text.click();
    await page.keyboard.type('Typed before the app started');
    // The caret between "Typed" and " before": kept too.
    // The focus is in the comment box (clicked above).
    await page.evaluate(() => /** @type {HTMLTextAreaElement} */ (document.activeElement).setSelectionRange(5, 5));
    const before = await page.evaluate(() => ({ y: window.scrollY, id: document.activeElement?.id }));
    assert.ok(before.y > 0, 'the page is scrolled to the form');
    assert.equal(await page.locator('html[data-app]').count(), 0, 'the app is not running yet');

    release();
    await waitForStart(page);
    const after = await page.evaluate(() => ({
      y: window.scrollY,
      id: document.activeElement?.id,
      caret: /** @type {HTMLTextAreaElement | null} */ (document.activeElement)?.selectionStart,
    }));
    assert.equal(await c.text.inputValue(), 'Typed before the app started');
    assert.equal(await c.name.inputValue(), 'Early reader');
    assert.equal(after.id, before.id, 'the keyboard is still in the Comment box');
    assert.equal(after.caret, 5, 'and the caret where it was');
    assert.ok(Math.abs(after.y - before.y) <= 1, `the scroll stays (${before.y} -> ${after.y})`);

    await c.post.click();
    await c.byText('Typed before the app started').waitFor({ state: 'visible' });
    assert.match(norm(await c.byText('Typed before the app started').innerText()), /Early reader/);
  },
);

appTest(
  "the article the build wrote stays as it is: the app renders only the timeline's controls and results, and the comments",
  async ({ page, context }) => {
    const release = await holdWasm(context);
    await page.goto(appUrl());
    await page.locator('h1').waitFor();
    const mark = () =>
      page.evaluate(() => {
        const parts = {
          headline: document.querySelector('h1'),
          paragraph: document.querySelector('.article-body > .paragraph'),
          timelineSection: document.querySelector('section.timeline'),
          timelineControls: document.getElementById('timeline-controls'),
          timelineResults: document.getElementById('timeline-results'),
          comments: document.querySelector('section.comments'),
        };
        for (const [part, el] of Object.entries(parts)) {
          if (!el) throw new Error(`the built page has no ${part}`);
          el.__kbBuilt = true;
        }
      });
    const built = () =>
      page.evaluate(() => {
        /** Whether the element `selector` finds is the one the build wrote (a missing one fails). */
        const isBuilt = (selector) => {
          const el = document.querySelector(selector);
          if (!el) throw new Error(`the page has no ${selector}`);
          return el.__kbBuilt === true;
        };
        return {
          headline: isBuilt('h1'),
          paragraph: isBuilt('.article-body > .paragraph'),
          timelineSection: isBuilt('section.timeline'),
          timelineControls: isBuilt('#timeline-controls'),
          timelineResults: isBuilt('#timeline-results'),
          comments: isBuilt('section.comments'),
        };
      });
    await mark();
    release();
    await waitForStart(page);
    assert.deepEqual(await built(), {
      headline: true,
      paragraph: true,
      timelineSection: true,
      timelineControls: false,
      timelineResults: false,
      comments: false,
    });
    // And the kept article works with the live timeline: "Read in article" marks it.
    const event = readDataset().events[0];
    await timelineUi(page)
      .item(event.id)
      .getByRole('link', { name: startsWith('Read in article') })
      .click();
    const para = page.locator(`[id="para-${event.paragraph}"]`);
    await para.getByRole('link', { name: startsWith('Back to the timeline') }).waitFor();
    assert.ok(await para.evaluate((el) => el.classList.contains('highlighted')));
  },
);

/** The cumulative layout shift of a cold load, measured in the page. */
async function coldLoadShift(page) {
  await page.addInitScript(() => {
    window.__kbShift = 0;
    new PerformanceObserver((list) => {
      // Layout-shift entries (LayoutShift is not in TypeScript's DOM types).
      for (const entry of /** @type {(PerformanceEntry & { hadRecentInput: boolean, value: number })[]} */ (
        list.getEntries()
      ))
        if (!entry.hadRecentInput) window.__kbShift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(appUrl());
  await waitForStart(page);
  // Effects, the clock, the worker's registration: whatever follows the start.
  await sleep(1000);
  return page.evaluate(() => window.__kbShift);
}

for (const [label, viewport] of /** @type {[string, { width: number, height: number }][]} */ ([
  ['a desk', { width: 1280, height: 800 }],
  ['a phone', { width: 390, height: 844 }],
])) {
  appTest(`a cold load on ${label} shifts nothing: cumulative layout shift at most 0.02`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const shift = await coldLoadShift(page);
    assert.ok(shift <= 0.02, `cumulative layout shift ${shift.toFixed(4)}`);
  });
}

appTest('a dataset replaced after the build is what the page shows once started', async ({ page, context }) => {
  const data = readDataset();
  const edited = structuredClone(data);
  edited.article.headline = 'A headline an editor changed after the build';
  edited.events[0].title = 'An event title changed after the build';
  await context.route(DATA_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(edited) }),
  );
  await page.goto(appUrl());
  await waitForStart(page);
  assert.equal(norm(await page.locator('h1').innerText()), edited.article.headline);
  assert.equal(await page.title(), edited.article.headline);
  await timelineUi(page).item(edited.events[0].id).getByRole('heading', { name: edited.events[0].title }).waitFor();
  assert.equal(
    await page.getByText(data.article.headline, { exact: true }).count(),
    0,
    'nothing of the built page is left',
  );
});

appTest('a query and a fragment apply once the app has started', async ({ page }) => {
  const data = readDataset();
  const event = data.events.find((e) => e.focus_area === 'security-justice' && /banjska/i.test(e.title));
  assert.ok(event, 'the dataset has the Banjska event');
  await page.goto(appUrl(`?focus=security-justice&q=banjska#event-${event.id}`));
  await waitForStart(page);
  const t = timelineUi(page);
  const titles = (await t.list.getByRole('heading', { level: 3 }).allInnerTexts()).map(norm);
  assert.deepEqual(titles, [norm(event.title)]);
  assert.match(
    norm(await page.locator('.timeline-status').innerText()),
    new RegExp(`^1 of ${data.events.length} events`),
  );
  assert.equal(await t.toggle('Security/Justice').getAttribute('aria-pressed'), 'true');
  assert.equal(await t.search.inputValue(), 'banjska');
  assert.equal(await page.evaluate(() => document.activeElement?.id), `event-${event.id}`);
  assert.ok(await t.item(event.id).isVisible());
});

appTest('the takeover logs no console error, no uncaught error and no CSP violation', async ({ page }) => {
  await page.goto(appUrl());
  await waitForStart(page);
  await page.getByRole('button', { name: startsWith('Security/Justice') }).click();
  await sleep(500);
  assert.deepEqual(await page.evaluate(() => window.__kbCsp), [], 'no securitypolicyviolation event');
});
