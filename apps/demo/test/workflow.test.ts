import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIError } from "@picterra/core";
import { type EmulatorOptions, startEmulator } from "@picterra/emulator";
import type { PixelPolygon } from "@picterra/nongeo";
import { afterAll, describe, expect, it } from "vitest";
import { createDemoClient } from "../src/client";
import { OBJECTS } from "../src/sample-data";
import { StepError } from "../src/failure";
import { type WorkflowSummary, runWorkflow } from "../src/workflow";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

interface Run {
  summary: WorkflowSummary;
  results: Buffer;
  pixels: Buffer;
  /** Injected faults that make a request fail (latency faults only slow one down). */
  failingFaults: number;
  faults: number;
  retried: number;
  leftovers: { rasters: number; detectors: number; vectorLayers: number };
  log: string[];
}

/** Runs the demo's workflow on a fresh in-process emulator, and looks at what it left behind. */
async function run(faults?: EmulatorOptions["faults"], retries = true): Promise<Run> {
  let failingFaults = 0;
  const emulator = await startEmulator({
    port: 0,
    faults,
    log: (entry) => void (entry.fault && entry.fault !== "latency" && failingFaults++),
  });
  const outDir = await mkdtemp(join(tmpdir(), "demo-e2e-"));
  dirs.push(outDir);
  const log: string[] = [];
  let retried = 0;
  try {
    const client = createDemoClient({
      apiKey: emulator.apiKey,
      baseUrl: emulator.url,
      backoffFactorMs: 5,
      retries,
      onRetry: () => void retried++,
    });
    const summary = await runWorkflow({ client, outDir, log: (line) => log.push(line) });
    const state = emulator.state();
    return {
      summary,
      results: await readFile(summary.files.results),
      pixels: await readFile(summary.files.pixels),
      failingFaults,
      faults: emulator.stats().faults,
      retried,
      leftovers: {
        rasters: state.rasters.length,
        detectors: state.detectors.length,
        vectorLayers: state.vectorLayers.length,
      },
      log,
    };
  } finally {
    await emulator.close();
  }
}

function polygonsOf(summary: WorkflowSummary, className: string): PixelPolygon[] {
  return summary.pixels.features
    .filter((f) => f.properties?.["class_name"] === className)
    .flatMap((f) => (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates));
}

const maxDistance = (a: readonly number[][], b: readonly number[][]) =>
  Math.max(...a.map((p, i) => Math.hypot(p[0]! - b[i]![0]!, p[1]! - b[i]![1]!)));

describe("the demo's workflow on the emulator", () => {
  let clean: Run;

  it("detects every drawn object on the PNG, at its pixels (within 1 px)", async () => {
    clean = await run();
    const { summary } = clean;
    for (const className of ["building", "tree"] as const) {
      const drawn = OBJECTS.filter((o) => o.className === className);
      const found = polygonsOf(summary, className);
      expect(found).toHaveLength(drawn.length);
      for (const object of drawn) {
        const matches = found.filter(
          ([outer]) => outer!.length === object.ring.length && maxDistance(outer!, object.ring) <= 1,
        );
        expect(matches, `${className} at ${JSON.stringify(object.ring[0])}`).toHaveLength(1);
        // Holes: the drawn objects have none, so neither may the detections.
        expect(matches[0]).toHaveLength(1);
      }
    }
    expect(summary.classes.map((c) => [c.className, c.count])).toEqual([
      ["building", 3],
      ["tree", 3],
    ]);
    const [building, tree] = summary.classes;
    expect(building!.areaPx2).toBeCloseTo(2400 + 2460 + 3536, 3);
    expect(tree!.areaPx2).toBeCloseTo(800 + 1312 + 512, 3);
    // 0.1 m pixels on Web Mercator's sphere near the equator (100 px² per m²), measured by turf on its own,
    // slightly smaller sphere (mean radius 6371008.8 m).
    const sphere = (6371008.8 / 6378137) ** 2;
    expect(building!.areaM2).toBeCloseTo(83.96 * sphere, 2);
    expect(tree!.areaM2).toBeCloseTo(26.24 * sphere, 2);
    expect(summary.checks).toEqual({
      rasterPages: 2,
      rastersListed: 2,
      detectorPages: 2,
      detectorsListed: 2,
      trainingRasters: 1,
      markers: 1,
      // Ours, and the detection's result (one layer per class).
      vectorLayers: 3,
      vectorLayerFeatures: 6,
      rasterDownloadMatches: true,
    });
    expect(typeof summary.score).toBe("number");
    expect(summary.cleanedUp).toBe(5);
    expect(clean.leftovers).toEqual({ rasters: 0, detectors: 0, vectorLayers: 0 });
    expect(clean.faults).toBe(0);
    expect(clean.retried).toBe(0);
  });

  it("writes the results, their pixel version and the pictures", async () => {
    const { files } = clean.summary;
    const results = JSON.parse(clean.results.toString("utf8"));
    expect(results.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { class_name: "building" },
      { class_name: "tree" },
    ]);
    expect(JSON.parse(clean.pixels.toString("utf8"))).toEqual(clean.summary.pixels);
    const svg = await readFile(files.svg, "utf8");
    expect(svg.match(/<path class="building"/g)).toHaveLength(3);
    expect(svg.match(/<path class="tree"/g)).toHaveLength(3);
    expect(svg).toContain('<image href="data:image/png;base64,iVBORw0KGgo');
    // The first building is drawn where it was painted: from (24, 20) to (84, 60).
    expect(svg).toMatch(/<path class="building" d="M24 20 L84 20 L84 60 L24 60 L24 20 Z"/);
    expect((await stat(files.picture)).size).toBeGreaterThan(1000);
  });

  it("ends with the same results when 20% of the API calls fail, thanks to @picterra/retry", async () => {
    const faulty = await run({ rate: 0.2, seed: 7 });
    expect(faulty.failingFaults).toBeGreaterThan(5);
    expect(faulty.faults).toBeGreaterThanOrEqual(faulty.failingFaults);
    // Every failing fault was retried, and nothing else was.
    expect(faulty.retried).toBe(faulty.failingFaults);
    expect(faulty.results.equals(clean.results)).toBe(true);
    expect(faulty.pixels.equals(clean.pixels)).toBe(true);
    expect(faulty.summary.classes).toEqual(clean.summary.classes);
    expect(faulty.summary.score).toBe(clean.summary.score);
    expect(faulty.summary.checks).toEqual(clean.summary.checks);
    expect(faulty.summary.cleanedUp).toBe(5);
    expect(faulty.leftovers).toEqual({ rasters: 0, detectors: 0, vectorLayers: 0 });
  });

  it("fails with a clear error when the same faults meet a client without retries", async () => {
    const error = await run({ rate: 0.2, seed: 7 }, false).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StepError);
    const { cause, message, step } = error as StepError;
    expect(step).not.toBe("");
    if (cause instanceof APIError) {
      expect([429, 502, 503, 504]).toContain(cause.status);
      expect(message).toMatch(
        new RegExp(
          `^${escapeRegExp(step)}: (GET|PUT|DELETE) http://127\\.0\\.0\\.1:\\d+/\\S+ failed with status ${cause.status}`,
        ),
      );
    } else {
      expect(cause).toBeInstanceOf(TypeError);
      expect(message).toMatch(new RegExp(`^${escapeRegExp(step)}: fetch failed: \\S`));
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
