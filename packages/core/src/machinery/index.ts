/**
 * `@picterra/core/machinery`: what every Picterra API client is built on (Forge's in this package, Tracer's in
 * `@picterra/tracer`): the transport (key only to the API's origin, timeouts, bounded bodies, errors), pages,
 * the operation poller, signed-URL uploads described as data, storage transfers and input checks.
 */
export {
  checkGrants,
  grantsOf,
  setGrants,
  userInfo,
  type Grant,
  type GrantCallOptions,
  type GrantValues,
} from "./account";
export { DEFAULT_SITE_URL, resolveApiUrl } from "./base-url";
export { drain, readBounded, readJson } from "./bodies";
export { CLIENT_DEFAULTS, type ClientOptions, type Product, createTransport } from "./client-options";
export { canSetUserAgent, readEnv, runtimeDescription } from "./env";
export * from "./errors";
export { ApiClient, installMethods, type Methods } from "./facade";
export type * from "./geojson";
export {
  WGS84_CRS,
  checkCrs,
  checkFeatureCollection,
  checkKeyedPolygonCollection,
  checkPolygonCollection,
} from "./geojson-checks";
export {
  DEFAULT_WAIT_TIMEOUT_MS,
  POLL_INTERVAL,
  getOperation,
  pollIntervalMs,
  runOperation,
  waitForOperation,
  type OperationRef,
  type OperationState,
  type StartedOperation,
  type WaitOptions,
} from "./operations";
export { firstPage, pageQuery, ResultsPage, type Page, type PageLoader, type PageOptions } from "./pages";
export { parseUrl, redactUrl, scrubSignedQuery } from "./redact";
export { REDACTED, type Redact, redactor } from "./secrets";
export { MAX_TIMER_MS, sleep } from "./sleep";
export {
  IdleTimer,
  TRANSFER_RETRY,
  transferRetryOf,
  type StorageSettings,
  type TransferAttempt,
  type TransferRetryPolicy,
} from "./storage";
export { ERROR_BODY_LIMIT, putWithXhr, storageFetch, storageJson, storageUrl } from "./storage-fetch";
export {
  withRetries,
  type Retried,
  type RetryAnswer,
  type RetryAttempt,
  type RetryPolicy,
  type RetryRequest,
} from "./retry";
export {
  MAX_REDIRECTS,
  REDIRECT_STATUSES,
  Transport,
  type AnyTransport,
  type ApiTransport,
  type FetchLike,
  type FetchResult,
  type HttpMethod,
  type PathInit,
} from "./transport";
export {
  checkUploadBody,
  isUploadBody,
  isUploader,
  jsonBody,
  signedUpload,
  stageUpload,
  type ApiCall,
  type Progress,
  type SignedUpload,
  type TransferOptions,
  type UploadBody,
  type UploadOptions,
  type UploadSource,
  type UploadTargetCall,
  type Uploader,
} from "./uploads";
export * from "./validate";
