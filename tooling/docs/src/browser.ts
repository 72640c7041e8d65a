import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, as apps/browser's tests drive it. */
export const CHROMIUM = "/usr/bin/chromium";

/** Starts headless Chromium with the flags the project's browser tests use. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
    ],
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A static server of `root` on 127.0.0.1 and a free port; GET only, nothing outside `root`. */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The page a `ts browser` block runs in: it imports the bundle and says in `data-state` how that ended. */
export function harnessPage(bundle: string): string {
  return `<!doctype html><meta charset="utf-8"><title>example</title><body><pre id="out"></pre><script type="module">
import("./${bundle}").then(
  () => { document.body.dataset.state = "done"; },
  (e) => { document.getElementById("out").textContent = String((e && e.stack) || e); document.body.dataset.state = "error"; },
);
</script>`;
}
