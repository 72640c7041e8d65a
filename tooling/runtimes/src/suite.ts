import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "@picterra/emulator";
import { afterAll, beforeAll, inject, it } from "vitest";
import { run } from "./process.mjs";
import {
  type ScenarioConfig,
  type ScenarioRun,
  expectStep,
  expectVersion,
  startSession,
  stepNames,
  tail,
} from "./session";

/** How long one runtime may take over the whole scenario before it is killed. */
export const SCENARIO_TIMEOUT_MS = 120_000;

/** A runtime the scenario runs under, as a test file declares it. */
export interface RuntimeCase {
  /** How failure messages and the log name it: "Node 22.23.5 (CommonJS)". */
  title: string;
  /** The name and exact version the runtime must report (the pinned one). */
  expect: { name: string; version: string };
  /** True where node-fs runs (files exist): the download step is added. */
  files: boolean;
  /** Other steps than the scenario's (default: `stepNames(files)`). */
  steps?: string[];
  /** False for an emulator without the retry step's two 503s (default true). */
  faults?: boolean;
  /** Runs the scenario in the consumer project against `config`; resolves to what the runtime reported. */
  start(consumer: string, config: ScenarioConfig): Promise<ScenarioRun>;
  /** Where the CLI runs: the command and arguments before the CLI's own (`picterra whoami --json` is added). */
  cli?(consumer: string): Promise<{ command: string; args: string[] }>;
}

/**
 * Declares one runtime's tests in the current `describe`: before them, a fresh emulator and one run of the
 * scenario (then the CLI); then one test per step, each failing with the runtime's and the step's names.
 */
export function runtimeTests(runtime: RuntimeCase): void {
  const state: { emulator?: Emulator; config?: ScenarioConfig; run?: ScenarioRun; cliError?: string } = {};
  beforeAll(async () => {
    const consumer = inject("consumer");
    const session = await startSession({ faults: runtime.faults ?? true });
    state.emulator = session.emulator;
    const outDir = join(consumer, "out", runtime.title.replace(/[^a-z0-9.]+/gi, "-"));
    mkdirSync(outDir, { recursive: true });
    state.config = { ...session.config, outDir };
    state.run = await runtime.start(consumer, state.config);
  });
  afterAll(async () => {
    await state.emulator?.close();
  });

  it(`is ${runtime.expect.name} ${runtime.expect.version}`, () => {
    expectVersion(state.run, runtime.expect.name, runtime.expect.version);
  });
  for (const step of runtime.steps ?? stepNames(runtime.files)) {
    it(step, () => expectStep(state.run, step));
  }
  const cli = runtime.cli;
  if (cli) {
    it("picterra whoami --json", async () => {
      const consumer = inject("consumer");
      const config = state.config!;
      const { command, args } = await cli(consumer);
      const bin = join(consumer, "node_modules", "@picterra", "cli", "bin", "picterra.js");
      const done = await run(command, [...args, bin, "whoami", "--json"], {
        cwd: consumer,
        env: { PICTERRA_API_KEY: config.apiKey, PICTERRA_BASE_URL: config.siteUrl },
        timeoutMs: SCENARIO_TIMEOUT_MS,
      });
      let me: { user_id?: unknown } | undefined;
      try {
        me = JSON.parse(done.stdout) as { user_id?: unknown };
      } catch {
        me = undefined;
      }
      if (done.code !== 0 || me?.user_id !== config.userId) {
        throw new Error(
          `${runtime.title}: "picterra whoami --json" exited ${done.code} and printed:\n${tail(`${done.stdout}\n${done.stderr}`)}`,
        );
      }
    });
  }
}
