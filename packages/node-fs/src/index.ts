export {
  type DownloadOptions,
  downloadOperationResultsToFile,
  downloadRasterToFile,
  downloadResultToFeatureCollection,
  downloadResultToFile,
  downloadVectorLayerToFile,
} from "./downloads";
export type { InputFile } from "./input";
export {
  fileUploader,
  importRasterFromRemoteSource,
  setRasterDetectionAreasFromFile,
  uploadRaster,
  uploadVectorLayer,
} from "./uploads";
