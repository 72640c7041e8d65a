export { writeFileAtomically } from "./atomic";
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
export {
  createPlotsGroup,
  downloadPlotsGroupToFile,
  type PlotsFileOnDisk,
  type TracerFilesClient,
  updatePlotsGroupPlots,
} from "./tracer";
