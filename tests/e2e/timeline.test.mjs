// The timeline: focus filter, search, status, empty state, URL state and
// history, anchors and cross-links (contract: "Timeline"; issue 3).
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  eventually,
  readDataset,
  allParagraphs,
  sortedEvents,
  slugify,
  startsWith,
  norm,
  sleep,
  timelineUi as tl,
} from './helpers.mjs';

setupSuite();

const data = () => readDataset();

function labelOf(d, slug) {
  const a = d.focus_areas.find((f) => f.slug === slug);
  assert.ok(a, `dataset has the focus area ${slug}`);
  return a.label;
}

/** The contract's search: case-insensitive on title, focus area and significance. */
function matches(d, e, q) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  const hay = [e.title, labelOf(d, e.focus_area), e.significance].join('\n').toLowerCase();
  return hay.includes(needle);
}

/**
 * Expected ids, in chronological order, for a set of slugs (OR) and a query (AND).
 * @param {any} d
 * @param {{ focus?: string[], q?: string }} [filter]
 * @returns {string[]}
 */
function expected(d, { focus = [], q = '' } = {}) {
  return sortedEvents(d)
    .filter((e) => focus.length === 0 || focus.includes(e.focus_area))
    .filter((e) => matches(d, e, q))
    .map((e) => e.id);
}

/** Ids of the events the list shows, in DOM order. */
async function shownIds(page) {
  const list = tl(page).list;
  if ((await list.count()) === 0) return [];
  return list.evaluate((ol) =>
    [...ol.querySelectorAll(':scope > li')]
      .filter((li) => !li.hidden && li.getClientRects().length > 0 && getComputedStyle(li).visibility !== 'hidden')
      .map((li) => li.id.replace(/^event-/, '')),
  );
}

async function statusText(page) {
  return norm((await page.getByRole('status').allInnerTexts()).join(' | '));
}

/** The list shows exactly `ids` (in order) and the status says "N of M". */
async function expectShown(page, ids, total) {
  await eventually(async () => {
    assert.deepEqual(await shownIds(page), ids);
    const st = await statusText(page);
    assert.match(
      st,
      new RegExp(`\\b${ids.length}\\s+of\\s+${total}\\b`),
      `status "N of M" (${ids.length} of ${total}), got "${st}"`,
    );
  });
}

async function pressed(locator) {
  return locator.getAttribute('aria-pressed');
}

function focusParam(page) {
  const v = new URL(page.url()).searchParams.get('focus');
  return v ? v.split(',').filter(Boolean).sort() : [];
}

function qParam(page) {
  return new URL(page.url()).searchParams.get('q') ?? '';
}

async function historyLength(page) {
  return page.evaluate(() => history.length);
}

// ---------------------------------------------------------------------------

appTest(
  'structure: section, filter group with a toggle per focus area and All, searchbox, list, status',
  async ({ page }) => {
    const d = data();
    await gotoApp(page);
    const t = tl(page);
    await t.list.waitFor({ state: 'visible' });
    assert.equal(await t.section.count(), 1, 'a section whose h2 contains "Timeline"');
    for (const part of [t.group, t.search, t.list]) {
      assert.equal(await t.section.locator(part).count(), 1, 'inside the timeline section');
    }
    for (const fa of d.focus_areas) {
      assert.equal(fa.slug, slugify(fa.label), `slug of "${fa.label}" follows the contract`);
      const b = t.toggle(fa.label);
      assert.equal(await b.count(), 1, `one toggle named "${fa.label}…"`);
      assert.equal(await pressed(b), 'false', `${fa.label} starts unpressed`);
    }
    assert.equal(await t.all.count(), 1, 'an "All" button');
    assert.equal(await t.search.getAttribute('type'), 'search');

    // Every event, in chronological order, with its h3 title, focus area, date and significance.
    const all = sortedEvents(d);
    await expectShown(
      page,
      all.map((e) => e.id),
      d.events.length,
    );
    for (const e of all) {
      const li = t.item(e.id);
      // textContent: events off screen skip rendering (content-visibility: auto),
      // so their innerText is empty though they are in the accessibility tree.
      assert.equal(norm(await li.getByRole('heading', { level: 3 }).textContent()), norm(e.title), `h3 of ${e.id}`);
      const text = norm(await li.textContent());
      assert.ok(text.includes(norm(labelOf(d, e.focus_area))), `${e.id} shows its focus area`);
      if (e.date) assert.ok(text.includes(norm(e.date)), `${e.id} shows its date as written ("${e.date}")`);
      assert.ok(text.includes(norm(e.significance)), `${e.id} shows its significance`);
    }
  },
);

