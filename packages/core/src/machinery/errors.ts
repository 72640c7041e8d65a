/** Header the retry plugin sets on the final response so that the error can say how many attempts were made. */
export const ATTEMPTS_HEADER = "x-picterra-attempts";

/** The root of every error the Picterra packages throw on purpose: one `instanceof` catches them all. */
export class PicterraError extends Error {
  /** The class name, `"PicterraError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "PicterraError";
}

/** Input that cannot be sent: thrown before any request is made. */
export class ValidationError extends PicterraError {
  /** The class name, `"ValidationError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "ValidationError";
}

/** The options of every `RequestError`: the cause, and how many attempts a retry policy made. */
export interface RequestErrorOptions extends ErrorOptions {
  /** How many attempts were made, when a retry policy made more than one. */
  attempts?: number | undefined;
}

/**
 * An error about one HTTP request: it names the method and the URL (never the key, never a signature). When a
 * retry policy made several attempts, the error is the last attempt's, of its kind, and `attempts` says how many.
 */
export class RequestError extends PicterraError {
  /** The class name, `"RequestError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "RequestError";
  /** How many attempts were made, when a retry policy made more than one (the same field on every kind). */
  readonly attempts: number | undefined;
  constructor(
    /** Upper-case HTTP method. */
    readonly method: string,
    /** The request URL; signed storage URLs lose their query string. */
    readonly url: string,
    message: string,
    options?: RequestErrorOptions,
  ) {
    super(`${method} ${url} ${message}`, options);
    this.attempts = options?.attempts;
  }
}

/** A call that did not finish within `timeoutMs` (for the whole call, retries included). */
export class TimeoutError extends RequestError {
  /** The class name, `"TimeoutError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "TimeoutError";
  constructor(
    method: string,
    url: string,
    /** The time limit that ran out, in milliseconds: the call's `timeoutMs`, or the wait's for an operation. */
    readonly timeoutMs: number,
    options?: ErrorOptions,
    what = `timed out after ${timeoutMs} ms`,
  ) {
    super(method, url, what, options);
  }
}

/**
 * A wait for a long-running operation that did not see it end within the wait's `timeoutMs`; `url` is where it
 * was polled. The operation may still be running on the server: wait for it again with its `operationId`.
 */
export class OperationTimeoutError extends TimeoutError {
  /** The class name, `"OperationTimeoutError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "OperationTimeoutError";
  constructor(
    /** The operation's id: wait for it again with `waitForOperation(operationId)`. */
    readonly operationId: string,
    url: string,
    timeoutMs: number,
    /** The status the last poll saw, when there was a poll. */
    readonly lastStatus: string | undefined,
  ) {
    const seen = lastStatus === undefined ? "" : `; last status: ${printable(lastStatus)}`;
    super(
      "GET",
      url,
      timeoutMs,
      undefined,
      `was polled for ${timeoutMs} ms (the wait's timeoutMs) and operation ${operationId} had not ended${seen}: it may still be running, wait for it again with waitForOperation`,
    );
  }
}

/** A storage transfer that moved no byte for `idleTimeoutMs` (a stalled connection). */
export class IdleTimeoutError extends RequestError {
  /** The class name, `"IdleTimeoutError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "IdleTimeoutError";
  constructor(
    method: string,
    url: string,
    /** How long no byte moved before the transfer was given up, in milliseconds (the `storageIdleTimeoutMs`). */
    readonly idleTimeoutMs: number,
    options?: RequestErrorOptions,
  ) {
    super(
      method,
      url,
      `stalled${afterAttempts(options?.attempts)}: no data moved for ${idleTimeoutMs} ms`,
      options,
    );
  }
}

/**
 * The connection failed or broke (refused, reset, DNS, TLS, a body cut short): `cause` is the runtime's own
 * error. What a fetch rejects with becomes one by its type, never by its message (see `fetchFailure`).
 */
export class NetworkError extends RequestError {
  /** The class name, `"NetworkError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "NetworkError";
  constructor(
    method: string,
    url: string,
    cause: unknown,
    /** How many attempts were made, when a retry policy made more than one. */
    attempts?: number,
  ) {
    super(method, url, `failed${afterAttempts(attempts)}: ${describeCause(cause)}`, { cause, attempts });
  }
}

