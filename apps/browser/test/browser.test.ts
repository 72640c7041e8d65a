import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pageOnEmulator } from "./page-run";

const APP = join(__dirname, "..");
const SCREENSHOT = join(APP, "test-artifacts", "browser-demo.png");
const API_PATH = "/public/api/v2/";

/** The rectangles src/scene.ts draws, as pixel boxes [[minX, minY], [maxX, maxY]], written out on purpose. */
const EXPECTED_BOXES = [
  [
    [48, 56],
    [144, 120],
  ],
  [
    [208, 160],
    [288, 272],
  ],
  [
    [352, 40],
    [424, 112],
  ],
];

interface Summary {
  rasters: { id: string; name: string; status: string }[];
  detections: [[number, number], [number, number]][];
  progressEvents: { loaded: number; total: number | null }[];
}

const session = pageOnEmulator<Summary>({
  pollInterval: 0.05,
  url: (siteUrl, emulator) =>
    `${siteUrl}?${new URLSearchParams({ baseUrl: emulator.url, apiKey: emulator.apiKey })}`,
  viewport: { width: 1280, height: 860 },
  screenshot: SCREENSHOT,
});

beforeAll(() => {
  expect(new URL(session.site.url).origin).not.toBe(new URL(session.emulator.url).origin);
});

describe("the browser demo page, in headless Chromium against the emulator on another origin", () => {
  it("finishes without an error, a page error or a console error", () => {
    const { run } = session;
    expect({
      state: run.state,
      errorText: run.errorText,
      pageErrors: run.pageErrors,
      consoleErrors: run.consoleErrors,
    }).toEqual({
      state: "done",
      errorText: "",
      pageErrors: [],
      consoleErrors: [],
    });
  });

  it("has no failed request, only empty answers core leaves unread (Chromium then reports ERR_ABORTED)", () => {
    // Chromium calls a fetch whose body is never read "aborted" even when the server answered in full. core
    // does not read the empty 2xx body of a storage PUT or of an API call openapi-fetch does not parse, so
    // those show up here; each must be one the emulator answered with a 2xx.
    const { run, emulatorLog } = session;
    const unexplained = run.failedRequests.filter(
      (failed) =>
        failed.error !== "net::ERR_ABORTED" ||
        !emulatorLog.some(
          (entry) =>
            entry.method === failed.method &&
            entry.path === failed.url.pathname &&
            entry.status >= 200 &&
            entry.status < 300,
        ),
    );
    expect(unexplained.map((f) => `${f.method} ${f.url.pathname}: ${f.error}`)).toEqual([]);
  });

  it("finds the rectangles it drew again, in pixels, within 1 px", () => {
    const { summary } = session.run;
    const boxes = [...summary.detections].sort((a, b) => a[0][0] - b[0][0]);
    expect(boxes).toHaveLength(EXPECTED_BOXES.length);
    boxes.forEach((box, i) => {
      box.flat().forEach((value, j) => {
        expect(Math.abs(value - EXPECTED_BOXES[i]!.flat()[j]!)).toBeLessThanOrEqual(1);
      });
    });
  });

  it("reports upload progress from the start to the whole PNG, and the <progress> ends full", async () => {
    const { run, emulator, emulatorLog } = session;
    const { page, summary } = run;
    const events = summary.progressEvents;
    expect(events.length).toBeGreaterThanOrEqual(2);
    const total = events.at(-1)!.total!;
    expect(total).toBeGreaterThan(1000);
    expect(events.at(-1)).toEqual({ loaded: total, total });
    expect(events[0]!.loaded).toBe(0);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.loaded).toBeGreaterThanOrEqual(events[i - 1]!.loaded);
    const bar = await page.evaluate(() => {
      const progress = document.getElementById("upload-progress") as HTMLProgressElement;
      return { value: progress.value, max: progress.max };
    });
    expect(bar).toEqual({ value: total, max: total });
    const storedBytes = emulatorLog.filter((e) => e.method === "PUT" && !e.path.startsWith(API_PATH));
    expect(storedBytes.map((e) => e.status)).toContain(200);
    // The PNG and the two annotation files reached storage.
    expect(emulator.stats().uploads).toBe(3);
  });

  it("lists the uploaded raster, in the summary and on the page", async () => {
    const { page, summary } = session.run;
    expect(summary.rasters.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: "browser.png", status: "ready" },
    ]);
    const items = await page.locator("#rasters li").allTextContents();
    expect(items).toEqual([`browser.png · ready · ${summary.rasters[0]!.id}`]);
  });

  it("draws the image and red outlines on the canvas", async () => {
    const { page } = session.run;
    const pixels = await page.evaluate(() => {
      const canvas = document.getElementById("result") as HTMLCanvasElement;
      const ctx = canvas.getContext("2d")!;
      const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data];
      const all = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const colors = new Set<number>();
      for (let i = 0; i < all.length; i += 4) colors.add((all[i]! << 16) | (all[i + 1]! << 8) | all[i + 2]!);
      return {
        size: [canvas.width, canvas.height],
        colors: colors.size,
        background: at(10, 10),
        outline: at(48, 88),
        inside: at(96, 88),
      };
    });
    expect(pixels.size).toEqual([480, 320]);
    // The emulator finds a detector's outlines again, in its default class (class_1, as Picterra names it).
    expect(await page.locator("#legend span").allTextContents()).toEqual(["class_1: 3"]);
    expect(pixels.colors).toBeGreaterThan(3);
    expect(pixels.background).toEqual([0xd9, 0xe4, 0xc8, 255]);
    // The left edge of the first object, stroked in #e63946.
    expectColor(pixels.outline, [0xe6, 0x39, 0x46]);
    // The object's fill #3d5a80 under the outline's 20% tint.
    expectColor(pixels.inside, [0x5f, 0x53, 0x74]);
  });

  it("never sends the API key to storage, and sends it with every API call", async () => {
    const { run, emulator, site, emulatorLog } = session;
    const requests = await Promise.all(run.seen);
    const emulatorOrigin = new URL(emulator.url).origin;
    const siteOrigin = new URL(site.url).origin;
    expect(requests.filter((r) => r.url.origin !== emulatorOrigin && r.url.origin !== siteOrigin)).toEqual(
      [],
    );
    const toEmulator = requests.filter((r) => r.url.origin === emulatorOrigin);
    const api = toEmulator.filter((r) => r.url.pathname.startsWith(API_PATH));
    const storage = toEmulator.filter((r) => !r.url.pathname.startsWith(API_PATH));
    expect(api.length).toBeGreaterThan(10);
    expect(api.filter((r) => r.headers["x-api-key"] !== emulator.apiKey).map((r) => r.url.pathname)).toEqual(
      [],
    );
    // The PNG, the two annotation uploads, and the result.
    expect(storage.map((r) => r.method).sort()).toEqual(["GET", "PUT", "PUT", "PUT"]);
    expect(storage.filter((r) => "x-api-key" in r.headers).map((r) => r.url.pathname)).toEqual([]);
    // The page is on another origin, so the browser asked the emulator for permission (CORS preflights).
    expect(emulatorLog.filter((e) => e.method === "OPTIONS").length).toBeGreaterThan(0);
    expect(emulatorLog.filter((e) => e.status >= 400)).toEqual([]);
  });

  it("drops the API key from the address bar once read", () => {
    expect(new URL(session.run.page.url()).search).toBe("");
  });

  it("keeps a screenshot of the page", () => {
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });
});

