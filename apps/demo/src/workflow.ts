import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PicterraClient, Progress } from "@picterra/core";
import type { TracerClient } from "@picterra/tracer";
import type { DemoContext } from "./context";
import { type EudrSummary, runEudr } from "./eudr";
import { type ForgeSummary, runForge } from "./forge";
import { OBJECTS, type SampleFiles, writeSampleData } from "./sample-data";
import { createSteps } from "./steps";

/** What `runWorkflow` needs. */
export interface WorkflowOptions {
  /** A client for Picterra or the emulator (with the retry middleware, to survive transient faults). */
  client: PicterraClient;
  /** A Tracer client for the same site (with the same middleware). */
  tracer: TracerClient;
  /** Where the results and pictures are written (created if needed). */
  outDir: string;
  /** Receives one line per step done. Default: nothing is logged. */
  log?: (line: string) => void;
  /** Makes a progress callback for an upload labelled `label`, e.g. `progressBar` from ./progress. */
  progress?: (label: string) => (progress: Progress) => void;
  /** Prefix of the names of everything the workflow creates, so that it can find them again. */
  name?: string;
  /** Aborts the workflow (e.g. on Ctrl-C); what was created is still cleaned up. */
  signal?: AbortSignal;
  /**
   * Whether the detector must find exactly the drawn objects, or the run fails. Default true: the emulator's
   * detector does; a model trained on Picterra only comes close, so there the check reports what it saw.
   */
  exactDetections?: boolean;
}

/** What `runWorkflow` found, for printing and for the tests. */
export interface WorkflowSummary extends ForgeSummary {
  /** The generated inputs. */
  sample: SampleFiles;
  /** The EUDR workflow on Tracer. */
  eudr: EudrSummary;
  /** How many objects were deleted at the end. */
  cleanedUp: number;
}

/**
 * The whole Picterra workflow: makes the sample data, runs the Forge workflow (./forge.ts: folder and grants,
 * detector, classes, GeoTIFF, PNG and LV95 GeoTIFF, training, detections through vector layers, pictures) and
 * the EUDR workflow on Tracer (./eudr.ts), then deletes what the API can delete (also after a failure).
 * Rejects with a `StepError` naming the failed step.
 */
export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowSummary> {
  const log = options.log ?? (() => {});
  const steps = createSteps(log, options.signal);
  const work = await mkdtemp(join(tmpdir(), "picterra-demo-"));
  const ctx: DemoContext = {
    client: options.client,
    tracer: options.tracer,
    outDir: options.outDir,
    work,
    name: options.name ?? "picterra-ts demo",
    signal: options.signal,
    log,
    progress: options.progress ?? (() => undefined),
    steps,
    exactDetections: options.exactDetections ?? true,
  };
  try {
    const sample = await steps.step(
      "make the sample data",
      async () => {
        await mkdir(ctx.outDir, { recursive: true });
        return writeSampleData(join(ctx.outDir, "sample"));
      },
      (s) => `${OBJECTS.length} objects drawn into ${s.geotiff}, ${s.lv95Geotiff} and ${s.png}`,
    );
    const forge = await runForge(ctx, sample);
    const eudr = await runEudr(ctx);
    const cleanedUp = await steps.step(
      "clean up",
      () => steps.cleanUp(),
      (n) => `deleted ${n} objects (the folder and Tracer's plots group stay: the APIs cannot delete them)`,
    );
    return { ...forge, sample, eudr, cleanedUp };
  } finally {
    // After a failure: delete what was created, best effort, without hiding the error that stopped the run.
    await steps.cleanUpQuietly();
    await rm(work, { recursive: true, force: true });
  }
}
