/** Header the retry plugin sets on the final response so that the error can say how many attempts were made. */
export const ATTEMPTS_HEADER = "x-picterra-attempts";

/** Base class of every error this client throws on purpose. */
export class PicterraError extends Error {
  override name = "PicterraError";
}

/** Input that cannot be sent: thrown before any request is made. */
export class ValidationError extends PicterraError {
  override name = "ValidationError";
}

/** An API call that did not finish within `timeoutMs`. */
export class TimeoutError extends PicterraError {
  override name = "TimeoutError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`, options);
  }
}

/** What an `APIError` knows about the failed response. */
export interface APIErrorInit {
  status: number;
  body: unknown;
  method: string;
  url: string;
  attempts?: number;
}

/** An API or storage response with a status the call did not expect. */
export class APIError extends PicterraError {
  override name = "APIError";
  /** HTTP status of the response. */
  readonly status: number;
  /** The response body, parsed as JSON when it is JSON, else its text. */
  readonly body: unknown;
  /** HTTP method of the request. */
  readonly method: string;
  /** The request URL, without query string when it is a signed storage URL. */
  readonly url: string;
  /** How many attempts were made, when a retry middleware made more than one. */
  readonly attempts: number | undefined;

  constructor(init: APIErrorInit, message?: string) {
    super(message ?? APIError.describe(init));
    this.status = init.status;
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
  }

  private static describe({ status, body, method, url, attempts }: APIErrorInit): string {
    const detail = summarizeBody(body);
    const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : "";
    return `${method} ${url} failed with status ${status}${tries}${detail ? `: ${detail}` : ""}`;
  }
}

/** A long-running operation that ended with status `failed`. */
export class OperationFailedError extends APIError {
  override name = "OperationFailedError";
  constructor(
    readonly operationId: string,
    operation: unknown,
    url: string,
  ) {
    const detail = summarizeBody(operation);
    super(
      { status: 200, body: operation, method: "GET", url },
      `operation ${operationId} failed${detail ? `: ${detail}` : ""}`,
    );
  }
}

const MAX_DETAIL = 500;

function summarizeBody(body: unknown): string {
  if (body === undefined || body === null || body === "") return "";
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

/** A URL safe to show: signed storage URLs lose their query string (it holds the signature). */
export function redactUrl(url: string, keepQuery: boolean): string {
  if (keepQuery) return url;
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
