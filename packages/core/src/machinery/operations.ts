import { InvalidResponseError, OperationFailedError, OperationTimeoutError, ValidationError } from "./errors";
import { sleep } from "./sleep";
import type { AnyTransport } from "./transport";
import { checkId, show } from "./validate";

/** What a call that starts a long-running operation answers. */
export interface OperationRef {
  /** The id of the operation the call started: poll it, or wait for it, with this id. */
  operation_id: string;
  /** Seconds between polls the server asks for (clamped: see `POLL_INTERVAL`). */
  poll_interval: number;
}

/**
 * The bounds of the wait between two polls, whatever `poll_interval` the server asks for: at least 10 ms (an
 * interval of 0 does not poll in a tight loop; the emulator's 50 ms and tests' 1 ms stay fast) and at most 60 s
 * (an interval of 1e9 s would overflow a timer, which then fires at once). An interval that is not a number
 * (NaN, missing) waits the most.
 */
export const POLL_INTERVAL = Object.freeze({
  /** The shortest wait between two polls, in ms. */
  minMs: 10,
  /** The longest wait between two polls, in ms (also the wait when `poll_interval` is not a number). */
  maxMs: 60_000,
});

/**
 * How long a wait for an operation lasts at most by default: 24 hours. Training a detector or running one over
 * a large raster legitimately takes hours, so the bound is far above any of them; it is there so that a wait
 * for an operation the server never ends still ends. `timeoutMs: Infinity` waits without bound.
 */
export const DEFAULT_WAIT_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** An operation as `GET operations/{id}/` answers it, in any Picterra API. */
export interface OperationState {
  /** Where the operation is: `success` and `failed` end a wait, any other status keeps it polling. */
  status: string;
  /** The kind of operation (e.g. `detect`, `training`), when the API says it. */
  type?: string;
  /** What the operation produced, once it has succeeded (its shape depends on the operation's type). */
  results?: unknown;
  /** Why the operation failed, when it failed: `OperationFailedError.errors` holds them. */
  errors?: unknown;
  /** The other members of the API's answer, as it sent them. */
  [key: string]: unknown;
}

/** The operation a wait is about, as `onStarted` is told it. */
export interface StartedOperation {
  /** The operation's id (wait for it again with `waitForOperation({ operation_id, poll_interval })`). */
  operationId: string;
  /** Seconds between polls, as the wait makes them (the server's `poll_interval` within `POLL_INTERVAL`). */
  pollInterval: number;
}

/**
 * Options of every call that waits for a long-running operation. The callbacks come in this order: an
 * upload's `onCreated` (before any byte goes), `onProgress` (bytes), `onStarted` (the API answered the start or
 * the commit), `onPoll` for each poll; then the call resolves.
 */
export interface WaitOptions<Op = OperationState> {
  /** Aborts the wait (and any request in flight) at once. */
  signal?: AbortSignal;
  /**
   * Called with the operation, and awaited, as soon as the API has answered the call that started it and
   * before the first poll (for `waitForOperation`, before its first poll): e.g. to write its id to a journal, so
   * that a process killed during the wait can wait for it again instead of starting it twice. An error it
   * throws ends the call with that error; the operation keeps running on the server.
   */
  onStarted?: (operation: StartedOperation) => void | Promise<void>;
  /** Called with each polled state of the operation, e.g. to show progress. */
  onPoll?: (operation: Op) => void;
  /**
   * How long the wait for the operation may last as a whole, in ms: past it, the wait ends with an
   * `OperationTimeoutError` naming the operation (which may still be running on the server). Default
   * `DEFAULT_WAIT_TIMEOUT_MS` (24 h: operations such as training take hours); `Infinity` waits without bound.
   */
  timeoutMs?: number;
}

/** The path every Picterra API polls its operations at, under its own base. */
const OPERATION_PATH = "/operations/{operation_id}/";

/** An operation's current state. */
export async function getOperation<Op extends OperationState>(
  transport: AnyTransport,
  operationId: string,
  signal?: AbortSignal,
): Promise<Op> {
  const operation_id = checkId("operationId", operationId);
  const data = await transport.request(
    "get",
    OPERATION_PATH,
    { params: { path: { operation_id } }, signal },
    200,
  );
  if (typeof (data as OperationState | undefined)?.status !== "string") {
    throw new InvalidResponseError(
      "GET",
      operationUrl(transport, operation_id),
      "answered an operation without a status",
    );
  }
  return data as Op;
}

/**
 * Tells `onStarted`, then polls the operation until it ends: first after `poll_interval × 0.1` seconds, then
 * every `poll_interval` (clamped to `POLL_INTERVAL`). Resolves with the operation on `success`; throws `OperationFailedError` (with
 * the API's `errors`) on `failed`; any other status keeps polling, until `timeoutMs` has passed (an
 * `OperationTimeoutError`) or `signal` aborts (its reason).
 */
export async function waitForOperation<Op extends OperationState>(
  transport: AnyTransport,
  ref: OperationRef,
  { signal, onStarted, onPoll, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS }: WaitOptions<Op> = {},
): Promise<Op> {
  const id = checkId("operation_id", ref?.operation_id);
  if (typeof timeoutMs !== "number" || !(timeoutMs >= 0)) {
    throw new ValidationError(
      `timeoutMs must be a number of ms (Infinity waits without bound), got ${show(timeoutMs)}`,
    );
  }
  const deadline = Date.now() + timeoutMs;
  const intervalMs = pollIntervalMs(ref.poll_interval);
  await onStarted?.({ operationId: id, pollInterval: intervalMs / 1000 });
  let last: string | undefined;
  // Each wait stops at the deadline; the poll in flight then is bounded by the client's own timeoutMs.
  const wait = async (ms: number) => {
    const left = deadline - Date.now();
    await sleep(Math.min(ms, left), signal);
    if (ms >= left) throw new OperationTimeoutError(id, operationUrl(transport, id), timeoutMs, last);
  };
  await wait(intervalMs * 0.1);
  for (;;) {
    const operation = await getOperation<Op>(transport, id, signal);
    last = operation.status;
    onPoll?.(operation);
    if (operation.status === "success") return operation;
    if (operation.status === "failed")
      throw new OperationFailedError(id, operation, operationUrl(transport, id));
    await wait(intervalMs);
  }
}

/** The wait between two polls, in ms: `poll_interval` seconds within `POLL_INTERVAL`. */
export function pollIntervalMs(seconds: unknown): number {
  const ms = typeof seconds === "number" && !Number.isNaN(seconds) ? seconds * 1000 : POLL_INTERVAL.maxMs;
  return Math.min(POLL_INTERVAL.maxMs, Math.max(POLL_INTERVAL.minMs, ms));
}

/** Starts an operation with `start` (a call answering an `OperationRef`) and waits for it. */
export async function runOperation<Op extends OperationState>(
  transport: AnyTransport,
  start: Promise<unknown>,
  options: WaitOptions<Op> = {},
): Promise<Op> {
  return waitForOperation<Op>(transport, (await start) as OperationRef, options);
}

function operationUrl(transport: AnyTransport, id: string): string {
  return `${transport.apiUrl}operations/${id}/`;
}
