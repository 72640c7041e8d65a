import { InvalidResponseError, OperationFailedError } from "./errors";
import { sleep } from "./sleep";
import type { AnyTransport } from "./transport";
import { checkFiniteNumber, checkId } from "./validate";

/** What a call that starts a long-running operation answers. */
export interface OperationRef {
  operation_id: string;
  /** Seconds between polls the server asks for. */
  poll_interval: number;
}

/** An operation as `GET operations/{id}/` answers it, in any Picterra API. */
export interface OperationState {
  status: string;
  type?: string;
  results?: unknown;
  errors?: unknown;
  [key: string]: unknown;
}

/** Options of every call that waits for a long-running operation. */
export interface WaitOptions<Op = OperationState> {
  /** Aborts the wait (and any request in flight) at once. */
  signal?: AbortSignal;
  /** Called with each polled state of the operation, e.g. to show progress. */
  onPoll?: (operation: Op) => void;
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
 * Polls the operation until it ends: first after `poll_interval × 0.1` seconds, then every `poll_interval`.
 * Resolves with the operation on `success`; throws `OperationFailedError` (with the API's `errors`) on
 * `failed`; any other status keeps polling.
 */
export async function waitForOperation<Op extends OperationState>(
  transport: AnyTransport,
  ref: OperationRef,
  { signal, onPoll }: WaitOptions<Op> = {},
): Promise<Op> {
  const id = checkId("operation_id", ref?.operation_id);
  const intervalMs = Math.max(0, checkFiniteNumber("poll_interval", ref.poll_interval)) * 1000;
  await sleep(intervalMs * 0.1, signal);
  for (;;) {
    const operation = await getOperation<Op>(transport, id, signal);
    onPoll?.(operation);
    if (operation.status === "success") return operation;
    if (operation.status === "failed")
      throw new OperationFailedError(id, operation, operationUrl(transport, id));
    await sleep(intervalMs, signal);
  }
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
