/**
 * Header set on a response that took more than one attempt, e.g. `x-picterra-attempts: 3`. Core defines it
 * and reads it, so that its `APIError` can say "after 3 attempts"; one definition keeps the two in step.
 */
export { ATTEMPTS_HEADER } from "@picterra/core";

/** Thrown when every allowed attempt of a request failed with a network error; `cause` is the last one. */
export class RetryError extends Error {
  override name = "RetryError";
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The URL without its query string or fragment (signed URLs carry their signature there). */
  readonly url: string;
  /** How many attempts were made (retries + 1). */
  readonly attempts: number;

  constructor(init: { method: string; url: string; attempts: number; cause: unknown }) {
    const url = redactUrl(init.url);
    super(`${init.method} ${url} failed after ${init.attempts} attempts: ${describeCause(init.cause)}`, {
      cause: init.cause,
    });
    this.method = init.method;
    this.url = url;
    this.attempts = init.attempts;
  }
}

/** The URL without credentials, query string or fragment: the only form of a URL this package shows. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return url.replace(/[?#][\s\S]*$/, "");
  }
}

/**
 * "fetch failed: other side closed (UND_ERR_SOCKET)": the messages along the `cause` chain (undici's top-level
 * message alone says nothing) and the innermost error code, with any URL's query string removed.
 */
function describeCause(cause: unknown): string {
  const messages: string[] = [];
  let code: string | undefined;
  for (let e = cause, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (!(e instanceof Error)) {
      messages.push(String(e));
      break;
    }
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
    const ownCode = (e as { code?: unknown }).code;
    if (typeof ownCode === "string") code = ownCode;
    e = e.cause;
  }
  const text = (messages.join(": ") || "unknown error") + (code ? ` (${code})` : "");
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s?#'"]*)[?#][^\s'"]*/gi, "$1");
}
