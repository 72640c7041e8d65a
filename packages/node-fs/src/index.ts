export { removeLeftoverTempFiles, writeFileAtomically } from "./atomic";
export { MAX_GEOJSON_FILE_BYTES } from "./input";
export {
  type DownloadOptions,
  downloadOperationResultsToFile,
  downloadRasterToFile,
  downloadResultToFeatureCollection,
  downloadResultToFile,
  downloadVectorLayerToFile,
} from "./downloads";
export {
  fileUploader,
  importRasterFromRemoteSource,
  setRasterDetectionAreasFromFile,
  type StorageClient,
  uploadRaster,
  uploadVectorLayer,
} from "./uploads";
// Tracer's file functions, as `@picterra/node-fs/tracer` exports them.
export * from "./tracer-entry";