/** The server answered something the client cannot use: a body that is not JSON, too large, or a redirect it will not follow. */
export class InvalidResponseError extends RequestError {
  /** The class name, `"InvalidResponseError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "InvalidResponseError";
}

/** A response body larger than the client's `maxResponseBytes`. */
export class ResponseTooLargeError extends InvalidResponseError {
  /** The class name, `"ResponseTooLargeError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "ResponseTooLargeError";
  constructor(
    method: string,
    url: string,
    /** The limit the body passed, in bytes: the client's `maxResponseBytes`. */
    readonly limitBytes: number,
  ) {
    super(method, url, `answered a body larger than maxResponseBytes (${limitBytes} bytes)`);
  }
}

/** What an `APIError` knows about the failed response. */
export interface APIErrorInit {
  /** HTTP status of the response. */
  status: number;
  /** The response body: parsed JSON when it is JSON, else its text (the message shows its first 500 characters). */
  body: unknown;
  /** Upper-case HTTP method of the request. */
  method: string;
  /** The request URL, without the query string of a signed storage URL. */
  url: string;
  /** How many attempts were made, when a retry policy made more than one (the message says it). */
  attempts?: number;
}

/** An API or storage response with a status the call did not expect. */
export class APIError extends RequestError {
  /** The class name, `"APIError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "APIError";
  /** HTTP status of the response. */
  readonly status: number;
  /** The response body, parsed as JSON when it is JSON, else its text. */
  readonly body: unknown;

  constructor(init: APIErrorInit) {
    const detail = summarize(init.body);
    super(
      init.method,
      init.url,
      `failed with status ${init.status}${afterAttempts(init.attempts)}${detail ? `: ${detail}` : ""}`,
      { attempts: init.attempts },
    );
    this.status = init.status;
    this.body = init.body;
  }
}

/** A long-running operation that ended with status `failed`; `errors` holds what the API said went wrong. */
export class OperationFailedError extends PicterraError {
  /** The class name, `"OperationFailedError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "OperationFailedError";
  /** The operation as last polled. */
  readonly body: unknown;
  /** The operation's `errors` (Picterra's reasons for the failure), or an empty array when it gave none. */
  readonly errors: readonly unknown[];

  constructor(
    /** The id of the operation that failed. */
    readonly operationId: string,
    operation: unknown,
    /** The URL the operation was polled at. */
    readonly url: string,
  ) {
    const errors = (operation as { errors?: unknown } | null)?.errors;
    const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
    const type = (operation as { type?: unknown } | null)?.type;
    const what = typeof type === "string" ? `${type} operation` : "operation";
    const detail = list.length > 0 ? summarize(list) : summarize(operation);
    super(`${what} ${operationId} failed${detail ? `: ${detail}` : ""}`);
    this.body = operation;
    this.errors = list;
  }
}

/**
 * A signed-URL upload that failed after its create step: `id` names what the create step made (a raster id
 * or an upload id), `removed` says whether the client could delete it again; `cause` is the failure.
 */
export class UploadError extends PicterraError {
  /** The class name, `"UploadError"`: what `error.name` and a stack trace show (minifiers keep it). */
  override name = "UploadError";
  constructor(
    /** What was being uploaded, e.g. "raster". */
    readonly what: string,
    /** The id the create step returned. */
    readonly id: string,
    /** The step that failed. */
    readonly step: "transfer" | "commit",
    /** True when what the create step made was deleted again (only some uploads can be). */
    readonly removed: boolean,
    cause: unknown,
  ) {
    const tail = removed ? `; ${what} ${id} was removed` : `; ${what} ${id} may be left on the server`;
    super(`the ${what} upload failed at its ${step} step: ${describeCause(cause)}${tail}`, { cause });
  }
}

/**
 * The error of a request whose retries ran out after `attempts` attempts: of the kind of `failure`, the last
 * attempt's error (`NetworkError`, `IdleTimeoutError`), with `attempts` set and said in the message, and
 * `failure` as its `cause`. After one attempt, or for another kind, `failure` as it is.
 */
