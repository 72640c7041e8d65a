// `@picterra/node-fs/tracer`: the file functions of Picterra Tracer alone (also exported by the main entry).
export {
  createPlotsGroup,
  downloadPlotsAnalysisReportArtifactToFile,
  downloadPlotsGroupToFile,
  type PlotsFileOnDisk,
  type TracerFilesClient,
  updatePlotsGroupPlots,
} from "./tracer";
