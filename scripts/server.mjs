// A tiny, dependency-free static file server for the built app.
//
// Used by `scripts/serve.sh` (as a CLI) and by the browser tests (as a
// module). It behaves like a plain static host:
//   - serves the files of `root` under the URL prefix `base` (e.g. `/kosovo/`);
//   - `Cache-Control: no-cache` on every response (so the service worker
//     script is always revalidated, as the README asks hosts to do);
//   - a request under `base` for something that is not a file, from a client
//     that accepts HTML, gets `index.html` (the SPA / 404 fallback that static
//     hosts offer); anything else that is missing is a 404;
//   - anything outside `base` is a 404; no path can escape `root`;
//   - files are sent uncompressed, unless `startServer({ compress: true })`:
//     then text types, JSON, SVG and wasm are sent with brotli (quality 11)
//     when the request accepts `br`, else gzip (level 9) when it accepts
//     `gzip`, with `Vary: Accept-Encoding`; compressed bodies are cached per
//     file and encoding until the file's mtime or size changes (as a
//     production host compresses; scripts/lighthouse.mjs --compress uses it).
//
// CLI:  node scripts/server.mjs --root dist --base / --port 8080 [--host 127.0.0.1]

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs as parseCliArgs, promisify } from 'node:util';
import { pathToFileURL } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Content types that `compress: true` compresses. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|manifest\+json)|image\/svg)/;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The encoding for a request's Accept-Encoding: 'br', else 'gzip', else null. */
function pickEncoding(acceptEncoding) {
  const accept = String(acceptEncoding || '');
  if (/\bbr\b/.test(accept)) return 'br';
  if (/\bgzip\b/.test(accept)) return 'gzip';
  return null;
}

function normalizeBase(base) {
  let b = String(base || '/');
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b += '/';
  return b.replace(/\/{2,}/g, '/');
}

async function statFile(p) {
  try {
    const st = await fsp.stat(p);
    return st;
  } catch {
    return null;
  }
}

/**
 * Start a static server.
 * @param {{root: string, base?: string, port?: number, host?: string, compress?: boolean}} opts
 * @returns {Promise<{url: string, origin: string, port: number, base: string,
 *   close: () => Promise<void>, setRoot: (dir: string) => void,
 *   root: () => string, requests: {method: string, url: string, status: number}[]}>}
 */
export async function startServer({ root, base = '/', port = 0, host = '127.0.0.1', compress = false }) {
  if (!root) throw new Error('startServer: root is required');
  const prefix = normalizeBase(base);
  let rootDir = path.resolve(root);
  const requests = [];
  const sockets = new Set();
  /** With `compress`: `${encoding} ${file}` -> { mtimeMs, size, body: Promise<Buffer> }. */
  const compressed = new Map();

  /** The compressed body of `file` (as of `st`), computed once per version. */
  function compressedBody(file, st, enc) {
    const key = `${enc} ${file}`;
    const hit = compressed.get(key);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.body;
    const body = fsp
      .readFile(file)
      .then((raw) =>
        enc === 'br' ? brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }) : gzip(raw, { level: 9 }),
      );
    const entry = { mtimeMs: st.mtimeMs, size: st.size, body };
    compressed.set(key, entry);
    body.catch(() => {
      if (compressed.get(key) === entry) compressed.delete(key);
    });
    return body;
  }

  function log(req, status) {
    requests.push({ method: req.method, url: req.url, status });
  }

  function send(req, res, status, headers, body) {
    res.writeHead(status, { 'Cache-Control': 'no-cache', ...headers });
    if (req.method === 'HEAD' || body === undefined) res.end();
    else res.end(body);
    log(req, status);
  }

  function notFound(req, res) {
    send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
  }

  async function sendFile(req, res, file, st) {
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const headers = {
      'Content-Type': type,
      'Content-Length': st.size,
      'Cache-Control': 'no-cache',
      'Last-Modified': st.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    };
    if (compress && COMPRESSIBLE.test(type)) {
      headers.Vary = 'Accept-Encoding';
      const enc = pickEncoding(req.headers['accept-encoding']);
      if (enc) {
        const body = await compressedBody(file, st, enc);
        res.writeHead(200, { ...headers, 'Content-Encoding': enc, 'Content-Length': body.length });
        log(req, 200);
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
    }
    res.writeHead(200, headers);
    log(req, 200);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request\n');
      return;
    }
    if (pathname.includes('\0')) {
      send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request\n');
      return;
    }
    // `/kosovo` -> `/kosovo/`, as static hosts do for folders.
    if (prefix !== '/' && pathname === prefix.slice(0, -1)) {
      const q = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      send(req, res, 301, { Location: prefix + q }, undefined);
      return;
    }
    if (!pathname.startsWith(prefix)) {
      notFound(req, res);
      return;
    }
    const rel = pathname.slice(prefix.length);
    const target = path.resolve(rootDir, `.${path.sep}${rel}`);
    if (target !== rootDir && !target.startsWith(rootDir + path.sep)) {
      notFound(req, res);
      return;
    }
    let st = await statFile(target);
    let file = target;
    if (st?.isDirectory()) {
      file = path.join(target, 'index.html');
      st = await statFile(file);
    }
    if (st?.isFile()) {
      await sendFile(req, res, file, st);
      return;
    }
    // SPA fallback: a page navigation under base gets index.html.
    const accept = String(req.headers.accept || '');
    if (accept.includes('text/html')) {
      const index = path.join(rootDir, 'index.html');
      const ist = await statFile(index);
      if (ist?.isFile()) {
        await sendFile(req, res, index, ist);
        return;
      }
    }
    notFound(req, res);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        send(req, res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Internal error\n');
      } else {
        res.destroy(err);
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  /** @type {Promise<void>} */
  const listening = new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listening;
  // Listening on a host and port, the address is always an AddressInfo.
  const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const origin = `http://${host}:${actualPort}`;

  return {
    url: origin + prefix,
    origin,
    port: actualPort,
    base: prefix,
    requests,
    root: () => rootDir,
    setRoot(dir) {
      rootDir = path.resolve(dir);
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function parseArgs(argv) {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      root: { type: 'string', default: 'dist' },
      base: { type: 'string', default: '/' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: node scripts/server.mjs --root DIR [--base /] [--port 8080] [--host 127.0.0.1]');
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('bad --port');
  return { root: values.root, base: values.base, port, host: values.host };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`server.mjs: ${e.message}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(args.root, 'index.html'))) {
    console.error(`server.mjs: ${args.root}/index.html not found (build first)`);
    process.exit(1);
  }
  const srv = await startServer(args);
  console.log(`Serving ${args.root} at ${srv.url}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
