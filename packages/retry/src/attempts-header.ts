import { ATTEMPTS_HEADER } from "@picterra/core/machinery";

// Statuses whose Response must be constructed with a null body.
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * The same response (body, status, headers) marked with `x-picterra-attempts` when it took more than one
 * attempt: core's `APIError` reads it to say "after 3 attempts".
 */
export function markAttempts(response: Response, attempts: number): Response {
  if (attempts < 2) return response;
  const headers = new Headers(response.headers);
  headers.set(ATTEMPTS_HEADER, String(attempts));
  const marked = new Response(NULL_BODY_STATUSES.has(response.status) ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  // A constructed Response has an empty `url`, and core names the URL of an APIError from it.
  if (response.url) Object.defineProperty(marked, "url", { value: response.url });
  return marked;
}
