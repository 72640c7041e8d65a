import type { components } from "./generated/picterra-v2";

type Schemas = components["schemas"];

/** The API's objects, named as in openapi/picterra-v2.yaml. */
export type Raster = Schemas["Raster"];
export type RasterStatus = Schemas["RasterStatus"];
export type Folder = Schemas["Folder"];
export type Detector = Schemas["Detector"];
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

/** One page of a list endpoint, as the API sends it. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  page_size?: number;
  results: T[];
}
