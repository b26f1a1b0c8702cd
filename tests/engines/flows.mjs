// The contract's main flows, written once against the driver-neutral tab
// (tab.mjs) and run in every engine (harness.mjs). Elements are found by
// the contract's roles and names (locate.mjs). The Chromium suite in
// tests/e2e goes deeper; these are what must hold in Gecko and WebKit too.
//
// Each flow gets ctx = { engine, session, tab, server, data, url(query),
// note(text), onCleanup(fn) } and must leave every page clean (no uncaught
// error, CSP violation or console error): harness.mjs checks.
//
// The start (a tap before the app runs, an app that cannot start) has its
// own flows, in start-flows.mjs, run after these. What each engine cannot
// run there, and why:
// - Chromium and Firefox run them all.
// - WebKit does not run "the driver aborts the wasm request": classic
//   WebDriver (WebKitWebDriver 2.50 has no BiDi) has no command to
//   intercept or fail a request. It runs the cases a server of the flow's
//   own makes instead: the wasm held until after a tap, answered 404, or
//   cut mid-way (its connection dropped, which the page sees as a network
//   error too).
import assert from 'node:assert/strict';
import { until, sleep } from './tab.mjs';

// ---------------------------------------------------------------------------
// The contract's names

const h1 = { role: 'heading', level: 1 };
const group = { role: 'group', name: 'Filter by focus area' };
export const toggle = (label) => ({ role: 'button', name: label, prefix: true, within: group });
export const allButton = { role: 'button', name: 'All', prefix: true, within: group };
const search = { role: 'searchbox', name: 'Search timeline' };
export const events = { role: 'list', name: 'Timeline events' };
export const eventItems = { css: ':scope > li', within: events };
const commentsHeading = { role: 'heading', level: 2, name: 'Comments', prefix: true };
export const comments = { css: 'section', has: commentsHeading };
const postButton = { role: 'button', name: 'Post comment' };
export const mainForm = { css: 'form', has: postButton };
const nameBox = { role: 'textbox', name: 'Name', within: mainForm };
const commentBox = { role: 'textbox', name: 'Comment', within: mainForm };
const commentWith = (text) => ({ css: 'article', hasText: text });
const ownButton = (text, prefix) => ({ role: 'button', name: prefix, prefix: true, within: commentWith(text) });
export const alert = { role: 'alert' };
export const statusRole = { role: 'status' };

const KEY_PREFIX = 'kosovo-briefing:';
const commentsKey = (d) => `${KEY_PREFIX}comments:${d.article.id}`;
const BACKUP_PREFIX = `${KEY_PREFIX}backup:`;

// ---------------------------------------------------------------------------
// Steps the flows share

/** Open the app and wait for the article. */
async function open(ctx, query = '', tab = ctx.tab) {
  await tab.goto(ctx.url(query));
  await ready(tab, ctx.data);
}

/**
 * The headline is shown and the app has taken the built page over (it
 * says so on <html data-app>): before that, the built page's controls
 * answer the start script (public/start.js), not the app.
 */
export async function ready(tab, d) {
  await until(async () => (await tab.all(h1)).some((h) => h.text === norm(d.article.headline)), {
    message: 'the headline',
  });
  await tab.waitFor(events);
  await until(async () => (await tab.evaluate(() => document.documentElement.dataset.app)) === 'ready', {
    message: 'the app taking the page over',
  });
}

