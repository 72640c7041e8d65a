import { type ClientOptions, type PicterraClient, createClient } from "@picterra/core";
import { type RetryInfo, retry } from "@picterra/retry";
import { type TracerClient, createTracerClient } from "@picterra/tracer";

/** How the demo's clients are built. */
export interface DemoClientOptions {
  apiKey: string;
  /** Picterra's site root (both APIs live under it), or Forge's full API URL. */
  baseUrl: string;
  /** Wrap API calls in `@picterra/retry`. Default true; the tests turn it off to see faults surface. */
  retries?: boolean;
  /** First backoff in ms (doubles per retry). Default 500; the emulator's faults need no long pauses. */
  backoffFactorMs?: number;
  /** Told about every retry, e.g. to count them. */
  onRetry?: (info: RetryInfo) => void;
}

/** The demo's two clients, for Picterra's API v2 (Forge) and for Tracer, on the same site. */
export interface DemoClients {
  client: PicterraClient;
  tracer: TracerClient;
}

/**
 * Clients whose API calls ride out transient faults (429, 502/503/504, dropped connections). Besides GET,
 * PUT and DELETE are retried too: both are idempotent, and the demo's edits and clean-up use them.
 */
export function createDemoClients(options: DemoClientOptions): DemoClients {
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
  const shared: ClientOptions = {
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    middleware,
    userAgent: "picterra-ts-demo",
  };
  return { client: createClient(shared), tracer: createTracerClient(shared) };
}
