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