export function exhausted(failure: RequestError, attempts: number): RequestError {
  if (attempts < 2) return failure;
  const { method, url } = failure;
  if (failure instanceof NetworkError) return new NetworkError(method, url, failure, attempts);
  if (failure instanceof IdleTimeoutError) {
    return new IdleTimeoutError(method, url, failure.idleTimeoutMs, { attempts, cause: failure });
  }
  return failure;
}

/**
 * What a fetch's rejection is, by its type and the caller's signal, never by its message: the caller's abort
 * its reason; a PicterraError (a timeout of the call, an error core already named) or an abort or timeout
 * `DOMException` of some other signal as it is; anything else a `NetworkError` naming the request, as the
 * Fetch standard rejects with a `TypeError` for every network failure whatever its text ("Failed to fetch",
 * "Load failed", "fetch failed"), and a runtime's socket errors carry their code (ECONNRESET...) along the
 * `cause` chain the `NetworkError` keeps.
 */
export function fetchFailure(
  method: string,
  url: string,
  error: unknown,
  signal?: AbortSignal | null | undefined,
): unknown {
  if (error instanceof PicterraError) return error;
  if (signal?.aborted) return signal.reason;
  if (error instanceof Error && STOPS.has(error.name)) return error;
  return new NetworkError(method, url, error);
}

/** The names of the DOMExceptions an aborted signal rejects with: a stop, not a network failure. */
const STOPS: ReadonlySet<string> = new Set(["AbortError", "TimeoutError"]);

/** " after 3 attempts" when a retry policy made more than one; one attempt is not mentioned. */
function afterAttempts(attempts: number | undefined): string {
  return attempts && attempts > 1 ? ` after ${attempts} attempts` : "";
}

const MAX_DETAIL = 500;

/** A short text of a body for a message: JSON or text, cut at 500 characters. */
export function summarize(body: unknown): string {
  if (body === undefined || body === null || body === "") return "";
  let text: string;
  try {
    text = typeof body === "string" ? body : (JSON.stringify(body) ?? String(body));
  } catch {
    text = String(body);
  }
  return printable(text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text);
}

/**
 * Characters a terminal acts on rather than shows: C0 controls (ESC starts colour and cursor sequences, CR
 * rewrites a line), DEL, C1 controls (0x9B is a one-byte CSI), and Unicode's bidirectional and line/paragraph
 * separator controls (they reorder or break what follows, e.g. to disguise a file name).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_CONTROLS: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text from a server or a runtime, made safe to print on a terminal or in a log: every control character
 * written out as an escape (`\n`, `\x1b`, `\u202e`), so that a name cannot move the cursor, recolour, forge a
 * log line or reorder what follows. Used for error messages here and for everything the CLI shows people.
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const named = NAMED_CONTROLS[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * What a JSON parser said was wrong, without the text it quotes (V8 quotes ten characters either side of the
 * fault, JavaScriptCore the token it stopped at): that text is a server's body or a file's, and may be the
 * start of a secret (an API key echoed unquoted, a key file read as JSON), which no redaction of the whole
 * secret would catch. Control characters escaped.
 */
export function jsonFault(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return printable(message.replace(/"[\s\S]*"(\.\.\.)?/, "…"));
}

/**
 * "fetch failed: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)": the messages along the `cause` chain (a
 * runtime's top-level message alone says little) and the innermost error code, any URL's query string cut.
 */
export function describeCause(cause: unknown): string {
  const messages: string[] = [];
  let code: string | undefined;
  for (let e = cause, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (!(e instanceof Error)) {
      messages.push(String(e));
      break;
    }
    if (e instanceof RequestError && e.cause !== undefined) {
      // Its message is "<method> <url> failed: <its cause>": the cause says it without repeating the call.
      e = e.cause;
      continue;
    }
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
    const own = (e as { code?: unknown }).code;
    if (typeof own === "string") code = own;
    e = e.cause;
  }
  const text =
    (messages.join(": ") || "unknown error") + (code && !messages.join().includes(code) ? ` (${code})` : "");
  return printable(text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s?#'"]*)[?#][^\s'"]*/gi, "$1?…"));
}
