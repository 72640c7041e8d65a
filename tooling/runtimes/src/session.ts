import { createClient } from "@picterra/core";
import { type Emulator, startEmulator } from "@picterra/emulator";
import { RUNTIME_MARK } from "../scenario/runtime.mjs";
import { STEP_MARK, STEPS } from "../scenario/scenario.mjs";
import { type Finished, howItEnded } from "./process.mjs";

/** How many rasters the listing step pages through (the emulator's pages hold 20). */
const SEEDED = 45;

/** What the scenario is told: where the emulator is and what it holds. */
export interface ScenarioConfig {
  siteUrl: string;
  apiKey: string;
  userId: string;
  folderId: string;
  seeded: number;
  /** Where node-fs writes (runtimes with files only). */
  outDir?: string;
}

/**
 * A fresh emulator for one run of the scenario, from the workspace's built package, on 127.0.0.1 and a free
 * port: its first two API GETs answer 503 (the retry step's; `faults: false` leaves them out), and a folder
 * holds `SEEDED` rasters.
 */
export async function startSession({
  faults = true,
} = {}): Promise<{ emulator: Emulator; config: ScenarioConfig }> {
  const emulator = await startEmulator({
    pollInterval: 0,
    ...(faults ? { faults: { rate: 1, kinds: ["503"], methods: ["GET"], limit: 2 } } : {}),
  });
  // A POST: the faults are kept for the scenario.
  const host = createClient({ apiKey: emulator.apiKey, baseUrl: emulator.siteUrl });
  const folderId = await host.createFolder("listing");
  emulator.seedRasters(SEEDED, folderId);
  const config = {
    siteUrl: emulator.siteUrl,
    apiKey: emulator.apiKey,
    userId: emulator.state().account.userId,
    folderId,
    seeded: SEEDED,
  };
  return { emulator, config };
}

/** One step's outcome, as the scenario reports it. */
export interface Outcome {
  step: string;
  ok: boolean;
  detail?: string;
  error?: string;
  ms: number;
}

/** What one runtime did with the scenario. */
export interface ScenarioRun {
  /** Who ran it, as failure messages name it: "Node 22.23.5 (CommonJS)". */
  runtime: string;
  outcomes: Map<string, Outcome>;
  /** The runtime's `@@runtime` line: its own name for itself and its version. */
  reported?: { name: string; version: string };
  /** How the process ended, and what it printed besides the step lines. */
  ended: string;
  output: string;
}

/** The scenario's steps for a runtime with or without files. */
export function stepNames(files: boolean): string[] {
  return STEPS.filter((step: { files?: boolean }) => files || !step.files).map((step) => step.name);
}

/** Reads the step lines (`@@step {json}`) and the `@@runtime {json}` line out of what a run printed. */
export function parseRun(runtime: string, text: string, ended: string): ScenarioRun {
  const outcomes = new Map<string, Outcome>();
  let reported: ScenarioRun["reported"];
  const rest: string[] = [];
  for (const line of text.split("\n")) {
    const at = line.indexOf(STEP_MARK);
    const runtimeAt = line.indexOf(RUNTIME_MARK);
    if (at >= 0) {
      const outcome = JSON.parse(line.slice(at + STEP_MARK.length)) as Outcome;
      outcomes.set(outcome.step, outcome);
    } else if (runtimeAt >= 0) {
      reported = JSON.parse(line.slice(runtimeAt + RUNTIME_MARK.length)) as ScenarioRun["reported"];
    } else if (line.trim()) {
      rest.push(line);
    }
  }
  return { runtime, outcomes, reported, ended, output: rest.join("\n") };
}

/** `parseRun` for a finished process: its stdout and stderr together. */
export function parseProcess(runtime: string, finished: Finished, timeoutMs: number): ScenarioRun {
  return parseRun(runtime, `${finished.stdout}\n${finished.stderr}`, howItEnded(finished, timeoutMs));
}

/** Fails with a message naming the runtime and the step unless the step passed. */
export function expectStep(run: ScenarioRun | undefined, step: string): void {
  if (!run) throw new Error(`step "${step}": the scenario never started (see the error before this one)`);
  const outcome = run.outcomes.get(step);
  if (outcome?.ok) return;
  if (outcome) throw new Error(`${run.runtime}: step "${step}" failed: ${outcome.error}`);
  throw new Error(
    `${run.runtime}: step "${step}" never reported; ${run.ended}. Its output:\n${tail(run.output)}`,
  );
}

/** Fails unless the runtime said it is `name` at exactly `version` (the pinned one, as the README says). */
export function expectVersion(run: ScenarioRun | undefined, name: string, version: string): void {
  const reported = run?.reported;
  if (reported?.name === name && reported.version === version) return;
  throw new Error(
    `${run?.runtime ?? name}: expected ${name} ${version}, the runtime said ${reported ? `${reported.name} ${reported.version}` : "nothing"}`,
  );
}

/** The last lines of some output, enough to see why a process died. */
export function tail(text: string, lines = 30): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