appTest(
  'a focus toggle (mouse) filters, sets aria-pressed and the status; clicking again clears it',
  async ({ page }) => {
    const d = data();
    await gotoApp(page);
    const t = tl(page);
    const slug = 'security-justice';
    const b = t.toggle(labelOf(d, slug));
    await b.click();
    await eventually(async () => assert.equal(await pressed(b), 'true'));
    const want = expected(d, { focus: [slug] });
    assert.ok(want.length > 0 && want.length < d.events.length, 'precondition: the filter narrows');
    await expectShown(page, want, d.events.length);
    await b.click();
    await eventually(async () => assert.equal(await pressed(b), 'false'));
    await expectShown(page, expected(d), d.events.length);
  },
);

appTest('several focus areas combine with OR; "All" clears every focus filter', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  const slugs = ['security-justice', 'governance'];
  for (const s of slugs) await t.toggle(labelOf(d, s)).click();
  const want = expected(d, { focus: slugs });
  assert.ok(want.length > expected(d, { focus: [slugs[0]] }).length, 'precondition: OR widens');
  await expectShown(page, want, d.events.length);
  for (const s of slugs) assert.equal(await pressed(t.toggle(labelOf(d, s))), 'true');

  await t.all.click();
  await expectShown(page, expected(d), d.events.length);
  for (const fa of d.focus_areas) assert.equal(await pressed(t.toggle(fa.label)), 'false', `${fa.label} cleared`);
  await eventually(async () => assert.deepEqual(focusParam(page), []));
});

appTest('search is case-insensitive over title, focus area and significance', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);

  // Title words, in another case.
  await t.search.fill('ELECTION');
  let want = expected(d, { q: 'election' });
  assert.ok(want.length > 0 && want.length < d.events.length, 'precondition: "election" narrows');
  await expectShown(page, want, d.events.length);

  // A focus area's label (Legal/Border Control), found by a word only it has.
  await t.search.fill('border');
  want = expected(d, { q: 'border' });
  assert.ok(want.length > 0, 'precondition: "border" is in a focus label');
  await expectShown(page, want, d.events.length);

  // Significance only: "accountability" (Banjska).
  await t.search.fill('Accountability');
  want = expected(d, { q: 'accountability' });
  assert.ok(want.length > 0, 'precondition: "accountability" is in a significance');
  await expectShown(page, want, d.events.length);

  await t.search.fill('');
  await expectShown(page, expected(d), d.events.length);
});

appTest('search narrows the focus filter (AND)', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  const focus = ['security-justice', 'governance'];
  const q = 'power';
  for (const s of focus) await t.toggle(labelOf(d, s)).click();
  await t.search.fill(q);
  const want = expected(d, { focus, q });
  assert.ok(want.length > 0 && want.length < expected(d, { focus }).length, 'precondition: AND narrows');
  await expectShown(page, want, d.events.length);
  // And a search that matches only outside the selected areas shows nothing.
  await t.search.fill('Law on Foreigners');
  assert.deepEqual(expected(d, { focus, q: 'Law on Foreigners' }), []);
  await expectShown(page, [], d.events.length);
});

appTest('no match: "No events match" and "Clear filters and search" clears both', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  await t.toggle(labelOf(d, 'governance')).click();
  await t.search.fill('zzqxj-nothing-matches-this');
  await expectShown(page, [], d.events.length);
  await page.getByText('No events match').first().waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Clear filters and search' }).click();
  await expectShown(page, expected(d), d.events.length);
  assert.equal(await t.search.inputValue(), '');
  for (const fa of d.focus_areas) assert.equal(await pressed(t.toggle(fa.label)), 'false');
  await eventually(async () =>
    assert.equal(await page.getByText('No events match').filter({ visible: true }).count(), 0),
  );
  await eventually(async () => {
    assert.deepEqual(focusParam(page), []);
    assert.equal(qParam(page), '');
  });
});

