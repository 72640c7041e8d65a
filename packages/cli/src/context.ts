import { type ClientOptions, type PicterraClient, createClient } from "@picterra/core";
import { retry, retryingFetch } from "@picterra/retry";
import { type TracerClient, createTracerClient } from "@picterra/tracer";
import { Governor } from "./bulk/governor";
import { throttledFetch } from "./bulk/throttled-fetch";
import { resolveApiKey } from "./api-key";
import { type Output, createOutput } from "./output";

declare const __PICTERRA_VERSION__: string;

/** This package's version. */
export const VERSION: string = __PICTERRA_VERSION__;

/** The options every command takes (set on `picterra` itself, before or after the command). */
export interface GlobalOptions {
  json?: boolean;
  apiKeyFile?: string;
  baseUrl?: string;
  timeout?: number;
  maxRate?: number;
}

/** Defaults of the CLI's own settings, in one place. */
export const CLI_DEFAULTS = Object.freeze({
  /**
   * Seconds one API call may take. Longer than core's 30 s: a call's time includes its waits for the throttle
   * (Picterra's `Retry-After` can be most of a minute), which a bulk run near the limit does on purpose.
   */
  timeoutSeconds: 600,
  /** Items a bulk command works on at once. */
  concurrency: 8,
});

/** What a command runs with: its output, and clients made on first use (so `--help` needs no key). */
export class Context {
  readonly out: Output;
  /** Shared by every call of this process: all workers slow down together on a 429. */
  readonly governor: Governor;
  /** Retries made so far: 429s waited out, 5xx and network errors retried, storage transfers retried. */
  retries = 0;
  private client: PicterraClient | undefined;
  private tracerClient: TracerClient | undefined;

  constructor(readonly options: GlobalOptions) {
    this.out = createOutput(options.json === true);
    this.governor = new Governor({
      maxRate: options.maxRate === undefined ? undefined : options.maxRate / 60,
    });
  }

  /** The options a Picterra client of this process is made with (Forge's, and Tracer's). */
  async clientOptions(): Promise<ClientOptions> {
    const apiKey = await resolveApiKey(this.options.apiKeyFile);
    const counted = () => {
      this.retries++;
    };
    return {
      apiKey,
      baseUrl: this.options.baseUrl,
      timeoutMs: (this.options.timeout ?? CLI_DEFAULTS.timeoutSeconds) * 1000,
      userAgent: `picterra-cli/${VERSION}`,
      // API calls: core's Node transport (node:http), paced and retried on 429 by the governor.
      transport: { fetch: throttledFetch(this.governor, { onThrottled: counted }) },
      // Storage (signed URLs) is not Picterra's API: not throttled, retried on its own.
      storageFetch: retryingFetch({ onRetry: counted }),
      // 429s are the throttled fetch's: retry() takes the rest (5xx, dropped connections) for idempotent calls.
      middleware: [retry({ statusCodes: [502, 503, 504], onRetry: counted })],
    };
  }

  /** The Forge (API v2) client, made on first use. */
  async forge(): Promise<PicterraClient> {
    this.client ??= createClient(await this.clientOptions());
    return this.client;
  }

  /** The Tracer client (same key, base URL, throttle and retries as Forge's), made on first use. */
  async tracer(): Promise<TracerClient> {
    this.tracerClient ??= createTracerClient(await this.clientOptions());
    return this.tracerClient;
  }
}
