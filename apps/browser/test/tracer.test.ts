import { join } from "node:path";
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TracerSummary as Summary } from "../src/tracer-main";
import { pageOnEmulator } from "./page-run";

const APP = join(__dirname, "..");
const SCREENSHOT = join(APP, "test-artifacts", "tracer-demo.png");
const API_PATH = "/public/api/";
const TRACER_PATH = "/public/api/plots_analysis/v1/";

/** What the emulator's README rule predicts for src/tracer-plots.ts's farms: in the Soubré box, or not. */
const EXPECTED_OUTCOMES = {
  "CIV-001": "deforestation_detected",
  "CIV-002": "no_deforestation",
  "CIV-003": "no_deforestation",
  "CIV-004": "deforestation_detected",
  "CIV-005": "no_deforestation",
};

const session = pageOnEmulator<Summary>({
  pollInterval: 0.02,
  // The site root, as Picterra's clients take it since 2024: the client joins Tracer's path onto it.
  url: (siteUrl, emulator) =>
    `${siteUrl}tracer.html?${new URLSearchParams({ baseUrl: emulator.siteUrl, apiKey: emulator.apiKey })}`,
  viewport: { width: 1200, height: 800 },
  screenshot: SCREENSHOT,
});

describe("the Tracer page, in headless Chromium against the emulator on another origin", () => {
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

  it("made the group from a File (with its name) and a Blob, prechecked, analysed and reported", () => {
    const { emulator, run } = session;
    const { summary } = run;
    expect(summary.methodology).toBe("Cocoa - EUDR");
    expect(summary.precheck).toBe("passed");
    expect(summary.reportTypes.sort()).toEqual(["eudr_due_diligence", "eudr_export"]);
    const group = emulator.state().tracer.plotsGroups.find((g) => g.id === summary.plotsGroupId);
    expect(group?.plotIds).toEqual(["CIV-001", "CIV-002", "CIV-003", "CIV-004", "CIV-005"]);
    const analysis = emulator.state().tracer.analyses.find((a) => a.id === summary.analysisId);
    expect(analysis).toMatchObject({ dateFrom: "2021-01-01", dateTo: "2025-12-31" });
  });

  it("read each plot's outcome from the report's GeoJSON, as the emulator's rule predicts", () => {
    expect(session.run.summary.outcomes).toEqual(EXPECTED_OUTCOMES);
  });

  it("downloaded the report's PDF and GeoJSON from storage", () => {
    const { summary } = session.run;
    const byType = Object.fromEntries(summary.artifacts.map((a) => [a.contentType, a]));
    expect(byType["application/pdf"]?.head).toBe("%PDF-");
    expect(byType["application/geo+json"]?.head).toBe('{"typ');
    for (const artifact of summary.artifacts) expect(artifact.size).toBeGreaterThan(100);
  });

  it("draws each plot in its outcome's colour on the canvas", async () => {
    const { page, summary } = session.run;
    const colors = await page.evaluate((centers) => {
      const ctx = (document.getElementById("plots") as HTMLCanvasElement).getContext("2d")!;
      return Object.fromEntries(
        Object.entries(centers).map(([id, [x, y]]) => [id, [...ctx.getImageData(x, y, 1, 1).data]]),
      );
    }, summary.centers);
    const RED = [0xd6, 0x28, 0x28, 255];
    const GREEN = [0x2a, 0x9d, 0x4b, 255];
    for (const [id, outcome] of Object.entries(EXPECTED_OUTCOMES)) {
      expect(colors[id], id).toEqual(outcome === "deforestation_detected" ? RED : GREEN);
    }
    expect(await page.locator("#legend span").allTextContents()).toEqual([
      "deforestation_detected: 2",
      "no_deforestation: 3",
    ]);
  });

  it("sends the key with every API call and never to storage; plots go untyped, plot ids as the wire wants", async () => {
    const { run, emulator, emulatorLog } = session;
    const requests = await Promise.all(run.seen);
    const emulatorOrigin = new URL(emulator.siteUrl).origin;
    const toEmulator = requests.filter((r) => r.url.origin === emulatorOrigin && r.method !== "OPTIONS");
    const api = toEmulator.filter((r) => r.url.pathname.startsWith(API_PATH));
    const storage = toEmulator.filter((r) => !r.url.pathname.startsWith(API_PATH));
    expect(api.length).toBeGreaterThan(15);
    expect(api.filter((r) => !r.url.pathname.startsWith(TRACER_PATH))).toEqual([]);
    expect(api.filter((r) => r.headers["x-api-key"] !== emulator.apiKey).map((r) => r.url.pathname)).toEqual(
      [],
    );
    expect(storage.filter((r) => "x-api-key" in r.headers).map((r) => r.url.pathname)).toEqual([]);
    // In order: two plots files and the precheck's plot ids with no Content-Type, the precheck's data; then the
    // analysis's and the report's plot ids as JSON; then the two artifacts.
    expect(storage.map((r) => `${r.method} ${r.headers["content-type"] ?? "-"}`)).toEqual([
      "PUT -",
      "PUT -",
      "PUT -",
      "GET -",
      "PUT application/json",
      "PUT application/json",
      "GET -",
      "GET -",
    ]);
    expect(emulatorLog.filter((e) => e.status >= 400)).toEqual([]);
  });

  it("keeps a screenshot of the page", () => {
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });
});