appTest('the URL state ?focus=…&q=… is applied on load', async ({ page }) => {
  const d = data();
  const focus = ['security-justice', 'governance'];
  await gotoApp(page, `?focus=${focus.join(',')}&q=power`);
  const t = tl(page);
  await expectShown(page, expected(d, { focus, q: 'power' }), d.events.length);
  for (const fa of d.focus_areas) {
    assert.equal(await pressed(t.toggle(fa.label)), focus.includes(fa.slug) ? 'true' : 'false', fa.label);
  }
  assert.equal(await t.search.inputValue(), 'power');
});

appTest('percent escapes in q are decoded on load', async ({ page }) => {
  const d = data();
  await gotoApp(page, '?q=Local%20Elections');
  await expectShown(page, expected(d, { q: 'Local Elections' }), d.events.length);
  assert.equal(await tl(page).search.inputValue(), 'Local Elections');
});

appTest('unknown slugs are ignored, never an error', async ({ page }) => {
  const d = data();
  await gotoApp(page, '?focus=no-such-area,governance');
  await expectShown(page, expected(d, { focus: ['governance'] }), d.events.length);
  assert.equal(await pressed(tl(page).toggle(labelOf(d, 'governance'))), 'true');
  assert.equal(await page.getByRole('alert').filter({ visible: true }).count(), 0, 'no alert');

  await gotoApp(page, '?focus=nope,,also-nope,');
  await expectShown(page, expected(d), d.events.length);
  for (const fa of d.focus_areas) assert.equal(await pressed(tl(page).toggle(fa.label)), 'false');

  await gotoApp(page, '?focus=,,governance,,&q=');
  await expectShown(page, expected(d, { focus: ['governance'] }), d.events.length);
});

appTest('a focus change pushes a history entry: Back and Forward restore the filter', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  const a = 'security-justice';
  const b = 'governance';
  const len0 = await historyLength(page);

  await t.toggle(labelOf(d, a)).click();
  await eventually(async () => assert.deepEqual(focusParam(page), [a]));
  assert.equal(await historyLength(page), len0 + 1, 'one new entry');

  await t.toggle(labelOf(d, b)).click();
  await eventually(async () => assert.deepEqual(focusParam(page), [a, b].sort()));
  assert.equal(await historyLength(page), len0 + 2, 'another new entry');
  await expectShown(page, expected(d, { focus: [a, b] }), d.events.length);

  await page.evaluate(() => history.back());
  await eventually(async () => assert.deepEqual(focusParam(page), [a]));
  await expectShown(page, expected(d, { focus: [a] }), d.events.length);
  await eventually(async () => assert.equal(await pressed(t.toggle(labelOf(d, b))), 'false'));
  assert.equal(await pressed(t.toggle(labelOf(d, a))), 'true');

  await page.evaluate(() => history.back());
  await eventually(async () => assert.deepEqual(focusParam(page), []));
  await expectShown(page, expected(d), d.events.length);
  await eventually(async () => assert.equal(await pressed(t.toggle(labelOf(d, a))), 'false'));

  await page.evaluate(() => history.forward());
  await eventually(async () => assert.deepEqual(focusParam(page), [a]));
  await expectShown(page, expected(d, { focus: [a] }), d.events.length);
  await eventually(async () => assert.equal(await pressed(t.toggle(labelOf(d, a))), 'true'));
});

appTest('typing in the search box replaces the history entry and writes q', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  await t.toggle(labelOf(d, 'representation')).click();
  await eventually(async () => assert.deepEqual(focusParam(page), ['representation']));
  const len = await historyLength(page);

  await t.search.pressSequentially('elect', { delay: 30 });
  await eventually(async () => assert.equal(qParam(page), 'elect'));
  await expectShown(page, expected(d, { focus: ['representation'], q: 'elect' }), d.events.length);
  await sleep(500);
  assert.equal(await historyLength(page), len, 'typing added no history entry');
  assert.deepEqual(focusParam(page), ['representation'], 'focus kept in the URL');

  // Back leaves the page state from before the focus change, not a keystroke.
  await page.evaluate(() => history.back());
  await eventually(async () => assert.deepEqual(focusParam(page), []));
});

