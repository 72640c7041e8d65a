import type { Transport, WaitOptions } from "@picterra/core/machinery";
import type { components, paths } from "./generated/picterra-tracer-v1";

/** The transport of Picterra Tracer (plots analysis API v1). */
export type Tracer = Transport<paths>;

type Schemas = components["schemas"];

/** Tracer's objects, named as in openapi/picterra-tracer-v1.yaml. */
export type UserInfo = Schemas["UserInfo"];
export type Methodology = Schemas["Methodology"];
export type PlotsGroup = Schemas["PlotsGroup"];
export type PlotsAnalysis = Schemas["PlotsAnalysis"];
export type PrecheckData = Schemas["PrecheckData"];
export type PrecheckIssue = Schemas["PrecheckIssue"];
export type ReportType = Schemas["ReportType"];
export type ReportArtifact = Schemas["ReportArtifact"];
export type PlotsAnalysisReport = Schemas["PlotsAnalysisReport"];
export type ExportFormat = Schemas["ExportFormat"];
export type ColumnValue = Schemas["ColumnValue"];
export type Operation = Schemas["Operation"];
export type OperationRef = Schemas["OperationRef"];
export type OperationError = Schemas["OperationError"];
export type GrantKind = Schemas["GrantKind"];
export type Grant = Schemas["Grant"];
export type Grants = Schemas["Grants"];

/** A trailing options object that only carries an abort signal. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of every call that waits for an operation: `signal`, and `onPoll` with each polled state. */
export type TracerWaitOptions = WaitOptions<Operation>;
