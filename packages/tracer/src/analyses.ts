import { checkDateRange, checkId, checkStringList, firstPage, storageJson } from "@picterra/core/machinery";
import { type ArchivedPageOptions, checkName, listQuery } from "./checks";
import { resultField } from "./operations";
import type { Operation, PrecheckData, Tracer } from "./schemas";
import { withPlotIds } from "./uploads";
import type { TracerMethod } from "./calls";
import type { TracerMethods } from "./client";

/** A calendar date as Tracer takes it: a `Date` (its UTC day) or a "YYYY-MM-DD" string. */
export type PlainDate = Date | string;

/** Options of `listPlotsAnalyses`: `search`, `includeArchived`, `pageNumber`, `pageSize`, `signal`. */
export type ListPlotsAnalysesOptions = ArchivedPageOptions;

/** The arguments of `analyzePlots` and of `analyzePlotsPrecheck`, as their declarations give them. */
type AnalysisArgs = Parameters<TracerMethods["analyzePlots"]>;

/**
 * Checks an analysis request before any request (`dateFrom` not after `dateTo`, at least one plot id), uploads
 * the plot ids and starts the analysis, or its precheck; waits for the operation.
 */
function analysisCall(
  t: Tracer,
  precheck: boolean,
  [plotsGroupId, analysisName, plotIds, dateFrom, dateTo, options = {}]: AnalysisArgs,
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

export const analyzePlotsPrecheck: TracerMethod<"analyzePlotsPrecheck"> = async (t, ...args) => {
  const url = resultField(await analysisCall(t, true, args), "precheck_data_url");
  // Returned as storage has it, as Picterra's client does; `args[5]` is the options.
  return (await storageJson(t, url, args[5]?.signal)) as PrecheckData;
};

export const analyzePlots: TracerMethod<"analyzePlots"> = async (t, ...args) => {
  return resultField(await analysisCall(t, false, args), "analysis_id");
};

export const listPlotsAnalyses: TracerMethod<"listPlotsAnalyses"> = async (t, plotsGroupId, options = {}) => {
  const plots_group_id = checkId("plotsGroupId", plotsGroupId);
  const query = listQuery(options);
  return firstPage(
    t,
    t.api.GET("/plots_groups/{plots_group_id}/analysis/", {
      params: { path: { plots_group_id }, query },
      signal: options.signal,
    }),
  );
};

export const getPlotsAnalysis: TracerMethod<"getPlotsAnalysis"> = async (
  t,
  plotsAnalysisId,
  options = {},
) => {
  const plots_analysis_id = checkId("plotsAnalysisId", plotsAnalysisId);
  return t.expectData(
    t.api.GET("/plots_analyses/{plots_analysis_id}/", {
      params: { path: { plots_analysis_id } },
      signal: options.signal,
    }),
  );
};
