// Unit tests of public/sw.js, run in Node against a small fake of the
// service-worker globals (self, caches, fetch). The browser tests cover the
// real thing end to end; these pin each rule of the worker on its own.
// Run: node --test tests/tooling/sw.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

import { fillWorker } from '../../scripts/post-build.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = readFileSync(join(ROOT, 'public', 'sw.js'), 'utf8');

const ORIGIN = 'https://example.org';
const SCOPE = `${ORIGIN}/kosovo/`;
const VERSION = '0123456789abcdef';
const CACHE = `kosovo-briefing-${VERSION}`;
const FILES = ['data/briefing.json', 'icons/icon.svg', 'index.html', 'app-1a2b.js', 'app-1a2b_bg.wasm'];

/** A Response as the browser's fetch gives it: same-origin responses are "basic". */
function response(body, { status = 200, redirected = false } = {}) {
  const res = new Response(body, { status, headers: { 'content-type': 'text/plain' } });
  Object.defineProperty(res, 'type', { value: 'basic' });
  Object.defineProperty(res, 'redirected', { value: redirected });
  return res;
}

/** A clone that keeps the fields `response` set (Response#clone drops them). */
function copy(res) {
  const out = res.clone();
  Object.defineProperty(out, 'type', { value: res.type });
  Object.defineProperty(out, 'redirected', { value: res.redirected });
  return out;
}

function urlOf(request) {
  return typeof request === 'string' ? request : request.url;
}

function stripSearch(url) {
  const u = new URL(url);
  u.search = '';
  return u.href;
}

/** Cache storage with the semantics the worker relies on. */
class FakeCache {
  constructor(env) {
    this.env = env;
    this.entries = new Map();
  }
  async match(request, options = {}) {
    const key = options.ignoreSearch ? stripSearch(urlOf(request)) : urlOf(request);
    for (const [url, res] of this.entries) {
      if ((options.ignoreSearch ? stripSearch(url) : url) === key) return copy(res);
    }
    return undefined;
  }
  async put(request, res) {
    this.entries.set(urlOf(request), copy(res));
  }
  // All or nothing, as in browsers: any failed response rejects and stores nothing.
  async addAll(requests) {
    const responses = await Promise.all(requests.map((r) => this.env.fetch(r)));
    responses.forEach((res, i) => {
      if (!res.ok) throw new TypeError(`bad response for ${urlOf(requests[i])}`);
    });
    responses.forEach((res, i) => {
      this.entries.set(urlOf(requests[i]), res);
    });
  }
}

/** A worker global scope with a fake network, and the worker loaded into it. */
function worker({ files = FILES, network = {} } = {}) {
  /** @type {{ requests: { url: string, cache: string | undefined }[], calls: string[], [field: string]: any }} */
  const env = {
    online: true,
    network: new Map(Object.entries(network).map(([k, v]) => [new URL(k, SCOPE).href, v])),
    requests: [],
    caches: new Map(),
    handlers: {},
    calls: [],
  };
  env.fetch = async (request, init = {}) => {
    const url = urlOf(request);
    env.requests.push({ url, cache: init.cache ?? request.cache });
    if (!env.online) throw new TypeError('Failed to fetch');
    const entry = env.network.get(stripSearch(url));
    if (entry === undefined) return response('Not found', { status: 404 });
    return typeof entry === 'string' ? response(entry) : response(entry.body, entry);
  };
  const caches = {
    open: async (name) => {
      if (!env.caches.has(name)) env.caches.set(name, new FakeCache(env));
      return env.caches.get(name);
    },
    keys: async () => [...env.caches.keys()],
    delete: async (name) => {
      env.calls.push(`delete ${name}`);
      return env.caches.delete(name);
    },
  };
  const self = {
    registration: { scope: SCOPE },
    addEventListener: (type, fn) => (env.handlers[type] = fn),
    skipWaiting: () => env.calls.push('skipWaiting'),
    clients: { claim: async () => env.calls.push('claim') },
  };
  const context = { self, caches, fetch: env.fetch, Request, Response, URL, Set };
  vm.runInNewContext(fillWorker(SOURCE, VERSION, files), context);

  env.dispatch = (type, fields = {}) => {
    /** @type {Record<string, any>} */
    const event = { ...fields, waited: undefined, responded: undefined };
    event.waitUntil = (p) => (event.waited = p);
    event.respondWith = (p) => (event.responded = p);
    env.handlers[type](event);
    return event;
  };
  env.install = async () => {
    const event = env.dispatch('install');
    assert.ok(event.waited, 'install must extend the event with waitUntil');
    await event.waited;
  };
  /** What the page would get for a request; undefined when the worker lets it through. */
  env.get = async (path, { mode = 'cors', method = 'GET' } = {}) => {
    const request = { url: new URL(path, SCOPE).href, method, mode, cache: 'default' };
    const event = env.dispatch('fetch', { request });
    return event.responded && (await event.responded);
  };
  return env;
}

