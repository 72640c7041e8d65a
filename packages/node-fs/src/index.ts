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
  uploadRaster,
  uploadVectorLayer,
} from "./uploads";