function norm(s) {
  return String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function labelOf(d, slug) {
  return d.focus_areas.find((f) => f.slug === slug).label;
}

/**
 * The contract's rule, written independently of the app: OR over areas, AND with a case-insensitive search.
 * @param {any} d
 * @param {{ focus?: string[], q?: string }} [filter]
 */
export function expectedCount(d, { focus = [], q = '' } = {}) {
  const needle = q.toLowerCase();
  return d.events.filter(
    (e) =>
      (focus.length === 0 || focus.includes(e.focus_area)) &&
      [e.title, labelOf(d, e.focus_area), e.significance].join('\n').toLowerCase().includes(needle),
  ).length;
}

/** The timeline shows `n` of all events, in the list and in its status. */
export async function shows(tab, d, n) {
  const total = d.events.length;
  await until(
    async () => {
      assert.equal(await tab.count(eventItems), n, 'events listed');
      const statuses = (await tab.all(statusRole)).map((s) => s.text).join(' | ');
      assert.match(statuses, new RegExp(`\\b${n}\\s+of\\s+${total}\\b`), `status "${n} of ${total}"`);
    },
    { message: `showing ${n} of ${total}` },
  );
}

async function params(tab) {
  const u = new URL(await tab.url());
  const focus = (u.searchParams.get('focus') || '').split(',').filter(Boolean).sort();
  return { focus, q: u.searchParams.get('q') || '' };
}

async function post(tab, name, text) {
  await tab.fill(nameBox, name);
  await tab.fill(commentBox, text);
  await tab.click(postButton);
  await tab.waitFor(commentWith(text));
}

async function reloadReady(tab, d) {
  await tab.reload();
  await ready(tab, d);
}

async function alertText(tab) {
  let text = '';
  await until(
    async () => {
      text = (await tab.all(alert))
        .map((a) => a.text)
        .join(' ')
        .trim();
      return text.length > 0;
    },
    { message: 'an alert says why' },
  );
  return text;
}

function stored(tab, key) {
  return tab.evaluate((k) => localStorage.getItem(k), key);
}

/** Wait until a service worker is active and controls the page (reloading once if it took over late). */
async function controlled(tab, d) {
  const ready = await tab.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 15_000)),
    ]),
  );
  assert.ok(ready, 'a service worker became active');
  for (let i = 0; i < 4; i++) {
    const ok = await until(() => tab.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 2000 }).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await reloadReady(tab, d);
  }
  assert.fail('the service worker never controlled the page');
}

// ---------------------------------------------------------------------------
// The flows

export const flows = [];
const flow = (name, run, opts = {}) => flows.push({ name, run, ...opts });

flow('the first view: the article, the timeline and the comment form', async (ctx) => {
  const { tab, data: d } = ctx;
  await open(ctx);
  assert.equal((await tab.all(h1)).length, 1, 'exactly one h1');
  const h2s = (await tab.all({ role: 'heading', level: 2 })).map((h) => h.text);
  for (const s of d.article.sections)
    assert.ok(h2s.includes(norm(s.heading)), `the section heading "${s.heading}" is an h2`);
  assert.ok(
    h2s.some((h) => h.includes('Timeline')),
    'the timeline has its h2',
  );
  for (const fa of d.focus_areas) {
    assert.equal(await tab.count(toggle(fa.label)), 1, `a toggle for ${fa.label}`);
    assert.equal(await tab.attr(toggle(fa.label), 'aria-pressed'), 'false');
  }
  assert.equal(await tab.count(allButton), 1, 'an "All" button');
  assert.equal(await tab.count(search), 1, 'the search box');
  await shows(tab, d, d.events.length);
  const titles = (await tab.all({ role: 'heading', level: 3, within: events })).map((h) => h.text);
  for (const e of d.events) assert.ok(titles.includes(norm(e.title)), `the event "${e.title}" has its h3`);
  await tab.waitFor(commentsHeading);
  for (const q of [nameBox, commentBox, postButton])
    assert.equal(await tab.count(q), 1, `the form has ${JSON.stringify(q.name)}`);
});

flow(
  'the first HTML: the article, the timeline and the form before the app starts, taken over without a copy',
  async (ctx) => {
    const { tab, data: d } = ctx;
    await open(ctx);
    // The document as served, parsed by this engine without running it.
    const first = await tab.evaluate(async () => {
      const html = await (await fetch(location.href, { cache: 'no-store' })).text();
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const q = (query) =>
        window.__kbFind({ ...query, root: doc }).map((el) => window.__kbName(el) || window.__kbNorm(el.textContent));
      const lists = window.__kbFind({ role: 'list', name: 'Timeline events', root: doc });
      return {
        h1: q({ role: 'heading', level: 1 }),
        items: lists.length ? lists[0].querySelectorAll(':scope > li').length : 0,
        list: lists.length,
        post: q({ role: 'button', name: 'Post comment' }).length,
      };
    });
    assert.deepEqual(first.h1, [norm(d.article.headline)], 'the served HTML holds the h1');
    assert.equal(first.list, 1, 'and the list "Timeline events"');
    assert.ok(first.items >= d.events.length, 'with every event');
    assert.equal(first.post, 1, 'and the comment form');
    // Taken over: one h1 and one list of every event, not two.
    assert.equal(await tab.count(h1), 1);
    assert.equal(await tab.count(events), 1);
    await shows(tab, d, d.events.length);
  },
  { needsFirstHtml: true },
);

