// What readers write is kept (issue 17, CONTRACT "Keeping what readers
// write"): the text of an open Reply or Edit box survives a reload, the
// browser is asked to keep the storage only after the reader's first post,
// and where it has not agreed, the section says so and counts the comments
// that no export holds.
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  waitForArticle,
  eventually,
  postComment,
  commentsUi as cm,
} from './helpers.mjs';

setupSuite();

/**
 * Replaces `navigator.storage.persist/persisted` before the app runs: each
 * call is counted in `window.__storageCalls`; `answer` is what both say
 * (`undefined`: the browser's own answer).
 * @param {import('playwright-core').Page} page
 * @param {boolean} [answer]
 */
async function spyOnStorage(page, answer) {
  await page.addInitScript((stubbed) => {
    const calls = { persist: 0, persisted: 0 };
    Object.assign(window, { __storageCalls: calls });
    const storage = navigator.storage;
    for (const method of /** @type {const} */ (['persist', 'persisted'])) {
      const own = storage[method].bind(storage);
      Object.defineProperty(storage, method, {
        configurable: true,
        value: () => {
          calls[method] += 1;
          return stubbed === undefined ? own() : Promise.resolve(stubbed);
        },
      });
    }
  }, answer);
}

/** @param {import('playwright-core').Page} page */
const storageCalls = (page) => page.evaluate(() => /** @type {any} */ (window).__storageCalls);

/**
 * The box's text and whether the caret is at its end.
 * @param {import('playwright-core').Locator} box
 */
const textAndCaret = (box) =>
  box.evaluate((el) => {
    const area = /** @type {HTMLTextAreaElement} */ (el);
    const end = area.value.length;
    return { text: area.value, caretAtEnd: area.selectionStart === end && area.selectionEnd === end };
  });

/** @param {import('playwright-core').Page} page */
async function reload(page) {
  await page.reload();
  await waitForArticle(page);
}

appTest('a Reply draft is open again after a reload, and gone after Post or Cancel', async ({ page }) => {
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'The parent comment' });
  const c = cm(page);
  const replyBox = page.getByRole('form', { name: 'Reply to Ana' }).getByRole('textbox', { name: 'Reply' });

  await c.button('Reply to Ana').click();
  await replyBox.fill('Half a reply,\nstill going');
  await reload(page);
  await replyBox.waitFor({ state: 'visible' });
  assert.deepEqual(await textAndCaret(replyBox), { text: 'Half a reply,\nstill going', caretAtEnd: true });

  await page.getByRole('form', { name: 'Reply to Ana' }).getByRole('button', { name: 'Post reply' }).click();
  await c.byText('still going').waitFor({ state: 'visible' });
  await reload(page);
  await c.byText('still going').waitFor({ state: 'visible' });
  assert.equal(await replyBox.count(), 0, 'no reply form after Post and a reload');

  await c.button('Reply to Ana').click();
  await replyBox.fill('Never mind');
  await page.getByRole('form', { name: 'Reply to Ana' }).getByRole('button', { name: 'Cancel' }).click();
  await reload(page);
  assert.equal(await replyBox.count(), 0, 'no reply form after Cancel and a reload');
});

appTest('an Edit draft is open again after a reload, and gone after Save or Cancel', async ({ page }) => {
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'The first text' });
  const c = cm(page);
  const editor = page.getByRole('textbox', { name: 'Edit comment' });

  await c.button('Edit comment by Ana').click();
  await editor.fill('The first text, half edited');
  await reload(page);
  await editor.waitFor({ state: 'visible' });
  assert.deepEqual(await textAndCaret(editor), { text: 'The first text, half edited', caretAtEnd: true });

  await c.section.getByRole('button', { name: 'Save', exact: true }).click();
  await c.byText('half edited').locator('.comment-text').waitFor({ state: 'visible' });
  await reload(page);
  await c.byText('half edited').waitFor({ state: 'visible' });
  assert.equal(await editor.count(), 0, 'no editor after Save and a reload');

  await c.button('Edit comment by Ana').click();
  await editor.fill('Not this after all');
  await c.section.getByRole('button', { name: 'Cancel', exact: true }).click();
  await reload(page);
  assert.equal(await editor.count(), 0, 'no editor after Cancel and a reload');
  await c.byText('half edited').waitFor({ state: 'visible' });
});

appTest('the browser is asked to keep the storage after the first post, not on load, once', async ({ page }) => {
  await spyOnStorage(page);
  await gotoApp(page);
  await eventually(async () => assert.equal((await storageCalls(page)).persisted, 1, 'read at start'));
  assert.equal((await storageCalls(page)).persist, 0, 'not asked on load');

  await postComment(page, { name: 'Ana', text: 'The first comment' });
  await eventually(async () => assert.equal((await storageCalls(page)).persist, 1, 'asked after the first post'));
  await postComment(page, { name: 'Ana', text: 'The second comment' });
  assert.equal((await storageCalls(page)).persist, 1, 'asked once a page load');
});

/** @param {import('playwright-core').Page} page */
const notice = (page) => cm(page).section.locator('p').filter({ hasText: 'may clear these comments' });

appTest('where the storage is not kept, a notice counts the comments in no export', async ({ page }) => {
  await spyOnStorage(page, false);
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'The first comment' });
  await eventually(async () => assert.match(await notice(page).innerText(), /1 comment is not in any export\./));
  await postComment(page, { name: 'Ana', text: 'The second comment' });
  await eventually(async () => assert.match(await notice(page).innerText(), /2 comments are not in any export\./));

  await Promise.all([page.waitForEvent('download'), cm(page).button('Export comments').click()]);
  await eventually(async () => assert.doesNotMatch(await notice(page).innerText(), /export\./));
  assert.match(await notice(page).innerText(), /This browser may clear these comments/, 'the warning stays');
  await reload(page);
  assert.doesNotMatch(await notice(page).innerText(), /export\./, 'after a reload too');

  await cm(page).button('Edit comment by Ana').first().click();
  await page.getByRole('textbox', { name: 'Edit comment' }).fill('The second comment, edited');
  await cm(page).section.getByRole('button', { name: 'Save', exact: true }).click();
  await eventually(async () => assert.match(await notice(page).innerText(), /1 comment is not in any export\./));
});

appTest('where the browser keeps the storage, there is no warning', async ({ page }) => {
  await spyOnStorage(page, true);
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'A comment' });
  await eventually(async () => assert.equal((await storageCalls(page)).persist, 1));
  assert.equal(await notice(page).count(), 0);
});

appTest('a browser without navigator.storage is "not persistent": the notice, and no error', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'storage', { configurable: true, get: () => undefined });
  });
  await gotoApp(page);
  assert.equal(await page.evaluate(() => navigator.storage), undefined, 'the API is gone');
  await postComment(page, { name: 'Ana', text: 'A comment' });
  await eventually(async () => assert.match(await notice(page).innerText(), /1 comment is not in any export\./));
  assert.match(await notice(page).innerText(), /This browser may clear these comments/);
});
