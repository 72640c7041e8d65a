import {
  type ResultsPage,
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
import type {
  CallOptions,
  Operation,
  PlotsAnalysisReport,
  ReportArtifact,
  ReportType,
  Tracer,
  TracerWaitOptions,
} from "./schemas";
import { withPlotIds } from "./uploads";

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

export async function listPlotsAnalysisReportTypes(
  t: Tracer,
  plotsAnalysisId: string,
  options: ListReportTypesOptions = {},
): Promise<ReportType[]> {
  const plots_analysis_id = checkId("plotsAnalysisId", plotsAnalysisId);
  // A plain array, not a page: no page_number.
  const query = { search: searchOf(options.search) };
  return t.expectData(
    t.api.GET("/plots_analyses/{plots_analysis_id}/reports/types/", {
      params: { path: { plots_analysis_id }, query },
      signal: options.signal,
    }),
  );
}

export async function listPlotsAnalysisReports(
  t: Tracer,
  plotsAnalysisId: string,
  options: ListPlotsAnalysisReportsOptions = {},
): Promise<ResultsPage<PlotsAnalysisReport>> {
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
}

/** Checks a report request before any request, uploads the plot ids, starts `path`; waits for the operation. */
function reportCall(
  t: Tracer,
  path:
    | "/plots_analyses/{plots_analysis_id}/reports/"
    | "/plots_analyses/{plots_analysis_id}/reports/precheck/",
  [plotsAnalysisId, reportName, plotIds, reportType]: readonly unknown[],
  options: CreateReportOptions,
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

export async function createPlotsAnalysisReportPrecheck(
  t: Tracer,
  plotsAnalysisId: string,
  reportName: string,
  plotIds: string[],
  reportType: string,
  options: CreateReportOptions = {},
): Promise<{ status: "passed" }> {
  const args = [plotsAnalysisId, reportName, plotIds, reportType] as const;
  // Success means the report would be made; a problem fails the operation (an OperationFailedError).
  await reportCall(t, "/plots_analyses/{plots_analysis_id}/reports/precheck/", args, options);
  return { status: "passed" };
}

export async function createPlotsAnalysisReport(
  t: Tracer,
  plotsAnalysisId: string,
  reportName: string,
  plotIds: string[],
  reportType: string,
  options: CreateReportOptions = {},
): Promise<string> {
  const args = [plotsAnalysisId, reportName, plotIds, reportType] as const;
  const operation = await reportCall(t, "/plots_analyses/{plots_analysis_id}/reports/", args, options);
  return resultField(operation, "plots_analysis_report_id");
}

export async function getPlotsAnalysisReport(
  t: Tracer,
  plotsAnalysisReportId: string,
  options: CallOptions = {},
): Promise<PlotsAnalysisReport> {
  const plots_analysis_report_id = checkId("plotsAnalysisReportId", plotsAnalysisReportId);
  return t.expectData(
    t.api.GET("/plots_analysis_reports/{plots_analysis_report_id}/", {
      params: { path: { plots_analysis_report_id } },
      signal: options.signal,
    }),
  );
}

export async function downloadPlotsAnalysisReportArtifact(
  t: Tracer,
  artifact: Pick<ReportArtifact, "download_url">,
  options: CallOptions = {},
): Promise<Response> {
  const url = checkString(
    "artifact.download_url",
    (artifact as Partial<ReportArtifact> | null)?.download_url,
  );
  return storageFetch(t, url, { signal: options.signal });
}
