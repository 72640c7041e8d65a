import type { RetryAttempt, RetryPolicy } from "./retry";
import type { Redact } from "./secrets";
import { MAX_TIMER_MS } from "./sleep";

/** @deprecated Renamed `RetryAttempt` (the one retry engine's, `withRetries`). */
export type TransferAttempt = RetryAttempt;

/** @deprecated Renamed `RetryPolicy` (the one retry engine's, `withRetries`). */
export type TransferRetryPolicy = RetryPolicy;

/**
 * The property under which a storage fetch carries its `RetryPolicy`: `retryingFetch()` of `@picterra/retry`
 * does, so that passing it as the client's `storageFetch` retries every storage transfer, whichever way its
 * bytes move (`@picterra/node-fs` moves them over `node:http` and follows `client.storage.retry`).
 */
export const TRANSFER_RETRY: unique symbol = Symbol.for("picterra.transferRetry") as never;

/** How the client moves bytes to and from signed storage URLs; `@picterra/node-fs` reads it too. */
export interface StorageSettings {
  /** A transfer that moves no byte for this long fails with an `IdleTimeoutError` (ms). */
  readonly idleTimeoutMs: number;
  /** The retry policy of the client's `storageFetch`, when it has one. */
  readonly retry: RetryPolicy | undefined;
  /**
   * Scrubs the client's API key (and its URL- and JSON-encoded forms) out of a text, an error (message, stack,
   * URL, body, cause chain; in place) or a JSON value (copied), as `[redacted]`: for code that builds errors
   * or lines from what storage or the API said (`@picterra/node-fs`, the CLI). It holds the key only in a
   * closure: printing or serializing the client or this object shows no key.
   */
  readonly redact: Redact;
}

/** The retry policy a fetch function carries, if any. */
export function transferRetryOf(fetch: unknown): RetryPolicy | undefined {
  const policy = (fetch as { [TRANSFER_RETRY]?: RetryPolicy } | undefined)?.[TRANSFER_RETRY];
  return typeof policy?.retryDelay === "function" ? policy : undefined;
}

/** Fires `onIdle` once when `touch()` has not been called for `ms`; `stop()` disarms it. */
export class IdleTimer {
  // ES private fields: minifiers shorten their names, which matters in every browser bundle.
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = 0;
  #stopped = false;
  readonly #ms: number;
  readonly #onIdle: () => void;

  constructor(ms: number, onIdle: () => void) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  /** Arms the timer (again); cheap enough to call for every chunk. */
  touch(): void {
    if (this.#stopped) return;
    this.#last = Date.now();
    // One timer per idle period, re-armed only when it fires early, rather than one per chunk.
    if (this.#timer === undefined) this.#arm(this.#ms);
  }

  /** Disarms the timer for good: `onIdle` will not fire (call it when the transfer ends or fails). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(ms: number): void {
    // At most a timer's longest delay: a longer one (an idle timeout of 3e9 ms, Infinity) would fire at once;
    // a timer that fires early re-arms for what is left.
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (this.#stopped) return;
        const quiet = Date.now() - this.#last;
        if (quiet >= this.#ms) {
          this.#stopped = true;
          this.#onIdle();
        } else this.#arm(this.#ms - quiet);
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    (this.#timer as { unref?: () => void }).unref?.();
  }
}

/**
 * A pass-through of `body` that touches `timer` for every chunk and stops it when the body fails, or ends
 * when `stopAtEnd` (a request body's end is not the transfer's: the answer is still to come). An abort of
 * `signal` (the idle timer's, or the caller's) fails it at once, whatever the fetch underneath does. A read
 * that fails fails the stream with `failure(error)` (a runtime's bare `TypeError: terminated` made an error
 * that names the transfer).
 */
export function watchBody(
  body: ReadableStream<Uint8Array>,
  timer: IdleTimer,
  stopAtEnd: boolean,
  signal: AbortSignal,
  failure: (error: unknown) => unknown = (error) => error,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener(
        "abort",
        () => {
          timer.stop();
          controller.error(signal.reason);
          reader.cancel(signal.reason).catch(() => undefined);
        },
        { once: true },
      );
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          if (stopAtEnd) timer.stop();
          controller.close();
          return;
        }
        timer.touch();
        controller.enqueue(value);
      } catch (error) {
        timer.stop();
        controller.error(failure(error));
      }
    },
    cancel(reason) {
      timer.stop();
      return reader.cancel(reason);
    },
  });
}
