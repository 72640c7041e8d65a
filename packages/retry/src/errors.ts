import { RequestError, describeCause, redactUrl } from "@picterra/core/machinery";

/**
 * Header set on a response that took more than one attempt, e.g. `x-picterra-attempts: 3`. Core defines it
 * and reads it, so that its `APIError` can say "after 3 attempts"; one definition keeps the two in step.
 */
export { ATTEMPTS_HEADER } from "@picterra/core";

/**
 * Thrown when every allowed attempt of a request failed with a network error; `cause` is the last one.
 * A `PicterraError` like every error of the Picterra packages (via core's `RequestError`: method and URL).
 */
export class RetryError extends RequestError {
  override name = "RetryError";
  /** How many attempts were made (retries + 1). */
  readonly attempts: number;

  constructor(init: { method: string; url: string; attempts: number; cause: unknown }) {
    super(
      init.method,
      redactUrl(init.url),
      `failed after ${init.attempts} attempts: ${describeCause(init.cause)}`,
      { cause: init.cause },
    );
    this.attempts = init.attempts;
  }
}
