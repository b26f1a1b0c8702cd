// Long lists render a page at a time: the timeline's matching events and the
// comments' conversations, each with a "Show more" button; the counts still
// cover everything, a deep link renders enough to include its event, and a
// new query starts again from one page.
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  eventually,
  readDataset,
  DATA_URL,
  commentsKey,
  sleep,
  timelineUi as tl,
} from './helpers.mjs';

setupSuite();

const PAGE = 50;
const EVENTS = 120;

/** The real dataset with its events cloned to `count`, ids "<id>-n<k>". */
function bigDataset(count) {
  const data = readDataset();
  const events = [];
  for (let k = 0; events.length < count; k++) {
    for (const e of data.events) {
      if (events.length === count) break;
      events.push({ ...e, id: `${e.id}-n${k}`, sort_key: events.length });
    }
  }
  return { ...data, events };
}

async function serveBig(context, data) {
  await context.route(DATA_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(data) }),
  );
}

const rendered = (page) => page.locator('ol[aria-label="Timeline events"] > li');

appTest(
  'the timeline renders a page of events, "Show more" adds one, focus goes to the first added',
  async ({ page, context }) => {
    const data = bigDataset(EVENTS);
    await serveBig(context, data);
    await gotoApp(page);
    const t = tl(page);
    await eventually(async () =>
      assert.match(
        await page.getByRole('status').filter({ hasText: 'events' }).first().innerText(),
        new RegExp(`${EVENTS} of ${EVENTS}`),
      ),
    );
    assert.equal(await rendered(page).count(), PAGE);
    const more = page.getByRole('button', { name: `Show ${PAGE} more` });
    await more.click();
    await eventually(async () => assert.equal(await rendered(page).count(), 2 * PAGE));
    const firstAdded = `event-${data.events[PAGE].id}`;
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), firstAdded));
    // The last page holds what is left.
    await page.getByRole('button', { name: `Show ${EVENTS - 2 * PAGE} more` }).click();
    await eventually(async () => assert.equal(await rendered(page).count(), EVENTS));
    assert.equal(await page.getByRole('button', { name: /^Show \d+ more/ }).count(), 0);
    // A new query starts again from one page.
    await t.search.fill('e');
    await eventually(async () => assert.equal(await rendered(page).count(), PAGE));
  },
);

appTest('a deep link to an event beyond the first page renders it and focuses it', async ({ page, context }) => {
  const data = bigDataset(EVENTS);
  await serveBig(context, data);
  const target = data.events[EVENTS - 5].id;
  await gotoApp(page, `#event-${target}`);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), `event-${target}`));
  assert.equal(await rendered(page).count(), EVENTS);
});

appTest(
  'reading an event beyond the first page in the article, then coming back or going Back, keeps the rows',
  async ({ page, context }) => {
    const data = bigDataset(EVENTS);
    await serveBig(context, data);
    await gotoApp(page);
    await page.getByRole('button', { name: `Show ${PAGE} more` }).click();
    await eventually(async () => assert.equal(await rendered(page).count(), 2 * PAGE));
    const e = data.events[PAGE + 30];
    const readIt = page.locator(`li[id="event-${e.id}"]`).getByRole('link', { name: /^Read in article/ });
    // "Back to the timeline": the event is still there, and focused.
    await readIt.click();
    await page.getByRole('link', { name: /^Back to the timeline/ }).click();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), `event-${e.id}`));
    assert.equal(await rendered(page).count(), 2 * PAGE);
    // The browser's Back button: a fragment change, not a new query.
    await readIt.click();
    await eventually(async () => assert.match(page.url(), /#para-/));
    await page.goBack();
    await eventually(async () => assert.match(page.url(), new RegExp(`#event-${e.id}$`)));
    await sleep(200);
    assert.equal(await rendered(page).count(), 2 * PAGE);
  },
);

appTest(
  'comments render the newest 50 conversations; "Show more comments" adds the rest',
  async ({ page, context }) => {
    const data = readDataset();
    const comments = [];
    for (let i = 0; i < 60; i++) {
      const minute = String(i % 60).padStart(2, '0');
      comments.push({
        id: `c${i}`,
        author: `Reader ${i}`,
        text: `Comment number ${i}`,
        created_at: `2026-11-27T10:${minute}:00.000Z`,
      });
    }
    const doc = JSON.stringify({ version: 2, article: data.article.id, comments });
    await context.addInitScript(
      ([key, value]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, value);
      },
      [commentsKey(data.article.id), doc],
    );
    await gotoApp(page);
    const list = page.locator('ol.comment-list article.comment');
    await eventually(async () => assert.equal(await list.count(), 50));
    assert.match(await page.getByRole('heading', { level: 2, name: /^Comments/ }).innerText(), /\(60\)/);
    // Newest first: the first one shown is the last posted.
    assert.match(await list.first().innerText(), /Comment number 59/);
    await page.getByRole('button', { name: 'Show more comments' }).click();
    await eventually(async () => assert.equal(await list.count(), 60));
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'comment-c9'));
    assert.equal(await page.getByRole('button', { name: 'Show more comments' }).count(), 0);
  },
);