flow('filter (OR), search (AND), the URL state and Back', async (ctx) => {
  const { tab, data: d } = ctx;
  const [a, b] = ['security-justice', 'governance'];
  await open(ctx);
  await tab.click(toggle(labelOf(d, a)));
  await shows(tab, d, expectedCount(d, { focus: [a] }));
  assert.equal(await tab.attr(toggle(labelOf(d, a)), 'aria-pressed'), 'true');
  assert.deepEqual((await params(tab)).focus, [a]);

  await tab.click(toggle(labelOf(d, b)));
  const or = expectedCount(d, { focus: [a, b] });
  assert.ok(or > expectedCount(d, { focus: [a] }), 'precondition: OR widens');
  await shows(tab, d, or);
  await until(async () => assert.deepEqual((await params(tab)).focus, [a, b].sort()));

  await tab.fill(search, 'POWER');
  const and = expectedCount(d, { focus: [a, b], q: 'power' });
  assert.ok(and > 0 && and < or, 'precondition: AND narrows');
  await shows(tab, d, and);
  await until(async () => assert.equal((await params(tab)).q.toLowerCase(), 'power'));

  // Typing replaced the entry; Back goes to the filter before the last toggle.
  await tab.back();
  await until(async () => assert.deepEqual(await params(tab), { focus: [a], q: '' }));
  await shows(tab, d, expectedCount(d, { focus: [a] }));
  await until(async () => assert.equal(await tab.attr(toggle(labelOf(d, b)), 'aria-pressed'), 'false'));

  // A shared URL opens in its state; unknown slugs are ignored.
  const focus = ['representation', 'legal-border-control'];
  await open(ctx, `?focus=${focus.join(',')},no-such-area&q=law`);
  await shows(tab, d, expectedCount(d, { focus, q: 'law' }));
  assert.equal(await tab.value(search), 'law');
});

flow('post, reply, edit, delete with Undo, each surviving a reload', async (ctx) => {
  const { tab, data: d } = ctx;
  await open(ctx);
  await post(tab, 'Ada', 'Parent by Ada');
  assert.match(await tab.text(commentWith('Parent by Ada')), /Ada/);
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Parent by Ada'));

  await tab.click(ownButton('Parent by Ada', 'Reply'));
  const replyForm = { role: 'form', name: 'Reply to', prefix: true };
  await tab.fill({ role: 'textbox', name: 'Reply', within: replyForm }, 'Reply by Bo');
  await tab.click({ role: 'button', name: 'Post reply', within: replyForm });
  await tab.waitFor(commentWith('Reply by Bo'));
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Reply by Bo'));
  assert.equal(await tab.count(ownButton('Reply by Bo', 'Reply')), 0, 'a reply has no Reply button');

  await tab.click(ownButton('Parent by Ada', 'Edit'));
  await tab.fill({ role: 'textbox', name: 'Edit comment' }, 'Edited by Ada');
  await tab.click({ role: 'button', name: 'Save' });
  await until(async () => assert.match(await tab.text(commentWith('Edited by Ada')), /\bedited\b/));
  await reloadReady(tab, d);
  await until(async () => assert.match(await tab.text(commentWith('Edited by Ada')), /\bedited\b/));
  assert.equal(await tab.count(commentWith('Parent by Ada')), 0, 'the old text is gone');

  await tab.click(ownButton('Reply by Bo', 'Delete'));
  await tab.waitGone(commentWith('Reply by Bo'));
  await tab.click({ role: 'button', name: 'Undo' });
  await tab.waitFor(commentWith('Reply by Bo'));
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Reply by Bo'));

  await tab.click(ownButton('Reply by Bo', 'Delete'));
  await tab.waitGone(commentWith('Reply by Bo'));
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Edited by Ada'));
  assert.equal(await tab.count(commentWith('Reply by Bo')), 0, 'a delete is saved');
});

flow(
  'the readable copy: saved as a file, the texts as text, the reply in its parent, no script',
  async (ctx) => {
    const { tab, data: d } = ctx;
    const hostile = '<img src=x onerror=window.__xss=1>';
    await open(ctx);
    await post(tab, hostile, `Kept ${hostile}`);
    await tab.click(ownButton(`Kept ${hostile}`, 'Reply'));
    const replyForm = { role: 'form', name: 'Reply to', prefix: true };
    await tab.fill({ role: 'textbox', name: 'Reply', within: replyForm }, 'Reply kept too');
    await tab.click({ role: 'button', name: 'Post reply', within: replyForm });
    await tab.waitFor(commentWith('Reply kept too'));
    const html = await tab.download(() => tab.click({ role: 'button', name: 'Save a readable copy' }));
    // Parsed by this engine, as a document that runs and fetches nothing;
    // its inline style left out, which Chromium would hold to the app's own
    // CSP (the style is checked natively, and in tests/e2e with the file).
    const copy = await tab.evaluate(
      (text) => {
        const doc = new DOMParser().parseFromString(text, 'text/html');
        const reply = [...doc.querySelectorAll('article')].find((a) => a.textContent.includes('Reply kept too'));
        return {
          h1: doc.querySelector('h1')?.textContent ?? '',
          body: doc.body.textContent ?? '',
          parent: reply?.closest('ol')?.closest('li')?.querySelector(':scope > article')?.textContent ?? '',
          elements: doc.querySelectorAll('script, img, svg, iframe, link, [src], [href], [onerror]').length,
          times: doc.querySelectorAll('article time[datetime]').length,
        };
      },
      html.replace(/<style>[^<]*<\/style>/, ''),
    );
    assert.ok(/<style>/.test(html), 'the copy has its style');
    assert.equal(norm(copy.h1), norm(d.article.headline), 'the headline');
    assert.ok(copy.body.includes(`Kept ${hostile}`), 'the hostile text is text');
    assert.ok(copy.parent.includes(`Kept ${hostile}`), 'the reply is in its parent');
    assert.equal(copy.elements, 0, 'no script, image or fetch');
    assert.equal(copy.times, 2, 'a time for each comment');
  },
  { needsDownload: true },
);

