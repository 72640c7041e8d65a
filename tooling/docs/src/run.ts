import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "@picterra/emulator";

/** What a block printed and how it ended. */
export interface Outcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** How long one example may run: the longest (a whole EUDR flow, or a bulk CLI run) takes a few seconds. */
export const EXAMPLE_TIMEOUT_MS = 120_000;

/** The environment a user has after `picterra emulator`: the two variables it prints. */
export function emulatorEnv(emulator: Emulator, project: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A user's shell: none of the test runner's own variables, the project's bins on PATH.
  for (const name of Object.keys(env))
    if (/^(VITEST|npm_|PNPM|TURBO|NODE_OPTIONS)/i.test(name)) delete env[name];
  return {
    ...env,
    PICTERRA_API_KEY: emulator.apiKey,
    PICTERRA_BASE_URL: emulator.siteUrl,
    PATH: `${join(project, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
    NO_COLOR: "1",
  };
}

/** Runs `cmd args` in a fresh empty folder of the project, with `env`, until it ends or times out. */
export function runIn(
  project: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Outcome> {
  const cwd = mkdtempSync(join(project, "run-"));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: a shell block's background jobs too.
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, EXAMPLE_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** A failure message that shows the block's output, for a test that expects it to succeed. */
export function describeOutcome(where: string, outcome: Outcome): string {
  const how = outcome.timedOut
    ? `timed out after ${EXAMPLE_TIMEOUT_MS} ms`
    : `exited with ${outcome.code ?? outcome.signal}`;
  return `${where} ${how}\n--- stdout\n${outcome.stdout.slice(-4000)}\n--- stderr\n${outcome.stderr.slice(-4000)}`;
}
