import type { Transport, WaitOptions } from "@picterra/core/machinery";
import type { components, paths } from "./generated/picterra-tracer-v1";

/** The transport of Picterra Tracer (plots analysis API v1). */
export type Tracer = Transport<paths>;

type Schemas = components["schemas"];

/** Tracer's objects, named as in openapi/picterra-tracer-v1.yaml. */
export type UserInfo = Schemas["UserInfo"];
/** A methodology: one per commodity and regulation, e.g. "Coffee - EUDR". */
export type Methodology = Schemas["Methodology"];
/** A plots group: `{ id, name, created_at, methodology }`. */
export type PlotsGroup = Schemas["PlotsGroup"];
/** An analysis: `{ id, name, date_from, date_to, url }`. */
export type PlotsAnalysis = Schemas["PlotsAnalysis"];
/** What an analysis precheck found: `{ status, errors: { critical, high }, critical_count, high_count }`. */
export type PrecheckData = Schemas["PrecheckData"];
/** One finding of a precheck: `{ plot_id, code, message }`. */
export type PrecheckIssue = Schemas["PrecheckIssue"];
/** A kind of report an analysis offers: `{ report_type, name }`. */
export type ReportType = Schemas["ReportType"];
/** A file of a report, with its signed `download_url`. */
export type ReportArtifact = Schemas["ReportArtifact"];
/** A report and its artifacts. */
export type PlotsAnalysisReport = Schemas["PlotsAnalysisReport"];
/** The formats a plots group exports to: "geojson" or "excel". */
export type ExportFormat = Schemas["ExportFormat"];
/** A value of a plots group's custom column. */
export type ColumnValue = Schemas["ColumnValue"];
/** A long-running operation of Tracer's: `status`, its `results` or `errors`. */
export type Operation = Schemas["Operation"];
/** A started operation: `{ operation_id, poll_interval }`. */
export type OperationRef = Schemas["OperationRef"];
/** One reason a failed operation failed: `{ code, message, ... }`. */
export type OperationError = Schemas["OperationError"];
/** The kinds of resources grants are on: "plots_group", "plots_analysis", "methodology". */
export type GrantKind = Schemas["GrantKind"];
/** One grant: `{ grantee: { type, id }, role }`. */
export type Grant = Schemas["Grant"];
/** The grants on a resource: `{ grants }`. */
export type Grants = Schemas["Grants"];

/** A trailing options object that only carries an abort signal. */
export interface CallOptions {
  /** Aborts the call (and any request in flight) at once. */
  signal?: AbortSignal;
}

/** Options of every call that waits for an operation: `signal`, and `onPoll` with each polled state. */
export type TracerWaitOptions = WaitOptions<Operation>;