appTest('keyboard: Space and Enter toggle a focus area, focus stays on the control', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  const slug = 'legal-border-control';
  const b = t.toggle(labelOf(d, slug));
  await b.focus();
  await page.keyboard.press('Space');
  await eventually(async () => assert.equal(await pressed(b), 'true'));
  await expectShown(page, expected(d, { focus: [slug] }), d.events.length);
  assert.ok(await b.evaluate((el) => el === document.activeElement), 'focus still on the toggle after Space');

  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await pressed(b), 'false'));
  await expectShown(page, expected(d), d.events.length);
  assert.ok(await b.evaluate((el) => el === document.activeElement), 'focus still on the toggle after Enter');

  // "All" works from the keyboard too, and the search box takes typed text.
  await page.keyboard.press('Space');
  await eventually(async () => assert.equal(await pressed(b), 'true'));
  await t.all.focus();
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await pressed(b), 'false'));
  await t.search.focus();
  await page.keyboard.type('banjska');
  await expectShown(page, expected(d, { q: 'banjska' }), d.events.length);
});

appTest('Escape in the search box clears the search', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  await t.search.fill('election');
  await expectShown(page, expected(d, { q: 'election' }), d.events.length);
  await t.search.press('Escape');
  await eventually(async () => assert.equal(await t.search.inputValue(), ''));
  await expectShown(page, expected(d), d.events.length);
  await eventually(async () => assert.equal(qParam(page), ''));

  // Chromium clears a type=search box on Escape by itself; a synthetic
  // keydown has no default action, so this one clears only through the
  // app's own handler, as in browsers without that behaviour.
  await t.search.fill('election');
  await expectShown(page, expected(d, { q: 'election' }), d.events.length);
  await t.search.dispatchEvent('keydown', { key: 'Escape' });
  await eventually(async () => assert.equal(await t.search.inputValue(), ''));
  await expectShown(page, expected(d), d.events.length);
  await eventually(async () => assert.equal(qParam(page), ''));
});

appTest('search matches are highlighted with <mark>', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const t = tl(page);
  assert.equal(await t.list.locator('mark').count(), 0, 'no marks without a search');
  await t.search.fill('elect');
  const want = expected(d, { q: 'elect' });
  await expectShown(page, want, d.events.length);
  for (const id of want) {
    const marks = (await t.item(id).locator('mark').allTextContents()).map((m) => m.toLowerCase());
    assert.ok(marks.length > 0, `${id} has a <mark>`);
    for (const m of marks) assert.equal(m, 'elect', `${id}: the mark is the match`);
  }
  // Titles still read whole.
  for (const e of d.events.filter((x) => want.includes(x.id))) {
    assert.equal(norm(await t.item(e.id).getByRole('heading', { level: 3 }).textContent()), norm(e.title));
  }
  await t.search.fill('');
  await eventually(async () => assert.equal(await t.list.locator('mark').count(), 0, 'marks gone'));
});

appTest('a query from the URL is text, never markup', async ({ page }) => {
  const d = data();
  const payload = '<img src=x onerror=window.__xss=1>';
  await gotoApp(page, `?q=${encodeURIComponent(payload)}`);
  await expectShown(page, [], d.events.length);
  assert.equal(await tl(page).search.inputValue(), payload);
  await sleep(300);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

appTest('"Newest first" flips the order', async ({ page }) => {
  const d = data();
  await gotoApp(page);
  const order = page.getByRole('button', { name: 'Newest first' });
  assert.equal(await pressed(order), 'false');
  await order.click();
  await eventually(async () => assert.equal(await pressed(order), 'true'));
  await eventually(async () => assert.deepEqual(await shownIds(page), expected(d).reverse()));
  await order.click();
  await eventually(async () => assert.deepEqual(await shownIds(page), expected(d)));
});

appTest('opening #event-<id> scrolls to the event and moves focus there', async ({ page }) => {
  const d = data();
  const last = sortedEvents(d).at(-1);
  await gotoApp(page, `#event-${last.id}`);
  const li = tl(page).item(last.id);
  await eventually(async () => {
    assert.ok(
      await li.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)),
      'focus is on the event',
    );
    assert.ok(
      await li.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      }),
      'the event is in view',
    );
  });
});

