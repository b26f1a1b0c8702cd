// The readable copy of the comments (contract: "Keeping what readers write";
// issue 17): saved from the page, then opened with JavaScript off in a
// context that records every request it makes.
import fs from 'node:fs';
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  readDataset,
  startsWith,
  suite,
  eventually,
  norm,
  commentsUi as cm,
  postComment,
  ownButton,
} from './helpers.mjs';

setupSuite();

// The hostile texts of comments.test.mjs ("comments are plain text").
const HOSTILE = [
  '<img src=x onerror=window.__xss=1>',
  '<script>window.__xss=1</script>',
  '<svg onload=window.__xss=1>',
];
// Where the copy is opened: an address nothing answers but the copy.
const COPY_URL = 'https://readable-copy.invalid/copy.html';

async function reply(page, parentText, text) {
  await (await ownButton(cm(page).byText(parentText), 'Reply')).click();
  const form = page.getByRole('form', { name: startsWith('Reply to') });
  await form.getByRole('textbox', { name: 'Reply', exact: true }).fill(text);
  await form.getByRole('button', { name: 'Post reply' }).click();
  await cm(page).byText(text).waitFor({ state: 'visible' });
}

async function saveCopy(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save a readable copy', exact: true }).click(),
  ]);
  const file = await download.path();
  return { name: download.suggestedFilename(), html: fs.readFileSync(file, 'utf8') };
}

/** Opens `html` with JavaScript off; every request is recorded, only the copy answered. */
async function openCopy(html) {
  if (!suite.browser) throw new Error('no browser: setupSuite() launches it');
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  /** @type {string[]} */
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url !== COPY_URL) return route.abort();
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  const page = await context.newPage();
  await page.goto(COPY_URL);
  await page.waitForLoadState('load');
  return { context, page, requests };
}

/** The text of the first comment of the list item that holds the comment with `text`'s reply list. */
async function parentOf(page, text) {
  return page.evaluate((t) => {
    const article = [...document.querySelectorAll('article')].find((a) => a.textContent.includes(t));
    const item = article?.closest('ol')?.closest('li');
    return item?.querySelector(':scope > article')?.textContent ?? null;
  }, text);
}

appTest(
  'a readable copy holds every comment as text, replies under their parent, and runs and fetches nothing',
  async ({ page }) => {
    await gotoApp(page);
    const data = readDataset();
    for (const p of HOSTILE) await postComment(page, { name: p, text: `payload ${p}` });
    await postComment(page, { name: 'Lin', text: 'first line\nsecond line' });
    await reply(page, 'first line', 'A reply to Lin');
    await postComment(page, { name: 'Pia', text: 'Parent to delete' });
    await reply(page, 'Parent to delete', 'Reply of a deleted comment');
    await (await ownButton(cm(page).byText('Parent to delete'), 'Delete')).click();
    await eventually(async () => assert.equal(await cm(page).section.getByText('Parent to delete').count(), 0));

    const copy = await saveCopy(page);
    const day = new Date().toISOString().slice(0, 10);
    assert.equal(copy.name, `kosovo-briefing-comments-${data.article.id}-${day}.html`);

    const { context, page: opened, requests } = await openCopy(copy.html);
    try {
      assert.deepEqual(requests, [COPY_URL], 'nothing fetched beyond the copy itself');
      assert.equal(norm(await opened.locator('h1').innerText()), norm(data.article.headline), 'the headline');
      assert.equal(await opened.locator('script').count(), 0, 'no script element');
      assert.equal(await opened.locator('img, svg, iframe, object, embed, link, [onerror], [onload]').count(), 0);
      const body = await opened.locator('body').innerText();
      for (const p of HOSTILE) {
        assert.ok(body.includes(`payload ${p}`), `shown as text: ${p}`);
        assert.ok(body.split(`payload ${p}`).join('').includes(p), `the name shown as text: ${p}`);
      }
      const lin = opened.locator('article').filter({ hasText: 'first line' }).first();
      assert.match(await lin.locator('.text').innerText(), /^first line\nsecond line$/, 'the line break kept');
      assert.equal(await lin.locator('.text').evaluate((el) => getComputedStyle(el).whiteSpace), 'pre-wrap');
      assert.ok((await parentOf(opened, 'A reply to Lin'))?.includes('first line'), 'the reply in its parent');
      assert.match((await parentOf(opened, 'Reply of a deleted comment')) ?? '', /Comment deleted\./);
      assert.equal(await opened.getByText('Comment deleted.').count(), 1, 'one placeholder');
      const times = await opened.locator('article time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
      assert.equal(times.length, HOSTILE.length + 3, 'a time for every comment');
      for (const t of times) assert.match(t ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.equal(requests.length, 1, 'still nothing fetched');
    } finally {
      await context.close();
    }
  },
);
