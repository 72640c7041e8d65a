import { OperationFailedError } from "./errors";
import type { Operation, OperationRef } from "./schemas";
import { sleep } from "./sleep";
import type { Transport } from "./transport";

/** Options of every call that waits for a long-running operation. */
export interface WaitOptions {
  /** Aborts the wait (and any request in flight) at once. */
  signal?: AbortSignal;
  /** Called with each polled state of the operation, e.g. to show progress. */
  onPoll?: (operation: Operation) => void;
}

/**
 * Polls `GET operations/<id>/` until the operation ends: first after `poll_interval × 0.1` seconds, then every
 * `poll_interval`. Resolves with the operation on `success`; throws `OperationFailedError` on `failed`.
 */
export async function waitForOperation(
  transport: Transport,
  ref: OperationRef,
  { signal, onPoll }: WaitOptions = {},
): Promise<Operation> {
  const id = ref.operation_id;
  const intervalMs = Math.max(0, ref.poll_interval) * 1000;
  await sleep(intervalMs * 0.1, signal);
  for (;;) {
    const operation = await getOperation(transport, id, signal);
    onPoll?.(operation);
    if (operation.status === "success") return operation;
    if (operation.status === "failed") {
      throw new OperationFailedError(id, operation, `${transport.baseUrl}/operations/${id}/`);
    }
    await sleep(intervalMs, signal);
  }
}

export function getOperation(transport: Transport, id: string, signal?: AbortSignal): Promise<Operation> {
  return transport.expectData(
    transport.api.GET("/operations/{operation_id}/", { params: { path: { operation_id: id } }, signal }),
    200,
  );
}
