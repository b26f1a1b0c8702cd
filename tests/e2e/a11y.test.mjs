// Accessibility (issue 6, "Accessibility"): axe-core with the WCAG 2.0, 2.1
// and 2.2 A/AA rules in each state the issue names, and the keyboard: every
// control reachable, focus visible, focus never lost after a list update,
// prefers-reduced-motion honoured.
//
// axe is injected with `page.addScriptTag`, an inline script the app's strict
// Content-Security-Policy (rightly) refuses. The contexts that run axe are
// therefore created with `bypassCSP: true`. That only lets the test's own
// script in; the CSP itself is tested elsewhere (index.html's meta and the
// guards of every other suite, which run with the CSP enforced). The keyboard
// tests below run with the CSP enforced.
import { createRequire } from 'node:module';
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  waitForArticle,
  appUrl,
  eventually,
  readDataset,
  sortedEvents,
  startsWith,
  norm,
  sleep,
  timelineUi as tl,
  commentsUi as cm,
  postComment,
  DATA_URL,
  FETCH_FAILURE_NOISE,
} from './helpers.mjs';

setupSuite();

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** The WCAG 2.0/2.1/2.2 A and AA rules (best practices are not asked for). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Context options for the tests that inject axe (see the header). */
const AXE_CONTEXT = { bypassCSP: true };

const data = () => readDataset();

// ---------------------------------------------------------------------------
// axe

/**
 * Bring every part of the page through the viewport once: events use
 * `content-visibility: auto`, so off-screen ones skip rendering. axe may
 * still report colour contrast as "incomplete" for some of them; only
 * violations count here. The scroll position is restored afterwards.
 */
async function scrollThrough(page) {
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const start = window.scrollY;
    const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo({ top: y, behavior: 'instant' });
      await frame();
    }
    window.scrollTo({ top: start, behavior: 'instant' });
    await frame();
  });
}

