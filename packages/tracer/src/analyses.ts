import {
  type ResultsPage,
  checkDateRange,
  checkId,
  checkStringList,
  firstPage,
  storageJson,
} from "@picterra/core/machinery";
import { type ArchivedPageOptions, checkName, listQuery } from "./checks";
import { resultField } from "./operations";
import type {
  CallOptions,
  Operation,
  PlotsAnalysis,
  PrecheckData,
  Tracer,
  TracerWaitOptions,
} from "./schemas";
import { withPlotIds } from "./uploads";

/** A calendar date as Tracer takes it: a `Date` (its UTC day) or a "YYYY-MM-DD" string. */
export type PlainDate = Date | string;

/** Options of `listPlotsAnalyses`: `search`, `includeArchived`, `pageNumber`, `pageSize`, `signal`. */
export type ListPlotsAnalysesOptions = ArchivedPageOptions;

/**
 * Checks an analysis request before any request (`dateFrom` not after `dateTo`, at least one plot id), uploads
 * the plot ids and starts the analysis, or its precheck; waits for the operation.
 */
function analysisCall(
  t: Tracer,
  precheck: boolean,
  [plotsGroupId, analysisName, plotIds, dateFrom, dateTo]: readonly unknown[],
  options: TracerWaitOptions,
): Promise<Operation> {
  const plots_group_id = checkId("plotsGroupId", plotsGroupId);
  const analysis_name = checkName("analysisName", analysisName);
  const ids = checkStringList("plotIds", plotIds);
  const [date_from, date_to] = checkDateRange("dateFrom", dateFrom, "dateTo", dateTo);
  const path = precheck
    ? "/plots_groups/{plots_group_id}/analysis/precheck/"
    : "/plots_groups/{plots_group_id}/analysis/";
  const start = (upload_id: string) =>
    t.api.POST(path, {
      params: { path: { plots_group_id } },
      body: { analysis_name, upload_id, date_from, date_to },
      signal: options.signal,
    });
  return withPlotIds(t, ids, precheck, start, options);
}

export async function analyzePlotsPrecheck(
  t: Tracer,
  plotsGroupId: string,
  analysisName: string,
  plotIds: string[],
  dateFrom: PlainDate,
  dateTo: PlainDate,
  options: TracerWaitOptions = {},
): Promise<PrecheckData> {
  const args = [plotsGroupId, analysisName, plotIds, dateFrom, dateTo];
  const operation = await analysisCall(t, true, args, options);
  const url = resultField(operation, "precheck_data_url");
  // Returned as storage has it, as Picterra's client does.
  return (await storageJson(t, url, options.signal)) as PrecheckData;
}

export async function analyzePlots(
  t: Tracer,
  plotsGroupId: string,
  analysisName: string,
  plotIds: string[],
  dateFrom: PlainDate,
  dateTo: PlainDate,
  options: TracerWaitOptions = {},
): Promise<string> {
  const args = [plotsGroupId, analysisName, plotIds, dateFrom, dateTo];
  const operation = await analysisCall(t, false, args, options);
  return resultField(operation, "analysis_id");
}

export async function listPlotsAnalyses(
  t: Tracer,
  plotsGroupId: string,
  options: ListPlotsAnalysesOptions = {},
): Promise<ResultsPage<PlotsAnalysis>> {
  const plots_group_id = checkId("plotsGroupId", plotsGroupId);
  const query = listQuery(options);
  return firstPage(
    t,
    t.api.GET("/plots_groups/{plots_group_id}/analysis/", {
      params: { path: { plots_group_id }, query },
      signal: options.signal,
    }),
  );
}

export async function getPlotsAnalysis(
  t: Tracer,
  plotsAnalysisId: string,
  options: CallOptions = {},
): Promise<PlotsAnalysis> {
  const plots_analysis_id = checkId("plotsAnalysisId", plotsAnalysisId);
  return t.expectData(
    t.api.GET("/plots_analyses/{plots_analysis_id}/", {
      params: { path: { plots_analysis_id } },
      signal: options.signal,
    }),
  );
}
