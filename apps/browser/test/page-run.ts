import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Emulator, type RequestLog, startEmulator } from "@picterra/emulator";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./chromium";
import { serveStatic } from "./static-server";

/** A request as the browser sent it: `allHeaders()` includes the headers the page's scripts set. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

/** One page of the app run to its end in headless Chromium, and everything the browser saw meanwhile. */
export interface PageRun<Summary> {
  browser: Browser;
  page: Page;
  /** `body[data-state]` at the end: "done" or "error". */
  state: string | undefined;
  /** The text of `#error`. */
  errorText: string;
  /** `#summary`, the JSON the page writes when it is done. */
  summary: Summary;
  pageErrors: string[];
  consoleErrors: string[];
  failedRequests: { method: string; url: URL; error: string }[];
  /** Every request, resolved once its headers are known. */
  seen: Promise<SeenRequest>[];
}

/**
 * Opens `url` in Debian's Chromium (the flags the project's browser tests use), waits until the page says it is
 * done or failed, saves a full-page screenshot to `screenshot` and reads its summary.
 */
export async function runPage<Summary>(
  url: string,
  { viewport, screenshot }: { viewport: { width: number; height: number }; screenshot: string },
): Promise<PageRun<Summary>> {
  const browser = await launchChromium();
  try {
    return await runIn<Summary>(browser, url, viewport, screenshot);
  } catch (error) {
    // A page that never finishes must not leave its browser running.
    await browser.close();
    throw error;
  }
}

async function runIn<Summary>(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  screenshot: string,
): Promise<PageRun<Summary>> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const run = {
    browser,
    page,
    pageErrors: [] as string[],
    consoleErrors: [] as string[],
    failedRequests: [] as PageRun<Summary>["failedRequests"],
    seen: [] as Promise<SeenRequest>[],
  };
  page.on("pageerror", (error) => run.pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") run.consoleErrors.push(message.text());
  });
  page.on("requestfailed", (request) =>
    run.failedRequests.push({
      method: request.method(),
      url: new URL(request.url()),
      error: request.failure()?.errorText ?? "",
    }),
  );
  page.on("request", (request) =>
    run.seen.push(
      request
        .allHeaders()
        .then((headers) => ({ method: request.method(), url: new URL(request.url()), headers })),
    ),
  );
  await page.goto(url);
  await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  const errorText = (await page.textContent("#error")) ?? "";
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  const summary = JSON.parse((await page.textContent("#summary")) || "null") as Summary;
  return { ...run, state, errorText, summary };
}

/** A page of dist/ run to its end against the emulator, the page served from another origin. */
export interface PageOnEmulator<Summary> {
  emulator: Emulator;
  /** The static server of dist/. */
  site: { url: string; close(): Promise<void> };
  /** Every request the emulator answered. */
  emulatorLog: RequestLog[];
  run: PageRun<Summary>;
}

/**
 * For a test file: before its tests, starts the emulator and a static server of dist/ on another port, and runs
 * the page at `url(siteUrl, emulator)` (`runPage`); after them, closes the browser, the server and the emulator.
 * The returned object is filled in before the first test.
 */
export function pageOnEmulator<Summary>(options: {
  pollInterval: number;
  /** The page's address on the site, with the API's URL and key in its query. */
  url: (siteUrl: string, emulator: Emulator) => string;
  viewport: { width: number; height: number };
  screenshot: string;
}): PageOnEmulator<Summary> {
  const session: Partial<PageOnEmulator<Summary>> & { emulatorLog: RequestLog[] } = { emulatorLog: [] };
  beforeAll(async () => {
    const emulator = await startEmulator({
      port: 0,
      pollInterval: options.pollInterval,
      log: (entry) => session.emulatorLog.push(entry),
    });
    session.emulator = emulator;
    session.site = await serveStatic(join(__dirname, "..", "dist"));
    session.run = await runPage<Summary>(options.url(session.site.url, emulator), options);
  }, 100_000);
  afterAll(async () => {
    await session.run?.browser.close();
    await session.site?.close();
    await session.emulator?.close();
  });
  return session as PageOnEmulator<Summary>;
}
