export { createTracerClient, TracerClient, TRACER_API_PATH, VERSION, type TracerMethods } from "./client";
export type * from "./schemas";
export type { SetGrantsOptions } from "./account";
export type { ListPlotsAnalysesOptions, PlainDate } from "./analyses";
export type { ArchivedPageOptions, SearchPageOptions } from "./checks";
export type { ListMethodologiesOptions } from "./methodologies";
export type { NamedPlotsFile, PlotsFile, PlotsFiles } from "./plots-files";
export type {
  CreatePlotsGroupOptions,
  ListPlotsGroupsOptions,
  PlotsUploadOptions,
  UpdatePlotsGroupPlotsOptions,
} from "./plots-groups";
export type {
  CreateReportOptions,
  ListPlotsAnalysisReportsOptions,
  ListReportTypesOptions,
} from "./reports";
export type { paths, components, operations } from "./generated/picterra-tracer-v1";
/** The allowed values of Tracer's document (export formats, grant kinds, ...), generated from it. */
export { schemaValues as TRACER_VALUES } from "./generated/picterra-tracer-v1.values";
