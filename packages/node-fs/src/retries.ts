import {
  APIError,
  NetworkError,
  type StorageSettings,
  type TransferAttempt,
  sleep,
} from "@picterra/core/machinery";
import { Final, StorageAnswer } from "./http";

/** One storage transfer, as the retry loop needs it. */
export interface Transfer {
  /** Upper-case HTTP method. */
  method: string;
  /** The URL, redacted (for the policy, and for errors). */
  url: string;
  storage: StorageSettings;
  signal: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it succeeds or the client's storage retry policy (`client.storage.retry`, e.g. from
 * `retryingFetch()` of `@picterra/retry`) gives up: the policy is asked about every failed attempt, its
 * `beforeRetry` awaited, then the wait is made with core's abortable `sleep`. Without a policy nothing is
 * retried. A storage answer that is not retried becomes an `APIError`; the final error says how many attempts
 * were made. An abort of `signal` rejects with its reason, also during a wait.
 */
export async function withRetries<T>(
  transfer: Transfer,
  attempt: (retriesDone: number) => Promise<T>,
): Promise<T> {
  const { method, storage, signal } = transfer;
  // What the policy and its onRetry are told holds no key either (a callback may log it).
  const redact = storage.redact ?? ((value) => value);
  const url = redact(transfer.url);
  for (let retriesDone = 0; ; retriesDone++) {
    signal?.throwIfAborted();
    let failure: unknown;
    try {
      return await attempt(retriesDone);
    } catch (error) {
      failure = error;
    }
    if (signal?.aborted) throw signal.reason;
    if (failure instanceof Final) throw failure.error;
    const report: TransferAttempt =
      failure instanceof StorageAnswer
        ? { method, url, retriesDone, status: failure.status, retryAfter: failure.retryAfter }
        : { method, url, retriesDone, error: redact(failure) };
    const delayMs = storage.retry?.retryDelay(report);
    if (delayMs === undefined) throw finalError(method, failure, retriesDone + 1);
    await storage.retry?.beforeRetry?.({ ...report, delayMs });
    await sleep(delayMs, signal);
  }
}

/** What the caller sees when no more attempts are made: an `APIError`, or the error saying how many attempts. */
function finalError(method: string, failure: unknown, attempts: number): unknown {
  if (failure instanceof StorageAnswer) {
    const { status, body, url } = failure;
    return new APIError({ status, body, method, url, attempts: attempts > 1 ? attempts : undefined });
  }
  if (attempts > 1 && failure instanceof NetworkError) {
    return new NetworkError(failure.method, failure.url, failure.cause, attempts);
  }
  return failure;
}
