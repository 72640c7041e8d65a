export {
  createClient,
  PicterraClient,
  DEFAULT_BASE_URL,
  DETECTOR_DEFAULTS,
  VERSION,
  type Backbone,
  type CallOptions,
  type ClientOptions,
  type CreateDetectorOptions,
  type DetectionType,
  type DetectorSettings,
  type EditDetectorOptions,
  type EditRasterOptions,
  type EditVectorLayerOptions,
  type ImportRasterOptions,
  type ListDetectorsOptions,
  type ListRasterVectorLayersOptions,
  type ListRastersOptions,
  type OutputType,
  type PageOptions,
  type RasterMetadata,
  type RunDetectorOptions,
  type UploadRasterOptions,
  type VectorLayerOptions,
} from "./client";
export {
  APIError,
  ATTEMPTS_HEADER,
  OperationFailedError,
  PicterraError,
  TimeoutError,
  ValidationError,
  redactUrl,
  type APIErrorInit,
} from "./errors";
export type * from "./geojson";
export type { paths, components, operations } from "./generated/picterra-v2";
export type { WaitOptions } from "./operations";
export { ResultsPage, type PageLoader } from "./pagination";
export type * from "./schemas";
export type { FetchLike } from "./transport";
export {
  isUploader,
  jsonBody,
  type Progress,
  type SignedUploadSteps,
  type TransferOptions,
  type UploadBody,
  type UploadOptions,
  type UploadSource,
  type Uploader,
} from "./uploads";
export { checkFeatureCollection, checkPolygonCollection } from "./validate";
export type { Middleware } from "openapi-fetch";