const SITE = {
  'index.html': '<!doctype html><title>A</title>',
  'icons/icon.svg': '<svg/>',
  'app-1a2b.js': 'js A',
  'app-1a2b_bg.wasm': 'wasm A',
  'data/briefing.json': '{"v":1}',
};

async function installed(options = {}) {
  const env = worker({ network: SITE, ...options });
  await env.install();
  env.requests.length = 0;
  return env;
}

// --- install / activate / message ---------------------------------------------

test('install caches every listed file, resolved against the scope, bypassing the HTTP cache', async () => {
  const env = worker({ network: SITE });
  await env.install();
  assert.deepEqual(
    env.requests.map((r) => [r.url, r.cache]).sort(),
    FILES.map((f) => [`${SCOPE}${f}`, 'reload']).sort(),
  );
  assert.deepEqual([...env.caches.keys()], [CACHE]);
  assert.deepEqual([...env.caches.get(CACHE).entries.keys()].sort(), FILES.map((f) => SCOPE + f).sort());
});

test('install fails when any file fails, and caches none of them', async () => {
  const { 'app-1a2b_bg.wasm': _missing, ...rest } = SITE;
  const env = worker({ network: rest });
  await assert.rejects(env.install());
  assert.equal(env.caches.get(CACHE)?.entries.size ?? 0, 0);
});

test('install does not skip waiting; a SKIP_WAITING message does, other messages do not', async () => {
  const env = await installed();
  assert.deepEqual(env.calls, []);
  env.dispatch('message', { data: { type: 'PING' } });
  env.dispatch('message', { data: null });
  assert.deepEqual(env.calls, []);
  env.dispatch('message', { data: { type: 'SKIP_WAITING' } });
  assert.deepEqual(env.calls, ['skipWaiting']);
});

test("activate deletes older versions' caches only, then claims the open pages", async () => {
  const env = await installed();
  for (const name of ['kosovo-briefing-00000000aaaaaaaa', 'kosovo-briefing-11111111bbbbbbbb', 'other-app']) {
    env.caches.set(name, new FakeCache(env));
  }
  const event = env.dispatch('activate');
  await event.waited;
  assert.deepEqual([...env.caches.keys()].sort(), [CACHE, 'other-app']);
  assert.equal(env.calls.at(-1), 'claim');
  assert.equal(env.calls.length, 3);
});

// --- fetch: what is handled ---------------------------------------------------

test('only same-origin GETs under the scope are handled', async () => {
  const env = await installed();
  assert.equal(await env.get('app-1a2b.js', { method: 'POST' }), undefined);
  assert.equal(await env.get(`${ORIGIN}/other/app-1a2b.js`), undefined);
  assert.equal(await env.get(`${ORIGIN}/kosovo`, { mode: 'navigate' }), undefined);
  assert.equal(await env.get('https://cdn.example.net/kosovo/app-1a2b.js'), undefined);
  assert.ok(await env.get('app-1a2b.js'));
});

// --- fetch: navigations -------------------------------------------------------

test("navigations get this version's cached index.html, query or deep path alike, with no request", async () => {
  const env = await installed();
  env.online = false;
  for (const path of ['./', '?focus=security-justice&q=law', 'index.html', 'some/deep/link']) {
    const res = await env.get(path, { mode: 'navigate' });
    assert.equal(await res.text(), SITE['index.html'], path);
  }
  assert.deepEqual(env.requests, []);
});

test('a navigation to a cached file gets that file, not the page', async () => {
  const env = await installed();
  const res = await env.get('icons/icon.svg', { mode: 'navigate' });
  assert.equal(await res.text(), '<svg/>');
});

