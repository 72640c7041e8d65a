// Plain JavaScript (types in JSDoc), so that .ci/run can use it under Node 20 without a build.
import { spawn } from "node:child_process";

/**
 * How a child process ended, and everything it printed; `timedOut` when it was killed for running past
 * `timeoutMs`.
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, timedOut: boolean }} Finished
 */

/**
 * Runs a command without blocking this process (the emulator answering it lives here), with `env` added to
 * this process's environment (a value of `undefined` removes a variable), killed after `timeoutMs`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string | undefined>, timeoutMs: number }} options
 * @returns {Promise<Finished>}
 */
export function run(command, args, options) {
  /** @type {Record<string, string | undefined>} */
  const env = { ...process.env, ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (/** @type {string} */ chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (/** @type {string} */ chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not be started: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * One line saying how a process ended, for failure messages.
 * @param {Finished} finished
 * @param {number} [timeoutMs]
 * @returns {string}
 */
export function howItEnded(finished, timeoutMs) {
  if (finished.timedOut) return `it was killed after ${timeoutMs ?? "its"} ms`;
  return finished.signal ? `it was killed by ${finished.signal}` : `it exited with code ${finished.code}`;
}
