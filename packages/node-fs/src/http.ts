import {
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request as httpRequest,
} from "node:http";
import { request as httpsRequest } from "node:https";
import {
  APIError,
  ERROR_BODY_LIMIT,
  IdleTimeoutError,
  IdleTimer,
  type StorageSettings,
  fetchFailure,
  redactUrl,
  scrubSignedQuery,
} from "@picterra/core/machinery";

/**
 * A failure no retry can mend (the file, the caller's progress callback), carried through the attempt so that
 * `AttemptGuard.outcome` throws it as it is: core's retry loop ends at once on an error that is not a request's.
 */
export class Final {
  constructor(readonly error: unknown) {}
}

/**
 * A storage answer with a status the transfer cannot use: what an attempt resolves with, so that core's retry
 * loop asks the policy about it (its status and `Retry-After`); `error` makes it the `APIError` to throw.
 */
export class StorageAnswer {
  readonly headers: { get(name: string): string | null };
  constructor(
    readonly status: number,
    /** The start of the body, its signature cut out. */
    readonly body: string,
    retryAfter: string | null,
    /** The URL that answered, redacted. */
    readonly url: string,
  ) {
    this.headers = { get: (name) => (name.toLowerCase() === "retry-after" ? retryAfter : null) };
  }

  /** The `APIError` of this answer, the last of `attempts`. */
  error(method: string, attempts: number): APIError {
    const { status, body, url } = this;
    return new APIError({ status, body, method, url, attempts: attempts > 1 ? attempts : undefined });
  }
}

/**
 * Runs a transfer whose every error leaves through the client's `storage.redact`: a storage answer, a URL or a
 * runtime error that echoes the client's API key shows `[redacted]` instead.
 */
export async function redacting<T>(storage: StorageSettings, transfer: () => Promise<T>): Promise<T> {
  try {
    return await transfer();
  } catch (error) {
    // A client of an older core has no redact: its errors go as they are.
    throw storage.redact ? storage.redact(error) : error;
  }
}

/** Sends a request to storage: never with the API key, which only core's transport holds. */
export function send(url: URL, method: string, headers: OutgoingHttpHeaders): ClientRequest {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return request(url, { method, headers });
}

/** The response's headers, or the request's error (a connection that closed first says so). */
export function responseOf(req: ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once("response", resolve);
    // `on`, not `once`: a second error event without a listener would crash the process.
    req.on("error", reject);
    req.once("close", () => reject(new Error("the connection closed before storage answered")));
  });
}

/** A non-2xx answer as a `StorageAnswer`: the start of its body as text, any query value of `urls` cut out. */
export async function storageAnswer(res: IncomingMessage, ...urls: string[]): Promise<StorageAnswer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // the body only explains the error
  }
  res.destroy();
  let body: unknown = Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString("utf8");
  for (const url of urls) body = scrubSignedQuery(body, url);
  const retryAfter = res.headers["retry-after"] ?? null;
  return new StorageAnswer(res.statusCode ?? 0, body as string, retryAfter, redactUrl(urls[0] ?? ""));
}

/** A Content-Length header as a number, when it is one. */
export function contentLength(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/**
 * What ends one attempt of a transfer: the caller's abort, the idle timer, or a failure. `fail` destroys
 * whatever the attempt registered with `track`; `outcome` maps the error the attempt saw to what it throws.
 */
export class AttemptGuard {
  private readonly parts = new Set<{ destroy(error?: Error): unknown }>();
  private idle: IdleTimeoutError | undefined;
  readonly timer: IdleTimer;
  private readonly stopAbort: () => void;

  constructor(
    private readonly method: string,
    /** The (redacted) URL errors name: a redirect moves it. */
    public url: string,
    idleTimeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.timer = new IdleTimer(idleTimeoutMs, () => {
      this.idle = new IdleTimeoutError(method, this.url, idleTimeoutMs);
      this.fail(this.idle);
    });
    const abort = () => this.fail(signal?.reason);
    signal?.addEventListener("abort", abort, { once: true });
    this.stopAbort = () => signal?.removeEventListener("abort", abort);
    this.timer.touch();
  }

  /** Destroyed when the attempt fails (a request, a response, a file stream). */
  track<T extends { destroy(error?: Error): unknown }>(part: T): T {
    this.parts.add(part);
    return part;
  }

  /** Fails everything the attempt has open. */
  fail(error: unknown): void {
    for (const part of this.parts) part.destroy(error instanceof Error ? error : undefined);
  }

  /** The attempt is over: no more timer, no more abort listener. */
  stop(): void {
    this.timer.stop();
    this.stopAbort();
  }

  /** The caller's abort reason or the idle timeout, when one of them ended the attempt. */
  interruption(): unknown {
    return this.signal?.aborted ? this.signal.reason : this.idle;
  }

  /**
   * What the attempt throws for `error`: the caller's abort reason, the idle timeout, a Final's error (a
   * failure no retry mends: the file, the caller's callback) as it is, else as core's `fetchFailure` says (a
   * PicterraError as it is, a socket error a `NetworkError` naming the call, which the retry policy may retry).
   */
  outcome(error: unknown): unknown {
    const interruption = this.interruption();
    if (interruption !== undefined) return interruption;
    if (error instanceof Final) return error.error;
    return fetchFailure(this.method, this.url, error);
  }
}
