import { APIError, OperationFailedError, TimeoutError, ValidationError } from "@picterra/core";

/** A workflow step that failed: `step` says which, `cause` is the error (its message includes the causes'). */
export class StepError extends Error {
  override name = "StepError";
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${describe(cause)}`, { cause });
  }
}

/** A failure, told the way the demo prints it. */
export interface FailureReport {
  /** What the demo was doing. */
  step: string;
  /** What went wrong, with the causes it carries. */
  message: string;
  /** What the user can do about it. */
  hint: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const FILE_CODES = new Set(["EACCES", "EPERM", "ENOSPC", "EROFS", "ENOTDIR", "EISDIR", "EEXIST"]);

/**
 * Turns any error into what failed, why, and what to do. `phase` names the step when the error is not a
 * `StepError` (e.g. starting the emulator); `onEmulator` tailors the hints.
 */
export function explainFailure(error: unknown, phase: string, onEmulator: boolean): FailureReport {
  const step = error instanceof StepError ? error.step : phase;
  const cause = error instanceof StepError ? error.cause : error;
  return { step, message: describe(cause), hint: hintFor(cause, onEmulator) };
}

/** The error's message followed by those of its causes (fetch's "fetch failed" alone says nothing). */
export function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const text = current instanceof Error ? current.message : String(current);
    const code = codeOf(current);
    const part = code && !text.includes(code) ? `${text} (${code})` : text;
    if (part && !parts.some((p) => p.includes(part))) parts.push(part);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ") || "unknown error";
}

function hintFor(error: unknown, onEmulator: boolean): string {
  if (error instanceof OperationFailedError) {
    return `the server could not finish operation ${error.operationId}: run the demo again; if it keeps failing, contact Picterra support with that id`;
  }
  if (error instanceof APIError) {
    if (error.status === 401 || error.status === 403) {
      return onEmulator
        ? "the emulator refused the API key: this is a bug in the demo, please report it"
        : "check PICTERRA_API_KEY (a valid key of your Picterra account) and PICTERRA_BASE_URL";
    }
    if (error.status === 429 || error.status >= 500) {
      return onEmulator
        ? "a transient fault was not ridden out: run again, or with fewer --faults"
        : "Picterra is busy or unavailable right now: wait a few minutes and run the demo again";
    }
    if (error.status === 402) return "your Picterra account has no credits left for this: check your plan";
    if (error.status === 404) return "an object the demo created is gone: was it deleted while the demo ran?";
    return "the server rejected a request of the demo: see the message; this may be a bug, please report it";
  }
  if (error instanceof TimeoutError) {
    return "the server did not answer in time: check your network and run the demo again";
  }
  if (error instanceof ValidationError)
    return "the demo built an invalid request: this is a bug, please report it";
  if (isAbort(error)) return "the demo was interrupted; what it had created was deleted";
  const code = codeInChain(error);
  if ((code && NETWORK_CODES.has(code)) || (error instanceof TypeError && error.message === "fetch failed")) {
    return onEmulator
      ? "the connection to the emulator failed: run again, or with fewer --faults"
      : "could not reach Picterra: check PICTERRA_BASE_URL and your network connection";
  }
  if (code && FILE_CODES.has(code))
    return "could not write the output: check that the --out folder is writable";
  return "see the message above; if it is not about your setup, please report it";
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function codeInChain(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = codeOf(current);
    if (code) return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
