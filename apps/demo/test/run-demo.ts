import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmulatorOptions, type EmulatorState, TRACER_PREFIX, startEmulator } from "@picterra/emulator";
import { afterAll } from "vitest";
import { createDemoClients } from "../src/client";
import { type WorkflowSummary, runWorkflow } from "../src/workflow";

// Runs the demo's whole workflow on an in-process emulator, for the end-to-end tests.

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The emulator's state the moment a step's ✓ line starting with one of these was logged. */
export const SNAPSHOT_AT = ["✓ set the tree outlines by class id", "✓ upload the GeoTIFF in CH1903+"];

export interface Run {
  summary: WorkflowSummary;
  /** Output files read back, by name (the deterministic ones; the PDF and the workbook carry their time). */
  outputs: Record<string, Buffer>;
  /** Injected faults that make a request fail (latency faults only slow one down). */
  failingFaults: number;
  /** Those of them on Tracer's API. */
  tracerFaults: number;
  faults: number;
  retried: number;
  leftovers: { rasters: number; detectors: number; vectorLayers: number };
  /** The emulator's state at the end, and at the steps of SNAPSHOT_AT. */
  state: EmulatorState;
  snapshots: Map<string, EmulatorState>;
  log: string[];
}

/** Runs the demo's workflow on a fresh in-process emulator, and looks at what it left behind. */
export async function run(faults?: EmulatorOptions["faults"], retries = true): Promise<Run> {
  let failingFaults = 0;
  let tracerFaults = 0;
  const emulator = await startEmulator({
    port: 0,
    faults,
    log: (entry) => {
      if (!entry.fault || entry.fault === "latency") return;
      failingFaults++;
      if (entry.path.startsWith(TRACER_PREFIX)) tracerFaults++;
    },
  });
  const outDir = await mkdtemp(join(tmpdir(), "demo-e2e-"));
  dirs.push(outDir);
  const log: string[] = [];
  const snapshots = new Map<string, EmulatorState>();
  let retried = 0;
  try {
    const clients = createDemoClients({
      apiKey: emulator.apiKey,
      baseUrl: emulator.siteUrl,
      backoffFactorMs: 5,
      retries,
      onRetry: () => void retried++,
    });
    const summary = await runWorkflow({
      ...clients,
      outDir,
      log: (line) => {
        log.push(line);
        // The log is called right after the step, before the next request: the state is the step's.
        const at = SNAPSHOT_AT.find((prefix) => line.startsWith(prefix));
        if (at) snapshots.set(at, emulator.state());
      },
    });
    const state = emulator.state();
    const { files, projected, eudr } = summary;
    const named = {
      results: files.results,
      pixels: files.pixels,
      detectionsSvg: files.svg,
      detectionsPng: files.picture,
      lv95: projected.file,
      plots: eudr.files.plots,
      traces: eudr.files.traces,
      exportGeojson: eudr.files.exportGeojson,
      plotsSvg: eudr.files.svg,
      plotsPng: eudr.files.picture,
    };
    const outputs: Record<string, Buffer> = {};
    for (const [name, path] of Object.entries(named)) outputs[name] = await readFile(path);
    return {
      summary,
      outputs,
      failingFaults,
      tracerFaults,
      faults: emulator.stats().faults,
      retried,
      leftovers: {
        rasters: state.rasters.length,
        detectors: state.detectors.length,
        vectorLayers: state.vectorLayers.length,
      },
      state,
      snapshots,
      log,
    };
  } finally {
    await emulator.close();
  }
}
