export { retry } from "./middleware";
export type { RetryMiddleware } from "./middleware";
export { STORAGE_METHODS, retryingFetch, type RetryingFetch } from "./fetch";
/**
 * Header set on a response that took more than one attempt, e.g. `x-picterra-attempts: 3`. Core defines it
 * and reads it, so that its `APIError` can say "after 3 attempts"; one definition keeps the two in step.
 */
export { ATTEMPTS_HEADER } from "@picterra/core";
export { DEFAULTS as retryDefaults, resolveOptions } from "./options";
export { parseRetryAfter, retryPolicy } from "./policy";
export type { ResolvedRetryOptions, RetryInfo, RetryOptions } from "./options";
export type {
  FetchFn,
  Middleware,
  MiddlewareCallbackParams,
  MiddlewareOnError,
  MiddlewareOnRequest,
  MiddlewareOnResponse,
  RequestFetch,
} from "./types";