appTest('every event links to its paragraph in the article', async ({ page }) => {
  const d = data();
  const paras = new Map(allParagraphs(d).map((p) => [p.id, p.text]));
  await gotoApp(page);
  for (const e of d.events) {
    const link = tl(page)
      .item(e.id)
      .getByRole('link', { name: startsWith('Read in article') });
    assert.equal(await link.count(), 1, `${e.id} has one "Read in article" link`);
    const target = await link.evaluate((a) => {
      const u = new URL(a.href);
      if (u.pathname !== location.pathname || !u.hash) return null;
      const el = document.getElementById(decodeURIComponent(u.hash.slice(1)));
      return el ? el.innerText : null;
    });
    assert.ok(target !== null, `${e.id}: the link points to an element of this page`);
    assert.ok(norm(target).includes(norm(paras.get(e.paragraph))), `${e.id}: the target is paragraph ${e.paragraph}`);
  }
});

appTest('"Back to" returns to the last event read, when several events cite one paragraph', async ({ page }) => {
  const d = data();
  const [first, second] = d.events.filter((e) => e.paragraph === 'p8');
  assert.ok(first && second, 'two events cite p8');
  await gotoApp(page);
  for (const e of [first, second]) {
    await tl(page)
      .item(e.id)
      .getByRole('link', { name: startsWith('Read in article') })
      .click();
  }
  const para = page.locator('[id="para-p8"]');
  const back = para.getByRole('link', { name: startsWith('Back to') });
  await eventually(async () =>
    assert.equal(norm(await back.innerText()), norm(`Back to the timeline: ${second.title}`)),
  );
  assert.equal(await back.count(), 1, 'one way back, to the last event read');
  assert.ok(await para.evaluate((el) => el.classList.contains('highlighted')), 'the paragraph is still highlighted');
  await back.click();
  await eventually(async () =>
    assert.equal(await page.evaluate(() => document.activeElement?.id), `event-${second.id}`),
  );
});

appTest(
  '"Read in article" highlights the paragraph, keyboard continues there, and "Back to" returns to the event',
  async ({ page }) => {
    const d = data();
    const e = d.events.find((x) => x.id === 'banjska-incident') ?? d.events[0];
    const text = allParagraphs(d).find((p) => p.id === e.paragraph).text;
    // With a filter on: following the links keeps the page (and its URL state).
    await gotoApp(page, `?focus=${e.focus_area}`);
    await page.evaluate(() => (window.__kbSamePage = true));
    const li = tl(page).item(e.id);
    const link = li.getByRole('link', { name: startsWith('Read in article') });
    await link.focus();
    await page.keyboard.press('Enter');

    const targetId = await link.evaluate((a) => decodeURIComponent(new URL(a.href).hash.slice(1)));
    assert.ok(targetId, 'the link has a fragment');
    const para = page.locator(`[id="${targetId}"]`);
    assert.ok(norm(await para.innerText()).includes(norm(text)), `the target is paragraph ${e.paragraph}`);
    await eventually(
      async () =>
        assert.ok(
          await para.evaluate((el) => el.classList.contains('highlighted')),
          'the paragraph gets class "highlighted"',
        ),
      { timeout: 3000 },
    );
    // Scrolling may be smooth (prefers-reduced-motion: no-preference): wait for it.
    await eventually(async () =>
      assert.ok(
        await para.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        }),
        'the paragraph is in view',
      ),
    );
    const back = para.getByRole('link', { name: startsWith('Back to') });
    assert.equal(await back.count(), 1, 'a "Back to" link in the paragraph');

    // Keyboard: the next Tab lands in the paragraph (its way back), not back in the timeline.
    await page.keyboard.press('Tab');
    assert.ok(
      await back.evaluate((el) => el === document.activeElement),
      'Tab after following the link reaches "Back to"',
    );
    await page.keyboard.press('Enter');
    await eventually(async () => {
      assert.ok(
        await li.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)),
        'focus back on the event',
      );
      assert.equal(await page.evaluate(() => window.__kbSamePage), true, 'no page reload');
      assert.deepEqual(focusParam(page), [e.focus_area], 'the filter is still in the URL');
      assert.ok(
        await li.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        }),
        'the event is in view',
      );
    });
  },
);