/** Run axe (WCAG A/AA tags) on the whole page; returns its violations. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  await scrollThrough(page);
  const results = await page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    WCAG_TAGS,
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}

function describeViolations(label, violations) {
  const lines = [`${label}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    target: ${n.target}`);
      lines.push(`    html:   ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      if (n.summary) lines.push(`    ${n.summary.replace(/\n\s*/g, ' | ')}`);
    }
  }
  return lines.join('\n');
}

/**
 * Collects axe results of several snapshots of one flow and asserts once at
 * the end, so a failing run reports every state at the same time.
 */
function axeReport() {
  const snapshots = [];
  return {
    async check(page, label) {
      snapshots.push({ label, violations: await axeViolations(page) });
    },
    assertNone() {
      const failing = snapshots.filter((s) => s.violations.length > 0);
      assert.equal(
        failing.reduce((n, s) => n + s.violations.length, 0),
        0,
        `\n${failing.map((s) => describeViolations(s.label, s.violations)).join('\n\n')}`,
      );
    },
  };
}

async function expectNoViolations(page, label) {
  const report = axeReport();
  await report.check(page, label);
  report.assertNone();
}

// ---------------------------------------------------------------------------
// Page helpers

/** Open the app and wait for the h1 and the timeline list. */
async function firstLoad(page, query = '') {
  await gotoApp(page, query);
  await tl(page).list.waitFor({ state: 'visible' });
}

/**
 * Post a reply to `author`'s comment through its "Reply to …" form.
 * @param {import('playwright-core').Page} page
 * @param {{ to: string, name: string, text: string }} reply
 * @param {{ beforePost?: (form: import('playwright-core').Locator) => Promise<unknown> }} [hooks]
 */
async function postReply(page, { to, name, text }, { beforePost } = {}) {
  const c = cm(page);
  await c.button(`Reply to ${to}`).click();
  const form = page.getByRole('form', { name: `Reply to ${to}` });
  await form.waitFor({ state: 'visible' });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await form.getByRole('textbox', { name: 'Reply', exact: true }).fill(text);
  if (beforePost) await beforePost(form);
  await form.getByRole('button', { name: 'Post reply' }).click();
  await c.byText(text).waitFor({ state: 'visible' });
}

/** A focus area and a query that shows events with <mark>s under that filter. */
function filterWithMatches() {
  const d = data();
  const e = sortedEvents(d)[0];
  const word = e.title.split(/\s+/).find((w) => /^\p{L}{4,}$/u.test(w)) ?? e.title;
  const label = d.focus_areas.find((f) => f.slug === e.focus_area).label;
  return { label, query: word.slice(0, 5).toLowerCase() };
}

async function pressFilterAndSearch(page) {
  const { label, query } = filterWithMatches();
  const t = tl(page);
  await t.toggle(label).click();
  await eventually(async () => assert.equal(await t.toggle(label).getAttribute('aria-pressed'), 'true'));
  await t.search.fill(query);
  await eventually(async () =>
    assert.ok((await t.list.locator('mark').count()) > 0, `"${query}" is highlighted with <mark>`),
  );
}

/** What is focused now: a short description, or null for <body>/nothing. */
async function activeInfo(page) {
  return page.evaluate(() => {
    // `labels` is there on the elements a <label> can name, undefined on the others.
    const el = /** @type {(Element & { labels?: NodeListOf<HTMLLabelElement> }) | null} */ (document.activeElement);
    if (!el || el === document.body || el === document.documentElement) return null;
    const name = (el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || '')
      .replace(/\s+/g, ' ')
      .trim();
    return `<${el.tagName.toLowerCase()}> "${name.slice(0, 60)}"`;
  });
}

async function isActive(locator) {
  return locator.evaluate((el) => el === document.activeElement);
}

// ---------------------------------------------------------------------------
// axe, state by state

// Guards the suite against a vacuous pass (axe not injected, wrong tags,
// results not read): the same harness must see known faults.
appTest(
  'axe harness: reports known WCAG faults (self-check)',
  async ({ page }) => {
    await firstLoad(page);
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.id = 'kb-axe-self-check';
      box.innerHTML =
        '<p style="color:#777;background:#888">low contrast</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<button type="button"></button>';
      /** @type {HTMLElement} */ (document.querySelector('main')).append(box);
    });
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    for (const id of ['button-name', 'color-contrast', 'image-alt'])
      assert.ok(ids.includes(id), `axe reports ${id} (got ${ids.join(', ')})`);
    await page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById('kb-axe-self-check')).remove());
  },
  { context: AXE_CONTEXT },
);

appTest(
  'axe: first load has no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    await expectNoViolations(page, 'first load');
  },
  { context: AXE_CONTEXT },
);

appTest(
  'axe: a filter with no results ("No events match") has no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    await tl(page).search.fill('zzzz');
    await page.getByText('No events match').first().waitFor({ state: 'visible' });
    await expectNoViolations(page, 'no results');
  },
  { context: AXE_CONTEXT },
);

appTest(
  'axe: comments with a reply and an open edit box have no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    const c = cm(page);
    const report = axeReport();
    await postComment(page, { name: 'Ada', text: 'A first comment by Ada' });
    await postReply(
      page,
      { to: 'Ada', name: 'Rita', text: 'A reply by Rita' },
      {
        // The reply form, open and filled in, is a state of its own.
        beforePost: () => report.check(page, 'reply form open'),
      },
    );
    await c.button('Edit comment by Ada').click();
    const box = c.section.getByRole('textbox', { name: 'Edit comment' });
    await box.waitFor({ state: 'visible' });
    await c.button('Save').waitFor({ state: 'visible' });
    await c.button('Cancel').waitFor({ state: 'visible' });
    await report.check(page, 'a comment with a reply, edit box open');
    report.assertNone();
  },
  { context: AXE_CONTEXT },
);

appTest(
  'axe: the error alert (dataset unreachable, Retry) has no WCAG A/AA violations',
  async ({ page, context }) => {
    await context.route(DATA_URL, (route) => route.abort('failed'));
    await page.goto(appUrl());
    const alert = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Retry' }) });
    await alert.first().waitFor({ state: 'visible' });
    await expectNoViolations(page, 'error alert');
  },
  { context: AXE_CONTEXT, allow: FETCH_FAILURE_NOISE },
);

appTest(
  'axe: dark colour scheme, first load, has no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    assert.ok(
      await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
      'the page sees a dark scheme',
    );
    await expectNoViolations(page, 'dark, first load');
  },
  { context: { ...AXE_CONTEXT, colorScheme: 'dark' } },
);

appTest(
  'axe: dark colour scheme with a focus filter pressed and search <mark>s has no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    await pressFilterAndSearch(page);
    await expectNoViolations(page, 'dark, filter pressed, search marks');
  },
  { context: { ...AXE_CONTEXT, colorScheme: 'dark' } },
);

appTest(
  'axe: light colour scheme with a focus filter pressed and search <mark>s has no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    await pressFilterAndSearch(page);
    await expectNoViolations(page, 'light, filter pressed, search marks');
  },
  { context: { ...AXE_CONTEXT, colorScheme: 'light' } },
);

appTest('the skip link moves focus to the article and keeps the URL, query and all', async ({ page }) => {
  await gotoApp(page, '?focus=governance&q=elect');
  await page.evaluate(() => (window.__kbSamePage = true));
  const url = page.url();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the article' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the first Tab reaches the skip link');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'main'));
  assert.equal(page.url(), url);
  assert.ok(await page.evaluate(() => window.__kbSamePage), 'no page load');
});

appTest(
  'axe: a 320 px wide viewport has no WCAG A/AA violations',
  async ({ page }) => {
    await firstLoad(page);
    await expectNoViolations(page, '320 px wide');
  },
  { context: { ...AXE_CONTEXT, viewport: { width: 320, height: 640 } } },
);

appTest(
  '320 px wide: no horizontal scrolling (WCAG 1.4.10 Reflow), even with an 80-character name',
  async ({ page }) => {
    await firstLoad(page);
    // One unbroken word as long as the Name field allows: in the byline and in
    // the Reply, Edit and Delete buttons.
    await postComment(page, { name: `Ada${'x'.repeat(77)}`, text: 'A comment at 320 px' });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.right > width + 1 || r.left < -1) && !el.closest('.visually-hidden, .skip-link');
        })
        .slice(0, 10)
        .map(
          (el) =>
            `<${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(el.getBoundingClientRect().right)}`,
        );
      return { scrollWidth: document.documentElement.scrollWidth, width, wide };
    });
    assert.ok(
      overflow.scrollWidth <= overflow.width,
      `the page scrolls sideways at 320 px (scrollWidth ${overflow.scrollWidth} > ${overflow.width}): ${overflow.wide.join(', ')}`,
    );
  },
  { context: { viewport: { width: 320, height: 640 } } },
);

// ---------------------------------------------------------------------------
// Keyboard

/**
 * Press Tab until focus comes back to an element already visited (or `max`
 * presses); record every stop, and whether it shows a focus indicator.
 */
async function tabThrough(page, max = 250) {
  await page.evaluate(() => {
    window.__kbSeen = new Set();
  });
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = /** @type {(Element & { labels?: NodeListOf<HTMLLabelElement> }) | null} */ (document.activeElement);
      if (!el || el === document.body || el === document.documentElement) return { body: true };
      if (window.__kbSeen.has(el)) return { again: true };
      window.__kbSeen.add(el);
      const tag = el.tagName.toLowerCase();
      const type = (el.getAttribute('type') || '').toLowerCase();
      const role =
        el.getAttribute('role') ||
        (tag === 'a'
          ? 'link'
          : tag === 'button'
            ? 'button'
            : tag === 'textarea'
              ? 'textbox'
              : tag === 'select'
                ? 'combobox'
                : tag === 'input'
                  ? type === 'search'
                    ? 'searchbox'
                    : ['button', 'submit', 'reset', 'file'].includes(type)
                      ? 'button'
                      : type === 'checkbox'
                        ? 'checkbox'
                        : 'textbox'
                  : tag);
      let name = el.getAttribute('aria-label');
      const labelledBy = el.getAttribute('aria-labelledby');
      if (!name && labelledBy) {
        name = labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      }
      if (!name && el.labels && el.labels.length) name = el.labels[0].textContent;
      if (!name) name = el.textContent;
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      return {
        role,
        name: (name || '').replace(/\s+/g, ' ').trim(),
        focusVisible: el.matches(':focus-visible'),
        indicator: outline || shadow,
        style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
      };
    });
    if (stop.again) break;
    // <body>: before the first control, or past the last one (the next Tab wraps around).
    if (stop.body) continue;
    stops.push(stop);
  }
  return stops;
}

/** Visible, enabled, tabbable controls in the timeline and comments sections not reached by Tab. */
async function unreachedControls(page) {
  return page.evaluate(() => {
    const sections = [...document.querySelectorAll('section')].filter((s) => {
      const h2 = s.querySelector(':scope > h2');
      const text = (h2?.textContent ?? '').trim();
      return /Timeline/.test(text) || /^Comments/.test(text);
    });
    return sections
      .flatMap((s) => [
        .../** @type {NodeListOf<HTMLElement & { disabled?: boolean }>} */ (
          s.querySelectorAll('a[href], button, input, textarea, select, [tabindex]')
        ),
      ])
      .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ visibilityProperty: true }))
      .filter((el) => !window.__kbSeen.has(el))
      .map(
        (el) =>
          `<${el.tagName.toLowerCase()}> "${(el.getAttribute('aria-label') || el.textContent || el.id).replace(/\s+/g, ' ').trim().slice(0, 60)}"`,
      );
  });
}

appTest(
  'keyboard: Tab reaches every control of the timeline and the comments, each with a visible focus indicator',
  async ({ page, t }) => {
    const d = data();
    await firstLoad(page);
    // Comments with a reply, so their Reply/Edit/Delete buttons are there too.
    await postComment(page, { name: 'Ada', text: 'A comment to tab through' });
    await postReply(page, { to: 'Ada', name: 'Rita', text: 'A reply to tab through' });
    await page.reload();
    await waitForArticle(page);
    await cm(page).byText('A reply to tab through').waitFor({ state: 'visible' });

    const stops = await tabThrough(page);
    t.diagnostic(`${stops.length} Tab stops`);
    const order = stops.map((s) => `${s.role} "${s.name.slice(0, 50)}"`);
    const reached = (role, test) => stops.some((s) => s.role === role && test(s.name));
    const want = [
      ...d.focus_areas.map((f) => ['button', (n) => n.startsWith(f.label), `focus toggle "${f.label}"`]),
      ['button', (n) => n.startsWith('All'), '"All" focus toggle'],
      ['searchbox', (n) => n === 'Search timeline', 'searchbox "Search timeline"'],
      ['button', (n) => n === 'Newest first', '"Newest first"'],
      ['textbox', (n) => n === 'Comment', 'textbox "Comment"'],
      ['button', (n) => n === 'Post comment', '"Post comment"'],
      ['button', (n) => n === 'Export comments', '"Export comments"'],
      ['button', (n) => n === 'Import comments', '"Import comments"'],
      ['button', (n) => n === 'Reply to Ada', '"Reply to Ada"'],
      ['button', (n) => n === 'Edit comment by Rita', '"Edit comment by Rita"'],
      ['button', (n) => n === 'Delete comment by Rita', '"Delete comment by Rita"'],
    ];
    const missing = want.filter(([role, test]) => !reached(role, test)).map(([, , what]) => what);
    assert.deepEqual(missing, [], `not reached with Tab; the focus order was:\n  ${order.join('\n  ')}`);

    const unreached = await unreachedControls(page);
    assert.deepEqual(unreached, [], 'every visible control of the timeline and comments is reached with Tab');

    const invisible = stops
      .filter((s) => !s.focusVisible || !s.indicator)
      .map((s) => `${s.role} "${s.name.slice(0, 50)}" (:focus-visible ${s.focusVisible}; ${s.style})`);
    assert.deepEqual(invisible, [], 'every keyboard focus stop shows a focus indicator');
  },
);

appTest(
  'keyboard: Space on a focus toggle (and on "All", "Newest first") keeps focus on that button',
  async ({ page }) => {
    const d = data();
    await firstLoad(page);
    const t = tl(page);
    const label = d.focus_areas[0].label;
    const toggle = t.toggle(label);

    await toggle.focus();
    await page.keyboard.press('Space');
    await eventually(async () =>
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'Space presses the toggle'),
    );
    await sleep(200);
    assert.ok(
      await isActive(toggle),
      `focus stays on "${label}" after the list update, not on ${await activeInfo(page)}`,
    );

    await page.keyboard.press('Space');
    await eventually(async () =>
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'Space again releases it'),
    );
    await sleep(200);
    assert.ok(await isActive(toggle), `focus stays on "${label}" after releasing, not on ${await activeInfo(page)}`);

    await page.keyboard.press('Space');
    await eventually(async () => assert.equal(await toggle.getAttribute('aria-pressed'), 'true'));
    await t.all.focus();
    await page.keyboard.press('Space');
    await eventually(async () =>
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false', '"All" clears the filter'),
    );
    await sleep(200);
    assert.ok(await isActive(t.all), `focus stays on "All" after clearing, not on ${await activeInfo(page)}`);

    await t.newest.focus();
    await page.keyboard.press('Space');
    await eventually(async () => assert.equal(await t.newest.getAttribute('aria-pressed'), 'true'));
    await sleep(200);
    assert.ok(
      await isActive(t.newest),
      `focus stays on "Newest first" after the reorder, not on ${await activeInfo(page)}`,
    );
  },
);

appTest('keyboard: "Clear filters and search" (Enter) does not drop focus to <body>', async ({ page }) => {
  await firstLoad(page);
  await tl(page).search.fill('zzzz');
  const clear = page.getByRole('button', { name: /^Clear/ });
  await clear.focus();
  await page.keyboard.press('Enter');
  await page.getByText('No events match').first().waitFor({ state: 'detached' });
  await eventually(async () => assert.notEqual(await activeInfo(page), null, 'focus is not on <body>'), {
    timeout: 2000,
  });
});

appTest('keyboard: deleting a comment with Enter moves focus to "Undo", not to <body>', async ({ page }) => {
  await firstLoad(page);
  const c = cm(page);
  await postComment(page, { name: 'Dana', text: 'A comment by Dana to delete' });
  await c.button('Delete comment by Dana').focus();
  await page.keyboard.press('Enter');
  await eventually(async () =>
    assert.equal(
      await c.section.locator('article').filter({ hasText: 'A comment by Dana to delete' }).count(),
      0,
      'deleted',
    ),
  );
  const undo = page.getByRole('button', { name: 'Undo' });
  await eventually(async () => assert.ok(await isActive(undo), `focus on "Undo", not on ${await activeInfo(page)}`), {
    timeout: 3000,
  });
});

appTest('keyboard: closing a reply form (Cancel or Escape) puts focus back on its Reply button', async ({ page }) => {
  await firstLoad(page);
  const c = cm(page);
  await postComment(page, { name: 'Rey', text: 'A comment to answer' });
  const replyButton = c.button('Reply to Rey');
  for (const close of ['Cancel', 'Escape']) {
    await replyButton.focus();
    await page.keyboard.press('Enter');
    const box = c.section.getByRole('textbox', { name: 'Reply', exact: true });
    await eventually(async () => assert.ok(await isActive(box), 'focus in the reply box'));
    if (close === 'Escape') {
      await page.keyboard.press('Escape');
    } else {
      await c.button('Cancel').focus();
      await page.keyboard.press('Enter');
    }
    await box.waitFor({ state: 'detached' });
    await eventually(async () =>
      assert.ok(await isActive(replyButton), `${close}: focus on "Reply to Rey", not on ${await activeInfo(page)}`),
    );
  }
});

appTest(
  'keyboard: Retry keeps the focus in the page (on <main>), not on <body>',
  async ({ page, context }) => {
    await context.route(DATA_URL, (route) => route.abort('failed'));
    await page.goto(appUrl());
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'main'));
    await context.unroute(DATA_URL);
    await page.getByRole('button', { name: 'Retry' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('h1').waitFor({ state: 'visible' });
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'main'));
  },
  { allow: FETCH_FAILURE_NOISE },
);

appTest('keyboard: when the Undo offer ends with focus on it, focus goes to the Comments heading', async ({ page }) => {
  await page.clock.install();
  await firstLoad(page);
  const c = cm(page);
  await postComment(page, { name: 'Dana', text: 'A comment by Dana to delete' });
  await c.button('Delete comment by Dana').focus();
  await page.keyboard.press('Enter');
  const undo = page.getByRole('button', { name: 'Undo' });
  await eventually(async () => assert.ok(await isActive(undo), 'focus on "Undo"'), { timeout: 3000 });
  await page.clock.fastForward(11_000);
  await undo.waitFor({ state: 'detached' });
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'comments-heading'));
});

appTest(
  'keyboard: focus is not lost after the other comment updates (reply, edit, save, cancel, Escape, undo)',
  async ({ page }) => {
    await firstLoad(page);
    const c = cm(page);
    const lost = [];
    /** Press `key` on `locator` and record where focus ends up (null: <body>). */
    async function pressOn(what, locator, key = 'Enter') {
      await locator.focus();
      await page.keyboard.press(key);
      await sleep(300); // the app may move focus on the next animation frame
      const now = await activeInfo(page);
      if (now === null) lost.push(`${key} on ${what}: focus fell to <body>`);
      return now;
    }

    await c.text.fill('Posted from the keyboard by Kim');
    await c.name.fill('Kim');
    await pressOn('"Post comment"', c.post);
    await c.byText('Posted from the keyboard by Kim').waitFor({ state: 'visible' });

    await pressOn('"Reply to Kim"', c.button('Reply to Kim'));
    const form = page.getByRole('form', { name: 'Reply to Kim' });
    await form.waitFor({ state: 'visible' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Lee');
    await form.getByRole('textbox', { name: 'Reply', exact: true }).fill('A keyboard reply');
    await pressOn('"Post reply"', form.getByRole('button', { name: 'Post reply' }));
    await c.byText('A keyboard reply').waitFor({ state: 'visible' });

    const box = c.section.getByRole('textbox', { name: 'Edit comment' });
    await pressOn('"Edit comment by Kim"', c.button('Edit comment by Kim'));
    await box.waitFor({ state: 'visible' });
    await eventually(
      async () => assert.ok(await isActive(box), `Edit moves focus into the edit box, not ${await activeInfo(page)}`),
      { timeout: 2000 },
    );
    await pressOn('the edit box (Escape)', box, 'Escape');
    await box.waitFor({ state: 'detached' });

    await pressOn('"Edit comment by Kim"', c.button('Edit comment by Kim'));
    await pressOn('"Cancel"', c.button('Cancel'));
    await box.waitFor({ state: 'detached' });

    await pressOn('"Edit comment by Kim"', c.button('Edit comment by Kim'));
    await box.fill('Edited from the keyboard by Kim');
    await pressOn('"Save"', c.button('Save'));
    await c.byText('Edited from the keyboard by Kim').waitFor({ state: 'visible' });

    await pressOn('"Delete comment by Kim"', c.button('Delete comment by Kim'));
    await pressOn('"Undo"', page.getByRole('button', { name: 'Undo' }));
    await c.byText('Edited from the keyboard by Kim').waitFor({ state: 'visible' });

    assert.deepEqual(lost, [], 'focus never falls to <body> after a comment update');
  },
);

appTest(
  'prefers-reduced-motion: reduce: no smooth scrolling and no flash on a highlighted paragraph',
  async ({ page }) => {
    const d = data();
    await firstLoad(page);
    assert.ok(
      await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches),
      'the page sees reduced motion',
    );
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior), 'auto');

    const e = sortedEvents(d)[0];
    const link = page.locator(`li[id="event-${e.id}"]`).getByRole('link', { name: startsWith('Read in article') });
    const targetId = await link.evaluate((a) =>
      decodeURIComponent(new URL(/** @type {HTMLAnchorElement} */ (a).href).hash.slice(1)),
    );
    await link.focus();
    await page.keyboard.press('Enter');
    const para = page.locator(`[id="${targetId}"]`);
    await eventually(async () =>
      assert.ok(await para.evaluate((el) => el.classList.contains('highlighted')), 'the paragraph is highlighted'),
    );
    const anim = await para.evaluate((el) => ({
      name: getComputedStyle(el).animationName,
      running: el.getAnimations().length,
    }));
    assert.equal(anim.name, 'none', 'no animation on the highlighted paragraph');
    assert.equal(anim.running, 0, 'no running animation on the highlighted paragraph');
    assert.ok(norm(await para.textContent()).length > 0);
  },
  { context: { reducedMotion: 'reduce' } },
);
