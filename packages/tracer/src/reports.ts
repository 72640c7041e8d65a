import {
  checkId,
  checkIfGiven,
  checkPlainObject,
  checkString,
  checkStringList,
  firstPage,
  storageFetch,
} from "@picterra/core/machinery";
import { type ArchivedPageOptions, listQuery, checkName, searchOf } from "./checks";
import { resultField } from "./operations";
import type { CallOptions, Operation, ReportArtifact, Tracer, TracerWaitOptions } from "./schemas";
import { withPlotIds } from "./uploads";
import type { TracerMethod } from "./calls";
import type { TracerMethods } from "./client";

export interface ListReportTypesOptions extends CallOptions {
  /** Only the types whose name matches; trimmed. */
  search?: string;
}

export interface ListPlotsAnalysisReportsOptions extends ArchivedPageOptions {
  /** Only the reports of this type (a `report_type` key, e.g. "eudr_export"). */
  reportType?: string;
}

export interface CreateReportOptions extends TracerWaitOptions {
  /** Extra values the report type takes (default none), e.g. `{ operator_name }`. */
  metadata?: Record<string, unknown>;
}

export const listPlotsAnalysisReportTypes: TracerMethod<"listPlotsAnalysisReportTypes"> = async (
  t,
  plotsAnalysisId,
  options = {},
) => {
  const plots_analysis_id = checkId("plotsAnalysisId", plotsAnalysisId);
  // A plain array, not a page: no page_number.
  const query = { search: searchOf(options.search) };
  return t.expectData(
    t.api.GET("/plots_analyses/{plots_analysis_id}/reports/types/", {
      params: { path: { plots_analysis_id }, query },
      signal: options.signal,
    }),
  );
};

export const listPlotsAnalysisReports: TracerMethod<"listPlotsAnalysisReports"> = async (
  t,
  plotsAnalysisId,
  options = {},
) => {
  const plots_analysis_id = checkId("plotsAnalysisId", plotsAnalysisId);
  const query = listQuery(options, {
    report_type: checkIfGiven(options.reportType, (v) => checkName("reportType", v)),
  });
  return firstPage(
    t,
    t.api.GET("/plots_analyses/{plots_analysis_id}/reports/", {
      params: { path: { plots_analysis_id }, query },
      signal: options.signal,
    }),
  );
};

/** The arguments of `createPlotsAnalysisReport` and of its precheck, as their declarations give them. */
type ReportArgs = Parameters<TracerMethods["createPlotsAnalysisReport"]>;

/** Checks a report request before any request, uploads the plot ids, starts `path`; waits for the operation. */
function reportCall(
  t: Tracer,
  path:
    | "/plots_analyses/{plots_analysis_id}/reports/"
    | "/plots_analyses/{plots_analysis_id}/reports/precheck/",
  [plotsAnalysisId, reportName, plotIds, reportType, options = {}]: ReportArgs,
): Promise<Operation> {
  const plots_analysis_id = checkId("plotsAnalysisId", plotsAnalysisId);
  const name = checkName("reportName", reportName);
  const ids = checkStringList("plotIds", plotIds);
  const report_type = checkName("reportType", reportType);
  const metadata = checkIfGiven(options.metadata, (v) => checkPlainObject("metadata", v)) ?? {};
  const start = (upload_id: string) =>
    t.api.POST(path, {
      params: { path: { plots_analysis_id } },
      body: { name, upload_id, report_type, metadata },
      signal: options.signal,
    });
  return withPlotIds(t, ids, false, start, options);
}

export const createPlotsAnalysisReportPrecheck: TracerMethod<"createPlotsAnalysisReportPrecheck"> = async (
  t,
  ...args
) => {
  // Success means the report would be made; a problem fails the operation (an OperationFailedError).
  await reportCall(t, "/plots_analyses/{plots_analysis_id}/reports/precheck/", args);
  return { status: "passed" };
};

export const createPlotsAnalysisReport: TracerMethod<"createPlotsAnalysisReport"> = async (t, ...args) => {
  const operation = await reportCall(t, "/plots_analyses/{plots_analysis_id}/reports/", args);
  return resultField(operation, "plots_analysis_report_id");
};

export const getPlotsAnalysisReport: TracerMethod<"getPlotsAnalysisReport"> = async (
  t,
  plotsAnalysisReportId,
  options = {},
) => {
  const plots_analysis_report_id = checkId("plotsAnalysisReportId", plotsAnalysisReportId);
  return t.expectData(
    t.api.GET("/plots_analysis_reports/{plots_analysis_report_id}/", {
      params: { path: { plots_analysis_report_id } },
      signal: options.signal,
    }),
  );
};

export const downloadPlotsAnalysisReportArtifact: TracerMethod<
  "downloadPlotsAnalysisReportArtifact"
> = async (t, artifact, options = {}) => {
  const url = checkString(
    "artifact.download_url",
    (artifact as Partial<ReportArtifact> | null)?.download_url,
  );
  return storageFetch(t, url, { signal: options.signal });
};
