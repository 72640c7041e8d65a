/**
 * `@picterra/core/machinery`: the documented extension points every Picterra API client and plugin is built
 * on (Forge's client in this package, Tracer's in `@picterra/tracer`, `@picterra/retry`, `@picterra/node-fs`,
 * the CLI). Each group below is a contract: a change to it is a reviewed diff of `etc/machinery.api.md`, and a
 * breaking one a minor release that the plugins' peer range (`^0.x`) refuses. What is not here is internal.
 *
 * In Node (the `node` export condition) it also exports `nodeTransport`, core's `node:http` transport.
 */

// ---- Client base: a client class is `ApiClient` plus a table of functions each taking the `Transport` first.
export { ApiClient, type Methods } from "./facade";
export {
  Transport,
  type AnyTransport,
  type FetchResult,
  type HttpMethod,
  type PathInit,
  type TransportOptions,
} from "./transport";
export type { ClientOptions, Product } from "./client-options";
/** The account calls both APIs share (who the key belongs to, who may see what). */
export {
  grantsOf,
  setGrants,
  userInfo,
  type Grant,
  type GrantCallOptions,
  type GrantValues,
} from "./account";

// ---- Transport: how API requests go over the network, and what a fetch's rejection means.
export type { ApiTransport, FetchLike } from "./transport";
export { fetchFailure } from "./errors";
export { redactUrl, scrubSignedQuery } from "./redact";

// ---- Retries: the one retry loop, and the policies it asks.
export {
  withRetries,
  type Retried,
  type RetryAnswer,
  type RetryAttempt,
  type RetryPolicy,
  type RetryRequest,
} from "./retry";
export { TRANSFER_RETRY } from "./storage";

// ---- Storage: signed-URL transfers (no API key), for code that moves bytes itself (`@picterra/node-fs`).
export { IdleTimer, type StorageSettings } from "./storage";
export {
  ERROR_BODY_LIMIT,
  storageFetch,
  storageJson,
  storageRedirect,
  storageUrl,
} from "./storage-fetch";

// ---- Uploads: a signed-URL upload described as data (create → PUT → commit → wait), and its bodies.
export {
  checkUploadBody,
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

// ---- Operations: start a long-running operation and wait for it (`onStarted`, `onPoll`, a bounded wait).
export {
  runOperation,
  waitForOperation,
  type OperationRef,
  type OperationState,
  type StartedOperation,
  type WaitOptions,
} from "./operations";

// ---- Pages: the API's paginated lists as one `ResultsPage` type.
export { firstPage, pageQuery, ResultsPage, type Page, type PageLoader, type PageOptions } from "./pages";

// ---- Errors: every error a Picterra package throws, and how server text is shown safely.
export {
  APIError,
  ATTEMPTS_HEADER,
  IdleTimeoutError,
  InvalidResponseError,
  NetworkError,
  OperationFailedError,
  OperationTimeoutError,
  PicterraError,
  RequestError,
  ResponseTooLargeError,
  TimeoutError,
  UploadError,
  ValidationError,
  describeCause,
  jsonFault,
  printable,
  type APIErrorInit,
  type RequestErrorOptions,
} from "./errors";
export { redactor, type Redact } from "./secrets";

// ---- Validators: input checks that fail with a `ValidationError` naming the argument, before any request.
export {
  checkBoolean,
  checkDate,
  checkDateRange,
  checkEnum,
  checkId,
  checkIfGiven,
  checkPlainObject,
  checkString,
  checkStringList,
  show,
} from "./validate";
export { checkCrs, checkKeyedPolygonCollection } from "./geojson-checks";
export type * from "./geojson";