flow('a Reply draft is open again after a reload, its caret at the end', async (ctx) => {
  const { tab, data: d } = ctx;
  await open(ctx);
  await post(tab, 'Eve', 'Parent by Eve');
  await tab.click(ownButton('Parent by Eve', 'Reply'));
  const replyBox = { role: 'textbox', name: 'Reply', within: { role: 'form', name: 'Reply to', prefix: true } };
  await tab.fill(replyBox, 'Half a reply by Fay');
  await reloadReady(tab, d);
  await tab.waitFor(replyBox);
  assert.equal(await tab.value(replyBox), 'Half a reply by Fay');
  const caretAtEnd = await tab.evaluate(() => {
    const box = /** @type {HTMLTextAreaElement | null} */ (document.querySelector('form.reply-form textarea'));
    return box !== null && box.selectionStart === box.value.length && box.selectionEnd === box.value.length;
  });
  assert.ok(caretAtEnd, 'the caret is at the end of the kept text');
});

flow('a second tab sees a post without a reload', async (ctx) => {
  const { tab, data: d } = ctx;
  await open(ctx);
  const other = await ctx.session.newTab();
  await open(ctx, '', other);
  await post(tab, 'Cy', 'Posted in tab one');
  await other.waitFor(commentWith('Posted in tab one'));
  await post(other, 'Di', 'Posted in tab two');
  await tab.waitFor(commentWith('Posted in tab two'));
  await other.close();
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Posted in tab one'));
  await tab.waitFor(commentWith('Posted in tab two'));
});

flow('storage full when posting: an alert, the text stays, earlier comments intact', async (ctx) => {
  const { tab, data: d } = ctx;
  await open(ctx);
  await post(tab, 'Ed', 'Saved before the quota');
  const before = await stored(tab, commentsKey(d));
  await tab.fill(commentBox, 'Typed when storage is full');
  // Fill this origin's quota; each engine names its error differently.
  const fill = await tab.evaluate(() => {
    const errors = new Set();
    let i = 0;
    for (let size = 1 << 20; size >= 1; ) {
      try {
        localStorage.setItem(`__kb_fill_${i}`, 'x'.repeat(size));
        i++;
      } catch (e) {
        errors.add(`${e.name}${e.code ? ` (code ${e.code})` : ''}`);
        size = Math.floor(size / 2);
      }
    }
    return { keys: i, errors: [...errors] };
  });
  assert.ok(fill.keys > 0 && fill.errors.length > 0, 'storage filled up');
  ctx.note(`quota error: ${fill.errors.join(', ')}`);
  await tab.click(postButton);
  assert.match(await alertText(tab), /\bfull\b/i, 'the alert says the storage is full');
  assert.equal(await tab.value(commentBox), 'Typed when storage is full', 'the text stays in the box');
  assert.equal(await tab.count(commentWith('Saved before the quota')), 1, 'the earlier comment still shows');
  assert.equal(await stored(tab, commentsKey(d)), before, 'the stored comments are intact');

  await tab.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('__kb_fill_'))
      .forEach((k) => {
        localStorage.removeItem(k);
      }),
  );
  await tab.click(postButton);
  await tab.waitFor(commentWith('Typed when storage is full'));
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Typed when storage is full'));
  await tab.waitFor(commentWith('Saved before the quota'));
});

