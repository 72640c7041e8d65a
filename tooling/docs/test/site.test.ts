import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, serveStatic } from "../src/browser";

// The API reference as `pnpm docs` builds it (TypeDoc; a warning fails the build), opened in Chromium as a user
// would: the index names both clients, and the search finds a method and opens its page with its example.

const ROOT = join(import.meta.dirname, "..", "..", "..");
const out = mkdtempSync(join(tmpdir(), "picterra-site-"));
let build: ReturnType<typeof spawnSync>;
let site: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  build = spawnSync(process.execPath, [join(ROOT, "scripts", "docs.mjs"), "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
  });
  site = await serveStatic(out);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(out, { recursive: true, force: true });
});

describe("the API reference site", () => {
  it("builds with no warning and no error", () => {
    const printed = `${build.stdout}\n${build.stderr}`;
    expect(printed).not.toMatch(/\[warning\]|\[error\]/);
    expect(build.status, printed).toBe(0);
  });

  it("lists both clients on its index, and the search finds uploadRaster and opens its page with its example", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(site.url);
      const index = await page.textContent("body");
      expect(index).toContain("PicterraClient");
      expect(index).toContain("TracerClient");
      await page.click("#tsd-search-trigger");
      await page.fill("#tsd-search-input", "uploadRaster");
      const result = page.locator("#tsd-search-results li a", { hasText: "uploadRaster" }).first();
      await result.waitFor({ timeout: 30_000 });
      await result.click();
      await page.waitForURL(/PicterraClient|ForgeMethods|RasterMethods/);
      const method = page.locator(".tsd-panel", {
        has: page.locator("h3", { hasText: /^\s*upload\s*Raster\s*$/ }),
      });
      const text = (await page.textContent("body")) ?? "";
      expect(text).toContain("Python: upload_raster");
      const example = page.locator("pre code", { hasText: "picterra.uploadRaster(png" });
      expect(await example.count()).toBeGreaterThan(0);
      expect(await method.count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });
});
