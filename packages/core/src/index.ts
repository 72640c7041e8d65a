export { createClient, PicterraClient, DEFAULT_BASE_URL, FORGE_API_PATH, VERSION } from "./client";
/** The allowed values, bounds and defaults of the API v2 document, as the client checks them. */
export { schemaValues as FORGE_VALUES } from "./generated/picterra-v2.values";
export type { AnnotationType, CallOptions } from "./forge/schemas";
export type * from "./forge/schemas";
export {
  DETECTOR_DEFAULTS,
  type Backbone,
  type CreateDetectorOptions,
  type DetectionType,
  type DetectorSettings,
  type EditDetectorOptions,
  type ListDetectorsOptions,
  type OutputType,
  type RunDetectorOptions,
} from "./forge/detectors";
export type { SetAnnotationsOptions } from "./forge/annotations";
export type {
  Grant,
  GrantKind,
  Grants,
  ListFoldersOptions,
  SetGrantsOptions,
  UserInfo,
} from "./forge/folders";
export type { ForgeWaitOptions } from "./forge/operations";
export type {
  EditRasterOptions,
  ImportRasterOptions,
  ListRastersOptions,
  RasterMetadata,
  UploadRasterOptions,
} from "./forge/rasters";
export type {
  EditVectorLayerOptions,
  ListRasterVectorLayersOptions,
  VectorLayerOptions,
} from "./forge/vector-layers";
export { DEFAULT_SITE_URL } from "./machinery/base-url";
export { CLIENT_DEFAULTS, type ClientOptions } from "./machinery/client-options";
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
  type APIErrorInit,
  type RequestErrorOptions,
} from "./machinery/errors";
export { redactUrl } from "./machinery/redact";
export { REDACTED, type Redact } from "./machinery/secrets";
export type * from "./machinery/geojson";
export type { paths, components, operations } from "./generated/picterra-v2";
export {
  DEFAULT_WAIT_TIMEOUT_MS,
  POLL_INTERVAL,
  type OperationState,
  type StartedOperation,
  type WaitOptions,
} from "./machinery/operations";
export { ResultsPage, type Page, type PageLoader, type PageOptions } from "./machinery/pages";
export type { RetryAttempt, RetryPolicy } from "./machinery/retry";
export type { StorageSettings, TransferAttempt, TransferRetryPolicy } from "./machinery/storage";
export { TRANSFER_RETRY } from "./machinery/storage";
export type { ApiTransport, FetchLike } from "./machinery/transport";
export {
  isUploader,
  jsonBody,
  type Progress,
  type TransferOptions,
  type UploadBody,
  type UploadOptions,
  type UploadSource,
  type Uploader,
} from "./machinery/uploads";
export { WGS84_CRS, checkFeatureCollection, checkPolygonCollection } from "./machinery/geojson-checks";
export type { Middleware } from "openapi-fetch";
