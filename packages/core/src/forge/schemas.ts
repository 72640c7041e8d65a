import type { components, paths } from "../generated/picterra-v2";
import type { Transport } from "../machinery/transport";

/** The transport of Picterra's API v2 (Forge). */
export type Forge = Transport<paths>;

type Schemas = components["schemas"];

/** The API's objects, named as in openapi/picterra-v2.yaml. */
export type Raster = Schemas["Raster"];
export type RasterStatus = Schemas["RasterStatus"];
export type Folder = Schemas["Folder"];
/** A folder as listFolders and getFolder answer it: with its `name` (and `created_at`). */
export type FolderDetail = Schemas["FolderDetail"];
export type Detector = Schemas["Detector"];
/** A detector as getDetector answers it: with `is_runnable` and its `classes`. */
export type DetectorDetail = Schemas["DetectorDetail"];
export type DetectorClass = Schemas["DetectorClass"];
export type OperationError = Schemas["OperationError"];
export type DetectorConfiguration = Schemas["DetectorConfiguration"];
export type FolderDetector = Schemas["FolderDetector"];
export type TrainingRaster = Schemas["TrainingRaster"];
export type AnnotationType = Schemas["AnnotationType"];
export type Marker = Schemas["Marker"];
export type VectorLayer = Schemas["VectorLayer"];
export type VectorLayerSummary = Schemas["VectorLayerSummary"];
export type Operation = Schemas["Operation"];
export type OperationRef = Schemas["OperationRef"];
export type OperationResults = Schemas["OperationResults"];
export type OperationStatus = Schemas["OperationStatus"];
export type MultispectralBandSpecification = Schemas["MultispectralBandSpecification"];
export type UploadTarget = Schemas["UploadTarget"];

/** A trailing options object that only carries an abort signal. */
export interface CallOptions {
  signal?: AbortSignal;
}