describe("the page's bundle", () => {
  it("hold only browser code: each page, core, and nongeo (Forge page) or tracer (Tracer page)", () => {
    const meta = JSON.parse(readFileSync(join(APP, "dist", "meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const inputsOf = (name: string) =>
      Object.keys(
        Object.entries(meta.outputs).find(([out]) => out.endsWith(`dist/${name}`))?.[1].inputs ?? {},
      );
    const core = [
      /^\.\.\/\.\.\/packages\/core\/dist\/index\.js$/,
      // core's entries share their machinery through chunks (one class of each error for every entry).
      /^\.\.\/\.\.\/packages\/core\/dist\/(machinery|chunk-[\w-]+)\.js$/,
      /\/node_modules\/openapi-fetch\//,
    ];
    const pages = {
      "app.js": [
        /^src\/(main|dom|draw|scene|geometry)\.ts$/,
        /^\.\.\/\.\.\/packages\/nongeo\/dist\/index\.js$/,
        /\/node_modules\/@turf\/(helpers|meta|clone|projection)\//,
      ],
      "tracer.js": [
        /^src\/(tracer-main|tracer-plots|dom|scene)\.ts$/,
        /^\.\.\/\.\.\/packages\/tracer\/dist\/index\.js$/,
      ],
    };
    for (const [page, own] of Object.entries(pages)) {
      const inputs = inputsOf(page);
      const allowed = [...core, ...own];
      expect(
        inputs.filter((input) => !allowed.some((pattern) => pattern.test(input))),
        page,
      ).toEqual([]);
      expect(inputs).toContain("../../packages/core/dist/index.js");
      const app = readFileSync(join(APP, "dist", page), "utf8");
      expect(app).not.toMatch(/__require|from\s*["']node:|require\(["']/);
    }
    expect(inputsOf("app.js")).toContain("../../packages/nongeo/dist/index.js");
    expect(inputsOf("tracer.js")).toContain("../../packages/tracer/dist/index.js");
  });

  it.each([
    ["node:fs", "imports-node-fs.ts"],
    ["crypto", "imports-bare-crypto.ts"],
  ])("fails to build when anything imports the Node built-in %s", (builtin, fixture) => {
    const result = spawnSync(
      process.execPath,
      [
        "build.mjs",
        "--entry",
        join("test", "fixtures", fixture),
        "--outdir",
        join(APP, "test-artifacts", "bad-build"),
      ],
      { cwd: APP, encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`imports the Node built-in "${builtin}": the page must run in a browser`);
  });
});

function expectColor(actual: number[], [r, g, b]: number[]): void {
  const tolerance = 3;
  expect(Math.abs(actual[0]! - r!), `red of ${actual}`).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual[1]! - g!), `green of ${actual}`).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual[2]! - b!), `blue of ${actual}`).toBeLessThanOrEqual(tolerance);
  expect(actual[3]).toBe(255);
}