test('navigations go to the network when the page is not cached', async () => {
  const env = await installed();
  env.caches.get(CACHE).entries.delete(`${SCOPE}index.html`);
  env.network.set(SCOPE, 'page from the network');
  const res = await env.get('./', { mode: 'navigate' });
  assert.equal(await res.text(), 'page from the network');
  assert.deepEqual(
    env.requests.map((r) => r.url),
    [SCOPE],
  );
});

test('a cached index.html that came through a redirect is served as a plain response', async () => {
  const env = await installed();
  await env.caches.get(CACHE).put(`${SCOPE}index.html`, response('page', { redirected: true }));
  const res = await env.get('./', { mode: 'navigate' });
  assert.equal(res.redirected, false);
  assert.equal(await res.text(), 'page');
});

// --- fetch: other files -------------------------------------------------------

test('files come from the cache first, ignoring the query string', async () => {
  const env = await installed();
  env.network.set(`${SCOPE}app-1a2b.js`, 'js B');
  const res = await env.get('app-1a2b.js?v=2');
  assert.equal(await res.text(), 'js A');
  assert.deepEqual(env.requests, []);
});

test('files not in the cache come from the network', async () => {
  const env = await installed();
  env.network.set(`${SCOPE}extra.txt`, 'extra');
  assert.equal(await (await env.get('extra.txt')).text(), 'extra');
});

test("only this version's cache is read: an older version's files are never served", async () => {
  const env = await installed();
  const old = new FakeCache(env);
  await old.put(`${SCOPE}app-0000.js`, response('js old'));
  env.caches.set('kosovo-briefing-00000000aaaaaaaa', old);
  env.online = false;
  await assert.rejects(env.get('app-0000.js'));
});

// --- fetch: the dataset -------------------------------------------------------

test('the dataset comes from the network first, revalidated, and refreshes the cache', async () => {
  const env = await installed();
  env.network.set(`${SCOPE}data/briefing.json`, '{"v":2}');
  const res = await env.get('data/briefing.json');
  assert.equal(await res.text(), '{"v":2}');
  assert.deepEqual(env.requests, [{ url: `${SCOPE}data/briefing.json`, cache: 'no-cache' }]);
  env.online = false;
  assert.equal(await (await env.get('data/briefing.json?t=1')).text(), '{"v":2}');
});

test('offline, the dataset comes from the cache', async () => {
  const env = await installed();
  env.online = false;
  assert.equal(await (await env.get('data/briefing.json')).text(), '{"v":1}');
});

test('an HTTP error for the dataset gives the cached copy, and is never cached', async () => {
  const env = await installed();
  env.network.set(`${SCOPE}data/briefing.json`, { body: 'oops', status: 503 });
  const res = await env.get('data/briefing.json');
  assert.equal(await res.text(), '{"v":1}');
  env.online = false;
  assert.equal(await (await env.get('data/briefing.json')).text(), '{"v":1}');
});

test('a dataset that is not JSON gives the cached copy and does not replace it', async () => {
  const env = await installed();
  env.network.set(`${SCOPE}data/briefing.json`, '{"v":2'); // cut short
  assert.equal(await (await env.get('data/briefing.json')).text(), '{"v":1}');
  env.online = false;
  assert.equal(await (await env.get('data/briefing.json')).text(), '{"v":1}');
});

test('a dataset that is not JSON, with no cached copy, reaches the page as it is', async () => {
  const env = await installed();
  env.caches.get(CACHE).entries.delete(`${SCOPE}data/briefing.json`);
  env.network.set(`${SCOPE}data/briefing.json`, '<html>oops</html>');
  assert.equal(await (await env.get('data/briefing.json')).text(), '<html>oops</html>');
});

test('an HTTP error for the dataset with no cached copy reaches the page', async () => {
  const env = await installed();
  env.caches.get(CACHE).entries.delete(`${SCOPE}data/briefing.json`);
  env.network.set(`${SCOPE}data/briefing.json`, { body: 'oops', status: 404 });
  const res = await env.get('data/briefing.json');
  assert.equal(res.status, 404);
});

test('offline with no cached dataset, the page sees a network error', async () => {
  const env = await installed();
  env.caches.get(CACHE).entries.delete(`${SCOPE}data/briefing.json`);
  env.online = false;
  await assert.rejects(env.get('data/briefing.json'), TypeError);
});