flow(
  'no storage at all: the article and the timeline work, the comments say they cannot be saved',
  async (ctx) => {
    const { tab, data: d } = ctx;
    ctx.note(`no storage by: ${ctx.engine.noStorage}`);
    await open(ctx);
    const works = await tab.evaluate(() => {
      try {
        localStorage.setItem('__kb_probe', '1');
        return localStorage.getItem('__kb_probe') === '1';
      } catch {
        return false;
      }
    });
    assert.equal(works, false, 'precondition: this page has no working localStorage');
    const slug = 'legal-border-control';
    await tab.click(toggle(labelOf(d, slug)));
    await shows(tab, d, expectedCount(d, { focus: [slug] }));
    await until(async () => assert.match(await tab.text(comments), /can(not|'t|’t) be saved/i));
  },
  { session: { noStorage: true } },
);

flow('an unreadable stored document: the page renders, an alert says so, the value is kept', async (ctx) => {
  const { tab, data: d } = ctx;
  const raw = '{"version": 3, "comments": [{"id": "a", "text": "half';
  await open(ctx);
  await tab.evaluate(([k, v]) => localStorage.setItem(k, v), [commentsKey(d), raw]);
  await reloadReady(tab, d);
  assert.ok((await alertText(tab)).length > 0);
  const kept = async () => {
    const holders = await tab.evaluate(
      ([key, prefix, v]) =>
        Object.keys(localStorage).filter((k) => (k === key || k.startsWith(prefix)) && localStorage.getItem(k) === v),
      [commentsKey(d), BACKUP_PREFIX, raw],
    );
    assert.ok(holders.length > 0, 'the unreadable value is kept');
  };
  await kept();
  await post(tab, 'Flo', 'Posted after the unreadable one');
  await kept();
  await reloadReady(tab, d);
  await tab.waitFor(commentWith('Posted after the unreadable one'));
  await kept();
});

flow(
  'the service worker takes control; a reload with the network cut shows the app, and posting works',
  async (ctx) => {
    const { tab, data: d } = ctx;
    await open(ctx);
    await controlled(tab, d);
    await post(tab, 'Gil', 'Posted while online');
    ctx.note(`network cut by: ${ctx.engine.offline}`);
    await ctx.server.close();
    const emulated = Boolean(ctx.session.setOffline);
    if (emulated) {
      await ctx.session.setOffline(true);
      await tab.waitFor({ ...statusRole, hasText: 'Offline' });
    }
    await reloadReady(tab, d);
    // Nothing answers on the server's port: this page came from the worker.
    assert.equal(await tab.evaluate(() => !!navigator.serviceWorker.controller), true, 'served by the worker');
    if (emulated) await tab.waitFor({ ...statusRole, hasText: 'Offline' });
    const slug = 'governance';
    await tab.click(toggle(labelOf(d, slug)));
    await shows(tab, d, expectedCount(d, { focus: [slug] }));
    await tab.waitFor(commentWith('Posted while online'));
    await post(tab, 'Gil', 'Posted while offline');
  },
);

flow("the contract's names, from the engine's own accessibility tree", async (ctx) => {
  const { tab, data: d } = ctx;
  await open(ctx);
  const names = [
    ['heading', norm(d.article.headline)],
    ['group', 'Filter by focus area'],
    ['searchbox', 'Search timeline'],
    ['list', 'Timeline events'],
    ['textbox', 'Name'],
    ['textbox', 'Comment'],
    ['button', 'Post comment'],
  ];
  for (const [role, name] of names) {
    assert.equal(
      await tab.accessibleCount(role, name),
      1,
      `one ${role} named "${name}" in ${ctx.engine.name}'s accessibility tree`,
    );
  }
});

flow('the collector hears an error and a CSP violation, from the first script on', async (ctx) => {
  const { tab } = ctx;
  await open(ctx);
  const info = await tab.collectorInfo();
  assert.ok(info, 'the collector is installed in the page');
  assert.equal(info.firstScript, true, 'no script of the page ran before it');
  // An inline script the policy refuses, and an uncaught error.
  await tab.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__kbInlineRan = true';
    document.head.append(s);
    setTimeout(() => {
      throw new Error('kb-collector-probe');
    });
  });
  await sleep(300);
  const seen = await tab.problems();
  assert.equal(await tab.evaluate(() => window.__kbInlineRan ?? false), false, 'the inline script did not run');
  assert.ok(
    seen.some((p) => p.kind === 'CSP violation' && /script-src/.test(p.text)),
    `a CSP violation was heard: ${JSON.stringify(seen)}`,
  );
  assert.ok(
    seen.some((p) => /kb-collector-probe/.test(p.text)),
    `the error was heard: ${JSON.stringify(seen)}`,
  );
  tab.seen.length = 0; // heard on purpose: not a problem of the page
});
