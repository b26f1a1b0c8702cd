// What a reader is typing survives what happens around it: a second click on
// Reply or Edit, and a change to the same thread from another tab; and
// unreadable data written by another tab is reported, not silently shown as
// an empty list.
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  eventually,
  postComment,
  readDataset,
  commentsKey,
  commentsUi as cm,
} from './helpers.mjs';

setupSuite();

appTest('a second click on Reply or Edit keeps the text being typed', async ({ page }) => {
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'The parent comment' });
  const c = cm(page);
  await c.button('Reply to Ana').click();
  const replyForm = page.getByRole('form', { name: 'Reply to Ana' });
  await replyForm.getByRole('textbox', { name: 'Reply' }).fill('half a reply');
  await c.button('Reply to Ana').click();
  assert.equal(await replyForm.getByRole('textbox', { name: 'Reply' }).inputValue(), 'half a reply');

  await c.button('Edit comment by Ana').click();
  const editor = page.getByRole('textbox', { name: 'Edit comment' });
  await editor.fill('The parent comment, half edited');
  await c.button('Edit comment by Ana').click();
  assert.equal(await editor.inputValue(), 'The parent comment, half edited');
});

appTest('a reply posted in another tab does not wipe an open editor in this one', async ({ page, context }) => {
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'The parent comment' });
  const c = cm(page);
  await c.button('Edit comment by Ana').click();
  const editor = page.getByRole('textbox', { name: 'Edit comment' });
  await editor.fill('An edit in progress');

  const other = await context.newPage();
  await gotoApp(other);
  await cm(other).button('Reply to Ana').click();
  const form = other.getByRole('form', { name: 'Reply to Ana' });
  await form.getByRole('textbox', { name: 'Reply' }).fill('A reply from the other tab');
  await form.getByRole('button', { name: 'Post reply' }).click();

  await c.byText('A reply from the other tab').waitFor({ state: 'visible' });
  assert.equal(await editor.inputValue(), 'An edit in progress');
});

appTest('unreadable comments written by another tab are reported and kept', async ({ page, context }) => {
  await gotoApp(page);
  await postComment(page, { name: 'Ana', text: 'Saved before' });
  const other = await context.newPage();
  await gotoApp(other);
  const key = commentsKey(readDataset().article.id);
  await other.evaluate((k) => localStorage.setItem(k, '{not json'), key);
  await eventually(async () => assert.match((await cm(page).alerts.allInnerTexts()).join(' '), /could not be read/));
  const kept = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => localStorage.getItem(k) === '{not json'),
  );
  assert.ok(
    kept.some((k) => k.startsWith('kosovo-briefing:backup:')),
    `set aside under a backup key: ${kept}`,
  );
});
