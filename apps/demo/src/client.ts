import { type PicterraClient, createClient } from "@picterra/core";
import { type RetryInfo, retry } from "@picterra/retry";

/** How the demo's client is built. */
export interface DemoClientOptions {
  apiKey: string;
  baseUrl: string;
  /** Wrap API calls in `@picterra/retry`. Default true; the tests turn it off to see faults surface. */
  retries?: boolean;
  /** First backoff in ms (doubles per retry). Default 500; the emulator's faults need no long pauses. */
  backoffFactorMs?: number;
  /** Told about every retry, e.g. to count them. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * A client whose API calls ride out transient faults (429, 502/503/504, dropped connections). Besides GET,
 * PUT and DELETE are retried too: both are idempotent, and the demo's edits and clean-up use them.
 */
export function createDemoClient(options: DemoClientOptions): PicterraClient {
  const middleware =
    options.retries === false
      ? []
      : [
          retry({
            // 8 retries: at one fault in five, a call still fails in ~1 of 2.5 million, not 1 of 625 with 3.
            maxRetries: 8,
            methods: ["GET", "HEAD", "PUT", "DELETE"],
            backoffFactorMs: options.backoffFactorMs ?? 500,
            maxDelayMs: 10_000,
            onRetry: options.onRetry,
          }),
        ];
  return createClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    middleware,
    userAgent: "picterra-ts-demo",
  });
}
