// Two tabs whose copies of localStorage lag (contract: "Open tabs
// converge"; issue 13). Each tab's copy lags on demand, as Chromium's
// per-renderer copy can: while it lags, the tab reads the comments as they
// were (plus its own writes) and hears of the other tab's writes only when
// the lag ends. Each race is checked in both tabs after both reload.
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  waitForArticle,
  readDataset,
  commentsKey,
  commentsUi as cm,
  postComment,
  ownButton,
} from './helpers.mjs';

setupSuite();

const articleId = () => readDataset().article.id;

/** Runs in the page before its scripts: a copy of storage that can lag. */
function laggingStorage() {
  const realGet = Storage.prototype.getItem;
  const realSet = Storage.prototype.setItem;
  const isComments = (key) => String(key).includes(':comments:');
  let frozen = null;
  const held = [];
  Storage.prototype.getItem = function (key) {
    return frozen && isComments(key) ? (frozen.has(key) ? frozen.get(key) : null) : realGet.call(this, key);
  };
  Storage.prototype.setItem = function (key, value) {
    realSet.call(this, key, value);
    if (frozen && isComments(key)) frozen.set(key, String(value));
  };
  window.addEventListener(
    'storage',
    (e) => {
      if (frozen) {
        held.push(e);
        e.stopImmediatePropagation();
      }
    },
    true,
  );
  // What storage really holds, past this tab's copy.
  window.__stored = (key) => realGet.call(localStorage, key);
  window.__startLag = () => {
    frozen = new Map(
      Object.keys(localStorage)
        .filter(isComments)
        .map((k) => [k, realGet.call(localStorage, k)]),
    );
  };
  window.__endLag = () => {
    frozen = null;
    for (const e of held.splice(0)) {
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: e.key,
          oldValue: e.oldValue,
          newValue: e.newValue,
          url: e.url,
          storageArea: e.storageArea,
        }),
      );
    }
  };
}

/** Two tabs of one context, each with a copy of storage that lags on demand. */
async function twoLaggingTabs(page, context) {
  await context.addInitScript(laggingStorage);
  const other = await context.newPage();
  await gotoApp(page);
  await gotoApp(other);
  return [page, other];
}

const lag = (p) => p.evaluate(() => window.__startLag());
const catchUp = (p) => p.evaluate(() => window.__endLag());
const stored = (p) => p.evaluate((k) => window.__stored(k), commentsKey(articleId()));

/** After both tabs reload, each shows `shown` and none of `gone`. */
async function bothShowAfterReload(tabs, { shown, gone }) {
  for (const p of tabs) {
    await p.reload();
    await waitForArticle(p);
    for (const text of shown) await cm(p).byText(text).waitFor({ state: 'visible' });
    for (const text of gone)
      assert.equal(await cm(p).articles.filter({ hasText: text }).count(), 0, `"${text}" stays gone`);
  }
}

appTest("the post race: a post from a lagging copy loses neither tab's comment", async ({ page, context }) => {
  const [a, b] = await twoLaggingTabs(page, context);
  await postComment(a, { name: 'A', text: 'Seen by both tabs' });
  await cm(b).byText('Seen by both tabs').waitFor({ state: 'visible' });
  await lag(a);
  await lag(b);
  await postComment(a, { name: 'A', text: 'Written by tab A' });
  await postComment(b, { name: 'B', text: 'Written by tab B, from a lagging copy' });
  assert.ok(!(await stored(a)).includes('Written by tab A'), "precondition: B wrote over A's comment");
  await catchUp(a);
  await catchUp(b);
  for (const p of [a, b]) {
    for (const text of ['Written by tab A', 'Written by tab B']) await cm(p).byText(text).waitFor({ state: 'visible' });
  }
  await bothShowAfterReload([a, b], { shown: ['Seen by both tabs', 'Written by tab A', 'Written by tab B'], gone: [] });
});

// A's copy lags at nothing; B posts X; B's copy lags; A posts Y from its
// stale copy (dropping X); B deletes or edits X; A posts Z (dropping what B
// wrote); both catch up.
async function raceOverX(a, b, changeX) {
  await lag(a);
  await postComment(b, { name: 'B', text: 'X, by tab B' });
  await lag(b);
  await postComment(a, { name: 'A', text: 'Y, by tab A' });
  await changeX(cm(b).byText('X, by tab B'));
  await postComment(a, { name: 'A', text: 'Z, by tab A' });
  const raw = JSON.parse(await stored(a));
  assert.equal(raw.comments.length, 2, 'precondition: A wrote over X (only Y and Z are stored)');
  await catchUp(a);
  await catchUp(b);
}

appTest(
  'the delete race: a comment deleted while the other tab wrote from a stale copy stays deleted',
  async ({ page, context }) => {
    const [a, b] = await twoLaggingTabs(page, context);
    await raceOverX(a, b, async (x) => {
      await (await ownButton(x, 'Delete')).click();
      await x.waitFor({ state: 'detached' });
    });
    for (const p of [a, b]) await cm(p).byText('Z, by tab A').waitFor({ state: 'visible' });
    await bothShowAfterReload([a, b], { shown: ['Y, by tab A', 'Z, by tab A'], gone: ['X, by tab B'] });
  },
);

appTest(
  'the edit race: an edit made while the other tab wrote from a stale copy is kept',
  async ({ page, context }) => {
    const [a, b] = await twoLaggingTabs(page, context);
    await raceOverX(a, b, async (x) => {
      await (await ownButton(x, 'Edit')).click();
      const box = cm(b).section.getByRole('textbox', { name: 'Edit comment' });
      await box.fill('X, edited by tab B');
      await cm(b).button('Save').click();
      await cm(b).byText('X, edited by tab B').waitFor({ state: 'visible' });
    });
    for (const p of [a, b]) await cm(p).byText('X, edited by tab B').waitFor({ state: 'visible' });
    await bothShowAfterReload([a, b], {
      shown: ['X, edited by tab B', 'Y, by tab A', 'Z, by tab A'],
      gone: ['X, by tab B'],
    });
  },
);
