export { retry } from "./middleware";
export type { RetryMiddleware } from "./middleware";
export { STORAGE_METHODS, retryingFetch, type RetryingFetch } from "./fetch";
export { ATTEMPTS_HEADER, RetryError } from "./errors";
export { DEFAULTS as retryDefaults, resolveOptions } from "./options";
export { parseRetryAfter } from "./policy";
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
