import type { components, paths } from "../generated/picterra-v2";
import type { Transport } from "../machinery/transport";

/** The transport of Picterra's API v2 (Forge). */
export type Forge = Transport<paths>;

type Schemas = components["schemas"];

/** The API's objects, named as in openapi/picterra-v2.yaml. */
export type Raster = Schemas["Raster"];
/** Where a raster is in its life: uploaded bytes still being processed, ready, failed. */
export type RasterStatus = Schemas["RasterStatus"];
/** A folder (a project in Picterra's web interface). */
export type Folder = Schemas["Folder"];
/** A folder as listFolders and getFolder answer it: with its `name` (and `created_at`). */
export type FolderDetail = Schemas["FolderDetail"];
/** A detector as lists answer it: id, name, settings (`configuration`). */
export type Detector = Schemas["Detector"];
/** A detector as getDetector answers it: with `is_runnable` and its `classes`. */
export type DetectorDetail = Schemas["DetectorDetail"];
/** One class of a detector: `{ id, name, color }`. */
export type DetectorClass = Schemas["DetectorClass"];
/** One reason a failed operation failed: `{ code, message }` (or a bare message). */
export type OperationError = Schemas["OperationError"];
/** A detector's settings: detection and output type, training steps, backbone, tile size... */
export type DetectorConfiguration = Schemas["DetectorConfiguration"];
/** A detector of a folder, with `is_runnable`. */
export type FolderDetector = Schemas["FolderDetector"];
/** A training raster of a detector. */
export type TrainingRaster = Schemas["TrainingRaster"];
/** The kinds of annotations: "outline", "training_area", "testing_area", "validation_area". */
export type AnnotationType = Schemas["AnnotationType"];
/** A marker: a point on a raster with a text. */
export type Marker = Schemas["Marker"];
/** A vector layer with its `geojson_urls`, as the API answered before 2024. */
export type VectorLayer = Schemas["VectorLayer"];
/** A vector layer as lists answer it. */
export type VectorLayerSummary = Schemas["VectorLayerSummary"];
/** A long-running operation: `status` ("running", "success", "failed"), its `results` or `errors`. */
export type Operation = Schemas["Operation"];
/** A started operation, as the call that starts it answers: `{ operation_id, poll_interval }`. */
export type OperationRef = Schemas["OperationRef"];
/** The `results` of a finished operation (a detection's per class, a training's score...). */
export type OperationResults = Schemas["OperationResults"];
/** An operation's status: "running", "success" or "failed". */
export type OperationStatus = Schemas["OperationStatus"];
/** How a multispectral raster's bands map to colours. */
export type MultispectralBandSpecification = Schemas["MultispectralBandSpecification"];
/** Where an upload's bytes go: a signed URL and the upload's id. */
export type UploadTarget = Schemas["UploadTarget"];

/** A trailing options object that only carries an abort signal. */
export interface CallOptions {
  /** Aborts the call (and any request in flight) at once. */
  signal?: AbortSignal;
}
