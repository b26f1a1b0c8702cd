// The two processes the WebKit engine needs, started and stopped by the
// layer itself (CI starts with nothing running): an Xvfb X server on a
// display it picks (-displayfd: Xvfb itself chooses a free one) and
// WebKitWebDriver on a free loopback port. Both are this process's
// children and are ended by their pid.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { sleep, until } from './tab.mjs';

export const XVFB = process.env.XVFB_PATH || '/usr/bin/Xvfb';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';

/** Start Xvfb; resolves with { display: ':N', stop }. */
export async function startXvfb() {
  const child = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  // stdio 2 and 3 are pipes (above), so these streams exist.
  const [, , childStderr, displayPipe] = /** @type {import('node:stream').Readable[]} */ (child.stdio);
  let stderr = '';
  childStderr.on('data', (d) => (stderr += d));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display in 10 s: ${stderr}`)), 10_000);
    displayPipe.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });
  return { display, stop: () => stopChild(child) };
}

/** A port nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** Start WebKitWebDriver with DISPLAY set; resolves with { url, stop } once it answers /status. */
export async function startWebKitDriver(display) {
  const port = await freePort();
  const child = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DISPLAY: display },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = null;
  child.once('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  await until(
    async () => {
      if (exited !== null) throw new Error(`WebKitWebDriver exited (${exited}): ${stderr}`);
      const res = await fetch(`${url}/status`).catch(() => null);
      return res?.ok;
    },
    { timeout: 15_000, interval: 200, message: 'WebKitWebDriver /status' },
  );
  return { url, stop: () => stopChild(child) };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([gone.then(() => false), sleep(5000).then(() => true)]);
  if (timedOut) child.kill('SIGKILL');
}
