// "No storage at all": `localStorage` throws, as it does when a browser
// blocks site data (Chromium and Firefox throw a SecurityError). Installed
// before the page's first script (an init or preload script), it is the
// same page-level condition in every engine whose driver can run one; the
// WebKit adapter uses the browser's own setting instead (adapters/webkit.mjs).
// Serialized into the page: self-contained.
export function blockStorage() {
  const thrower = {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  };
  for (const target of [window, Window.prototype]) {
    try {
      Object.defineProperty(target, 'localStorage', thrower);
    } catch {
      // Not configurable here: the other target still is.
    }
  }
}
