import { randomBytes } from "node:crypto";

/**
 * What a fault can be: an error status, a dropped connection, a delay before a normal answer, or (storage GETs
 * only) a body that stalls or is cut halfway.
 */
export type FaultKind = "429" | "502" | "503" | "504" | "drop" | "latency" | "stall" | "cut";

/** Seeded fault injection: the same seed and the same sequence of requests give the same faults. */
export interface FaultOptions {
  /** Probability (0..1) that a request gets a fault. */
  rate: number;
  /** Seed of the pseudo-random generator. Default 1. */
  seed?: number;
  /**
   * The faults to draw from, uniformly. Default all but `stall` and `cut`, which must be named: they hang or
   * break downloads, for tests of idle timeouts and resumed downloads. Those two only hit storage GETs (set
   * `storage: true`): headers and the first half of the body are sent, then `stall` sends nothing more and keeps
   * the connection open, `cut` closes it.
   */
  kinds?: FaultKind[];
  /** Added delay of a `latency` fault, in ms. Default 100. */
  latencyMs?: number;
  /** The `Retry-After` of a 429, in whole seconds. Default 0. */
  retryAfterSeconds?: number;
  /**
   * The API methods that can get a fault. Default GET, PUT, DELETE, HEAD: a POST is not retried by clients,
   * so a fault there only makes a flow fail.
   */
  methods?: string[];
  /** Also fault storage GETs (downloads). Storage PUTs never get a fault. Default false. */
  storage?: boolean;
  /** Inject at most this many faults, then none (e.g. 1: cut the first download, let the resume through). */
  limit?: number;
}

/** Picterra's throttle: past `requestsPerMinute` API requests in the last minute, an API key gets 429. */
export interface RateLimitOptions {
  /** API requests one API key may make in any 60 s. */
  requestsPerMinute: number;
  /** The clock, in ms (for tests). Default `Date.now`. */
  now?: () => number;
}

/** One line of the request log (never holds the API key or a URL signature). */
export interface RequestLog {
  /** Upper-case HTTP method. */
  method: string;
  /** The path, without the query string. */
  path: string;
  /** The status answered; 0 for a dropped connection. */
  status: number;
  /** How long the answer took, in ms, from the request's arrival. */
  durationMs: number;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

/** Options of `startEmulator`; every one is optional. */
export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string;
  /** The API key the emulator accepts. Default a random one (see `Emulator.apiKey`). */
  apiKey?: string;
  /** Seconds reported as `poll_interval` in operation refs. Default 0.05. */
  pollInterval?: number;
  /** How many GETs of an operation see `running` before it ends. Default 2. */
  pollsUntilDone?: number;
  /** Page size of list endpoints when the request has no `page_size` (at most the documents' maximum, 1000). Default 20. */
  pageSize?: number;
  /** Lifetime of signed storage URLs, in ms. Default 10 minutes. */
  signedUrlTtlMs?: number;
  /** How many features each URL of a vector layer's `geojson_urls` holds. Default 1000. */
  vectorLayerChunkSize?: number;
  /** Seeded fault injection; off when omitted or when `rate` is 0. */
  faults?: FaultOptions;
  /** A throttle like Picterra's (429 with Retry-After past the limit); off when omitted. */
  rateLimit?: RateLimitOptions;
  /** Where uploaded bytes go. Default a fresh temporary folder, deleted on close (a given folder is kept). */
  dataDir?: string;
  /** Called once per request, after it was answered. */
  log?: (entry: RequestLog) => void;
  /**
   * Check every JSON answer against the OpenAPI document and answer 500 when one does not match (for the
   * emulator's own tests; costs time). Default false.
   */
  validateResponses?: boolean;
}

/** The defaults of every option, in one place. */
export const DEFAULTS = {
  /** `port`: 0, a free port. */
  port: 0,
  /** `host`: the loopback interface only. */
  host: "127.0.0.1",
  /** `pollInterval`: 0.05 s, so that tests wait little. */
  pollInterval: 0.05,
  /** `pollsUntilDone`: an operation is `running` for two polls. */
  pollsUntilDone: 2,
  /** `pageSize`: 20 items a page, as Picterra's default. */
  pageSize: 20,
  /** `signedUrlTtlMs`: signed URLs live 10 minutes. */
  signedUrlTtlMs: 10 * 60 * 1000,
  /** `vectorLayerChunkSize`: 1000 features per `geojson_urls` URL. */
  vectorLayerChunkSize: 1000,
  /** `faults.seed`. */
  faultSeed: 1,
  /** `faults.kinds`: every kind but `stall` and `cut`, which must be named. */
  faultKinds: ["429", "502", "503", "504", "drop", "latency"] as FaultKind[],
  /** `faults.latencyMs`. */
  faultLatencyMs: 100,
  /** `faults.retryAfterSeconds`: a 429 asks for no wait. */
  faultRetryAfterSeconds: 0,
  /** `faults.methods`: the methods clients retry (a POST is not faulted). */
  faultMethods: ["GET", "PUT", "DELETE", "HEAD"],
  /** The throttle's window: Picterra's rates are per minute. */
  rateWindowMs: 60_000,
  /** Largest JSON body the API reads. */
  maxJsonBytes: 32 * 1024 * 1024,
} as const;

export interface ResolvedFaults {
  rate: number;
  seed: number;
  kinds: FaultKind[];
  latencyMs: number;
  retryAfterSeconds: number;
  methods: Set<string>;
  storage: boolean;
  limit: number;
}

