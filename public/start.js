// The page's start. The post-build hook (scripts/start-script.mjs) minifies
// this file and writes it inline into <head>, before the stylesheet, in
// place of Trunk's module loader, with the CSP hash of its text. It runs
// before the body is parsed, and so before anything is painted.
//
// 1. The timeline shows the URL's filter and search (`?focus=a,b&q=text`):
//    list, status and toggles. A MutationObserver applies it to the built
//    page as the parser inserts it; its records are delivered before the
//    parser's task ends, and so before any paint. Nothing moves when the
//    app takes the page over.
// 2. Until the app does, the timeline's controls work here (listening on
//    the document, so a tap counts as soon as there is something to tap):
//    a focus toggle, "All", the search box, the order and "Clear filters and
//    search". Each writes the URL as the app would, and the app starts from
//    the URL, the search box and the order button: no tap is lost. The
//    comments' buttons are disabled until the app renders its own.
// 3. It loads the app: the wasm is fetched and compiled while the page is
//    parsed, the wasm-bindgen glue imported, and the app started once the
//    page is whole. If it cannot start (no WebAssembly, the glue or the wasm
//    refused or cut off, a panic at start, or no byte for STALL_MS), an
//    alert says so with "Reload", the comment form and its buttons are
//    hidden, and the timeline keeps working from here.
//
// The matching must agree with the app's: `fold` is src/text.rs's
// `fold_for_search`, `readQuery` and `urlSearch` are src/timeline.rs's
// `TimelineQuery::from_url_search` and `to_url_search` (the browser tests
// compare the two on every event).
(() => {
  // Filled in by the post-build hook: the paths of the glue and its wasm.
  const GLUE = '__KB_GLUE__';
  const WASM = '__KB_WASM__';
  // No byte of the app for this long is a stalled load, not a slow one: a
  // phone at 1.6 Mbit/s gets the whole app in about a second, and even a
  // 50 kbit/s link brings a packet every quarter of a second.
  const STALL_MS = 10_000;

  const byId = (/** @type {string} */ id) => document.getElementById(id);

  /** One character as search compares it (src/text.rs, `fold_for_search`). */
  const foldCode = (/** @type {number} */ c) => {
    if (c === 0x2018 || c === 0x2019) return 0x27;
    if (c === 0x201c || c === 0x201d) return 0x22;
    const within = (/** @type {number} */ lo, /** @type {number} */ hi) => c >= lo && c <= hi;
    if (
      within(0x41, 0x5a) ||
      within(0xc0, 0xd6) ||
      within(0xd8, 0xde) ||
      within(0x391, 0x3a1) ||
      within(0x3a3, 0x3ab) ||
      within(0x410, 0x42f)
    ) {
      return c + 0x20;
    }
    if (within(0x400, 0x40f)) return c + 0x50;
    const even = c % 2 === 0;
    if ((within(0x100, 0x12f) || within(0x132, 0x137) || within(0x14a, 0x177)) && even) return c + 1;
    if ((within(0x139, 0x148) || within(0x179, 0x17e)) && !even) return c + 1;
    return c === 0x178 ? 0xff : c;
  };
  const fold = (/** @type {string} */ text) =>
    Array.from(text, (ch) => String.fromCodePoint(foldCode(ch.codePointAt(0) ?? 0))).join('');
  // Rust's `str::trim`: White_Space only (JavaScript's trim also takes U+FEFF).
  const trim = (/** @type {string} */ text) => text.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');

  // ---- The timeline on the built page -------------------------------------

  /**
   * @typedef {{ controls: HTMLElement, results: HTMLElement, search: HTMLInputElement, order: HTMLElement,
   *   list: HTMLElement, status: HTMLElement, empty: HTMLElement, all: HTMLElement, toggles: HTMLElement[],
   *   slugs: string[] }} Parts
   * @typedef {{ focus: string[], search: string }} Query
   */

  /** @type {Parts | null} The built timeline, once the parser has reached its list. */
  let parts = null;
  const findParts = () => {
    const controls = byId('timeline-controls');
    const results = byId('timeline-results');
    const list = results?.querySelector('ol');
    const status = results?.querySelector('[role="status"]');
    const empty = results?.querySelector('.timeline-empty');
    const all = controls?.querySelector('.focus-all');
    const search = /** @type {HTMLInputElement | null} */ (byId('timeline-search'));
    const order = byId('timeline-order');
    if (!controls || !results || !list || !status || !empty || !all || !search || !order) return null;
    const toggles = /** @type {HTMLElement[]} */ ([...controls.querySelectorAll('button[data-focus]')]);
    const slugs = toggles.map((toggle) => toggle.dataset.focus ?? '');
    // querySelector's Element, known here to be the HTMLElement the build wrote.
    return /** @type {Parts} */ (
      /** @type {unknown} */ ({ controls, results, list, status, empty, all, search, order, toggles, slugs })
    );
  };
  // The page after the timeline is there: the list is whole.
  const listComplete = () => document.readyState !== 'loading' || byId('comments') !== null;

  // U+001F keeps a match from spanning two fields, as in the app. Made at
  // run time: minified as a literal, it would be a raw control character,
  // which HTML forbids in a page.
  const FIELD_GAP = String.fromCharCode(0x1f);

  /** Each event's search text, once its last field is parsed. @type {WeakMap<Element, string>} */
  const haystacks = new WeakMap();
  const haystackOf = (/** @type {Element} */ item) => {
    let haystack = haystacks.get(item);
    if (haystack === undefined) {
      const text = (/** @type {string} */ selector) => item.querySelector(selector)?.textContent ?? '';
      haystack = fold([text('.event-title'), text('.event-area'), text('.event-significance')].join(FIELD_GAP));
      if (item.querySelector('.event-link')) haystacks.set(item, haystack);
    }
    return haystack;
  };

  // Read again once the toggles are known: unknown slugs are ignored.
  const readQuery = (/** @type {string[]} */ slugs) => {
    const params = new URLSearchParams(location.search);
    const requested = params.getAll('focus').join(',').split(',');
    return { focus: slugs.filter((slug) => requested.includes(slug)), search: params.getAll('q').pop() ?? '' };
  };
  // Unreserved bytes stay, a space is `+`, the rest %XX: `percent_encode`.
  const encode = (/** @type {string} */ value) =>
    encodeURIComponent(value.replace(/\p{Cs}/gu, '\ufffd'))
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  const urlSearch = (/** @type {Query} */ query) => {
    const params = [];
    if (query.focus.length > 0) params.push(`focus=${query.focus.map(encode).join(',')}`);
    if (query.search !== '') params.push(`q=${encode(query.search)}`);
    return params.length > 0 ? `?${params.join('&')}` : '';
  };

  /** @type {Query} */
  let query = { focus: [], search: '' };

  // Text written only when it changes: the parser's observer sees no change of ours.
  const setText = (/** @type {Element} */ element, /** @type {string} */ text) => {
    if (element.textContent !== text) element.textContent = text;
  };

  /** The list, the status, the toggles and their counts for `query`. */
  const show = (/** @type {Parts} */ p) => {
    const needle = fold(trim(query.search));
    /** @type {Map<string, number>} */
    const counts = new Map();
    const items = /** @type {HTMLElement[]} */ ([...p.list.children]);
    let shown = 0;
    for (const item of items) {
      const focus = item.dataset.focus ?? '';
      const matches = needle === '' || haystackOf(item).includes(needle);
      if (matches) counts.set(focus, (counts.get(focus) ?? 0) + 1);
      const visible = matches && (query.focus.length === 0 || query.focus.includes(focus));
      item.hidden = !visible;
      if (visible) shown++;
    }
    setText(p.status, `${shown} of ${items.length} events`);
    p.all.setAttribute('aria-pressed', String(query.focus.length === 0));
    for (const [i, toggle] of p.toggles.entries()) {
      toggle.setAttribute('aria-pressed', String(query.focus.includes(p.slugs[i])));
      const count = toggle.querySelector('.count');
      if (count) setText(count, String(counts.get(p.slugs[i]) ?? 0));
    }
    const none = shown === 0 && listComplete();
    p.empty.classList.toggle('is-empty', !none);
    if (!none) {
      if (p.empty.firstChild) p.empty.replaceChildren();
    } else if (!p.empty.firstChild) {
      // As the app words and lays it out (src/views/timeline/results.rs).
      const note = document.createElement('p');
      note.textContent = 'No events match.';
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.className = 'button';
      clear.textContent = 'Clear filters and search';
      p.empty.replaceChildren(note, clear);
    }
  };

  /** Puts `next` in the URL (a new entry for a focus change) and shows it. */
  const go = (/** @type {Parts} */ p, /** @type {Query} */ next, /** @type {boolean} */ push) => {
    query = next;
    const url = `${location.pathname}${urlSearch(next)}${location.hash}`;
    try {
      history[push ? 'pushState' : 'replaceState'](null, '', url);
    } catch {
      // Refused (WebKit throttles a flood of replaceState): the filter still
      // applies, only the address bar lags behind, as in the app.
    }
    show(p);
  };

  // The built timeline and the comments' buttons, as the parser inserts them.
  const hasQuery = location.search.length > 1;
  let commentsWaiting = false;
  const onParsed = () => {
    if (!parts) {
      parts = findParts();
      if (parts) {
        query = readQuery(parts.slugs);
        if (query.search !== '' && parts.search.value === '') parts.search.value = query.search;
      }
    }
    if (parts && hasQuery) show(parts);
    const toolbar = byId('comments')?.querySelector('.comments-toolbar');
    if (toolbar && !commentsWaiting && listComplete()) {
      commentsWaiting = true;
      // They need the app: disabled, not dead, until it renders its own.
      for (const button of toolbar.querySelectorAll('button')) button.disabled = true;
    }
  };
  const parser = new MutationObserver(() => {
    onParsed();
    // What onParsed itself changed is not the parser's doing.
    parser.takeRecords();
  });
  parser.observe(document, { childList: true, subtree: true });
  /** @type {Promise<void>} The whole page is parsed. */
  const parsed = new Promise((resolve) => {
    addEventListener('DOMContentLoaded', () => {
      parser.disconnect();
      onParsed();
      resolve();
    });
  });

  // The built controls, until the app's replace them (these are then
  // detached, and nothing below answers for them).
  document.addEventListener('click', (event) => {
    const p = parts;
    const button = /** @type {Element} */ (event.target).closest?.('button');
    if (!p || !button) return;
    if (p.controls.contains(button)) {
      const slug = /** @type {HTMLElement} */ (button).dataset.focus;
      if (slug !== undefined) {
        const on = !query.focus.includes(slug);
        go(
          p,
          { focus: p.slugs.filter((s) => (s === slug ? on : query.focus.includes(s))), search: query.search },
          true,
        );
      } else if (button === p.all && query.focus.length > 0) {
        go(p, { focus: [], search: query.search }, true);
      } else if (button === p.order) {
        p.order.setAttribute('aria-pressed', String(p.order.getAttribute('aria-pressed') !== 'true'));
        p.list.append(...[...p.list.children].reverse());
      }
    } else if (p.empty.contains(button)) {
      p.search.value = '';
      go(p, { focus: [], search: '' }, true);
      p.search.focus();
    }
  });
  document.addEventListener('input', (event) => {
    const p = parts;
    if (p && event.target === p.search) go(p, { focus: query.focus, search: p.search.value }, false);
  });
  document.addEventListener('keydown', (event) => {
    const p = parts;
    if (p && event.target === p.search && event.key === 'Escape' && query.search !== '') {
      event.preventDefault();
      p.search.value = '';
      go(p, { focus: query.focus, search: '' }, false);
    }
  });
  // Back and Forward, until the app follows them.
  addEventListener('popstate', () => {
    const p = parts;
    if (!p?.controls.isConnected) return;
    query = readQuery(p.slugs);
    p.search.value = query.search;
    show(p);
  });

  // ---- Loading the app, and saying so if it cannot start ------------------

  let settled = false;
  let stall = 0;
  const abort = new AbortController();

  const fail = (/** @type {string} */ why) => {
    if (settled) return;
    settled = true;
    clearTimeout(stall);
    abort.abort();
    parsed.then(() => say(why));
  };
  const say = (/** @type {string} */ why) => {
    for (const part of byId('comments')?.querySelectorAll('.needs-js') ?? []) {
      /** @type {HTMLElement} */ (part).hidden = true;
    }
    const alert = document.createElement('div');
    alert.className = 'load-error';
    alert.setAttribute('role', 'alert');
    const message = document.createElement('p');
    message.textContent = `The interactive parts of this page could not start: ${why}. The briefing and its timeline can still be read.`;
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.className = 'button';
    reload.textContent = 'Reload';
    reload.addEventListener('click', () => location.reload());
    alert.append(message, reload);
    (byId('load-alert') ?? document.body).append(alert);
    document.documentElement.setAttribute('data-app', 'failed');
  };
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(() => fail('the app stopped loading'), STALL_MS);
  };

  if (typeof WebAssembly !== 'object') {
    fail('this browser does not run WebAssembly');
  } else {
    watch();
    // The wasm is compiled while the page is parsed. Each piece of it that
    // arrives resets the watchdog; a connection cut mid-way errors this
    // stream, and so the compilation.
    const compiled = fetch(WASM, { signal: abort.signal }).then((response) => {
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      // Firefox before 102 has no TransformStream: the load is then watched
      // as a whole.
      const body =
        typeof TransformStream === 'function'
          ? response.body.pipeThrough(
              new TransformStream({
                transform(chunk, out) {
                  watch();
                  out.enqueue(chunk);
                },
              }),
            )
          : response.body;
      return WebAssembly.compileStreaming(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }));
    });
    const broken = () => fail('the app did not load, or could not run');
    // Handled here too: the glue may fail first, and no rejection goes unheard.
    compiled.catch(broken);
    // The app takes over a whole page: it starts once the parser is done.
    Promise.all([import(GLUE), parsed])
      .then(([glue]) => {
        if (settled) return;
        watch();
        return glue.default({ module_or_path: compiled }).then(() => {
          settled = true;
          clearTimeout(stall);
        });
      })
      .catch(broken);
  }
})();