export interface ResolvedRateLimit {
  requestsPerMinute: number;
  windowMs: number;
  now: () => number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  apiKey: string;
  pollInterval: number;
  pollsUntilDone: number;
  pageSize: number;
  signedUrlTtlMs: number;
  vectorLayerChunkSize: number;
  faults: ResolvedFaults | null;
  rateLimit: ResolvedRateLimit | null;
  dataDir: string | undefined;
  log: ((entry: RequestLog) => void) | undefined;
  validateResponses: boolean;
}

const FAULT_KINDS = new Set<string>([...DEFAULTS.faultKinds, "stall", "cut"]);

/** What the documents allow, against which some options are checked. */
export interface DocumentLimits {
  /** The largest `page_size` of the documents' `PageSize` parameter. */
  maxPageSize: number;
}

/** Merges the options with the defaults and rejects values that make no sense or that the documents refuse. */
export function resolveOptions(options: EmulatorOptions, limits: DocumentLimits): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? DEFAULTS.port,
    host: options.host ?? DEFAULTS.host,
    apiKey: options.apiKey ?? `emulator-${randomBytes(18).toString("base64url")}`,
    pollInterval: options.pollInterval ?? DEFAULTS.pollInterval,
    pollsUntilDone: options.pollsUntilDone ?? DEFAULTS.pollsUntilDone,
    pageSize: options.pageSize ?? DEFAULTS.pageSize,
    signedUrlTtlMs: options.signedUrlTtlMs ?? DEFAULTS.signedUrlTtlMs,
    vectorLayerChunkSize: options.vectorLayerChunkSize ?? DEFAULTS.vectorLayerChunkSize,
    faults: resolveFaults(options.faults),
    rateLimit: resolveRateLimit(options.rateLimit),
    dataDir: options.dataDir,
    log: options.log,
    validateResponses: options.validateResponses ?? false,
  };
  check(
    Number.isInteger(resolved.port) && resolved.port >= 0 && resolved.port < 65536,
    "port",
    resolved.port,
  );
  check(resolved.apiKey.length > 0, "apiKey", "(empty)");
  check(
    Number.isFinite(resolved.pollInterval) && resolved.pollInterval >= 0,
    "pollInterval",
    resolved.pollInterval,
  );
  check(isCount(resolved.pollsUntilDone), "pollsUntilDone", resolved.pollsUntilDone);
  check(
    isCount(resolved.pageSize) && resolved.pageSize >= 1 && resolved.pageSize <= limits.maxPageSize,
    "pageSize",
    resolved.pageSize,
  );
  check(resolved.signedUrlTtlMs > 0, "signedUrlTtlMs", resolved.signedUrlTtlMs);
  check(
    isCount(resolved.vectorLayerChunkSize) && resolved.vectorLayerChunkSize >= 1,
    "vectorLayerChunkSize",
    resolved.vectorLayerChunkSize,
  );
  return resolved;
}

function resolveFaults(faults: FaultOptions | undefined): ResolvedFaults | null {
  if (!faults || faults.rate === 0) return null;
  const resolved: ResolvedFaults = {
    rate: faults.rate,
    seed: faults.seed ?? DEFAULTS.faultSeed,
    kinds: faults.kinds ?? [...DEFAULTS.faultKinds],
    latencyMs: faults.latencyMs ?? DEFAULTS.faultLatencyMs,
    retryAfterSeconds: faults.retryAfterSeconds ?? DEFAULTS.faultRetryAfterSeconds,
    methods: new Set((faults.methods ?? DEFAULTS.faultMethods).map((m) => m.toUpperCase())),
    storage: faults.storage ?? false,
    limit: faults.limit ?? Number.POSITIVE_INFINITY,
  };
  check(
    Number.isFinite(resolved.rate) && resolved.rate >= 0 && resolved.rate <= 1,
    "faults.rate",
    resolved.rate,
  );
  check(Number.isFinite(resolved.seed), "faults.seed", resolved.seed);
  check(
    resolved.kinds.length > 0 && resolved.kinds.every((k) => FAULT_KINDS.has(k)),
    "faults.kinds",
    resolved.kinds.join(","),
  );
  check(isCount(resolved.latencyMs), "faults.latencyMs", resolved.latencyMs);
  // Retry-After is delta-seconds (RFC 9110): a non-negative integer.
  check(isCount(resolved.retryAfterSeconds), "faults.retryAfterSeconds", resolved.retryAfterSeconds);
  check(
    resolved.limit === Number.POSITIVE_INFINITY || isCount(resolved.limit),
    "faults.limit",
    resolved.limit,
  );
  return resolved;
}

function resolveRateLimit(rateLimit: RateLimitOptions | undefined): ResolvedRateLimit | null {
  if (!rateLimit) return null;
  const { requestsPerMinute } = rateLimit;
  check(
    isCount(requestsPerMinute) && requestsPerMinute >= 1,
    "rateLimit.requestsPerMinute",
    requestsPerMinute,
  );
  return { requestsPerMinute, windowMs: DEFAULTS.rateWindowMs, now: rateLimit.now ?? Date.now };
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

function check(ok: boolean, name: string, value: unknown): void {
  if (!ok) throw new RangeError(`startEmulator: invalid ${name}: ${String(value)}`);
}
