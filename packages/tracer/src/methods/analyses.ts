import type { ResultsPage } from "@picterra/core/machinery";
import type { ListPlotsAnalysesOptions, PlainDate } from "../analyses";
import type {
  CreateReportOptions,
  ListPlotsAnalysisReportsOptions,
  ListReportTypesOptions,
} from "../reports";
import type {
  CallOptions,
  PlotsAnalysis,
  PlotsAnalysisReport,
  PrecheckData,
  ReportArtifact,
  ReportType,
  TracerWaitOptions,
} from "../schemas";

// The analysis and report methods of `TracerClient`, as the API reference shows them; src/client.ts's table
// must match.

/** The analysis and report methods of {@link TracerClient}: from plots to the files for TRACES NT. */
export interface AnalysisMethods {
  /**
   * Checks, without analysing, whether an analysis of these plots over these dates would run. Use it to stop,
   * or to drop the plots with critical findings, before `analyzePlots`: an analysis with a critical problem
   * fails.
   *
   * Python: `TracerClient.analyze_plots_precheck`.
   *
   * @param plotsGroupId The group's id.
   * @param analysisName The analysis's name.
   * @param plotIds The plots to analyse (a non-empty list of `plot_id`s of the group).
   * @param dateFrom The first day, a `Date` or "YYYY-MM-DD".
   * @param dateTo The last day, a `Date` or "YYYY-MM-DD".
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns `{ status: "passed" | "failed", errors: { critical, high }, critical_count, high_count }`; each
   *   finding is `{ plot_id, code, message }`.
   * @throws {@link @picterra/core!ValidationError} a bad id, date or plot list, before any request.
   * @throws {@link @picterra/core!OperationFailedError} the precheck itself failed.
   * @group Analyses
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const wanted = ["PLOT-1", "PLOT-9"]; // PLOT-9 is not in the group
   * const precheck = await tracer.analyzePlotsPrecheck(groupId, "Harvest 2025", wanted, "2021-01-01", "2025-12-31");
   * const critical = new Set(precheck.errors.critical.map((issue) => issue.plot_id));
   * const plotIds = wanted.filter((id) => !critical.has(id)); // ["PLOT-1"]
   * console.log(precheck.status, precheck.critical_count, plotIds);
   * ```
   */
  analyzePlotsPrecheck(
    plotsGroupId: string,
    analysisName: string,
    plotIds: string[],
    dateFrom: PlainDate,
    dateTo: PlainDate,
    options?: TracerWaitOptions,
  ): Promise<PrecheckData>;

  /**
   * Analyses plots of a group for deforestation between two days, and waits for the analysis.
   *
   * Python: `TracerClient.analyze_plots`.
   *
   * @param plotsGroupId The group's id.
   * @param analysisName The analysis's name.
   * @param plotIds The plots to analyse.
   * @param dateFrom The first day, a `Date` or "YYYY-MM-DD".
   * @param dateTo The last day, a `Date` or "YYYY-MM-DD".
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The analysis's id.
   * @throws {@link @picterra/core!ValidationError} a bad id, date or plot list, before any request.
   * @throws {@link @picterra/core!OperationFailedError} a critical problem (see `analyzePlotsPrecheck`); `errors` say which.
   * @group Analyses
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", new Date());
   * console.log("analysis", analysisId);
   * ```
   */
  analyzePlots(
    plotsGroupId: string,
    analysisName: string,
    plotIds: string[],
    dateFrom: PlainDate,
    dateTo: PlainDate,
    options?: TracerWaitOptions,
  ): Promise<string>;

  /**
   * (beta) Lists the analyses of a plots group, one page at a time.
   *
   * Python: `TracerClient.list_plots_analyses`.
   *
   * @param plotsGroupId The group's id.
   * @param options `search`, `includeArchived`, `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link @picterra/core!ResultsPage}).
   * @throws {@link @picterra/core!ValidationError} a bad id or option, before any request.
   * @throws {@link @picterra/core!APIError} an unknown group or another error status.
   * @group Analyses
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * for await (const analysis of await tracer.listPlotsAnalyses(groupId)) console.log(analysis.id, analysis.name);
   * ```
   */
  listPlotsAnalyses(
    plotsGroupId: string,
    options?: ListPlotsAnalysesOptions,
  ): Promise<ResultsPage<PlotsAnalysis>>;

  /**
   * An analysis's information, with `url`, its page in Picterra's web interface.
   *
   * Python: `TracerClient.get_plots_analysis`.
   *
   * @param plotsAnalysisId The analysis's id.
   * @param options `signal`.
   * @returns `{ id, name, date_from, date_to, url }`.
   * @throws {@link @picterra/core!ValidationError} a bad id, before any request.
   * @throws {@link @picterra/core!APIError} an unknown analysis (404) or another error status.
   * @group Analyses
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * const analysis = await tracer.getPlotsAnalysis(analysisId);
   * console.log(analysis.date_from, analysis.date_to, analysis.url);
   * ```
   */
  getPlotsAnalysis(plotsAnalysisId: string, options?: CallOptions): Promise<PlotsAnalysis>;

  /**
   * The report types an analysis offers (its methodology's), as an array (not a page).
   *
   * Python: `TracerClient.list_plots_analysis_report_types`.
   *
   * @param plotsAnalysisId The analysis's id.
   * @param options `search`, `signal`.
   * @returns `[{ report_type, name }]`, e.g. `{ report_type: "eudr_export", name: "EUDR export (TRACES NT)" }`.
   * @throws {@link @picterra/core!ValidationError} a bad id, before any request.
   * @throws {@link @picterra/core!APIError} an unknown analysis or another error status.
   * @group Reports
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * for (const type of await tracer.listPlotsAnalysisReportTypes(analysisId)) console.log(type.report_type, type.name);
   * ```
   */
  listPlotsAnalysisReportTypes(
    plotsAnalysisId: string,
    options?: ListReportTypesOptions,
  ): Promise<ReportType[]>;

  /**
   * Lists the reports of an analysis, one page at a time.
   *
   * Python: `TracerClient.list_plots_analysis_reports`.
   *
   * @param plotsAnalysisId The analysis's id.
   * @param options `search`, `reportType`, `includeArchived`, `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link @picterra/core!ResultsPage}).
   * @throws {@link @picterra/core!ValidationError} a bad id or option, before any request.
   * @throws {@link @picterra/core!APIError} an unknown analysis or another error status.
   * @group Reports
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * await tracer.createPlotsAnalysisReport(analysisId, "Q4 export", ["PLOT-1"], "eudr_export");
   * const page = await tracer.listPlotsAnalysisReports(analysisId, { reportType: "eudr_export" });
   * for (const report of page) console.log(report.id, report.name);
   * ```
   */
  listPlotsAnalysisReports(
    plotsAnalysisId: string,
    options?: ListPlotsAnalysisReportsOptions,
  ): Promise<ResultsPage<PlotsAnalysisReport>>;

  /**
   * Checks whether a report of these plots would be made.
   *
   * Python: `TracerClient.create_plots_analysis_report_precheck`.
   *
   * @param plotsAnalysisId The analysis's id.
   * @param reportName The report's name.
   * @param plotIds Plots of the analysis.
   * @param reportType A `report_type` the analysis offers (see `listPlotsAnalysisReportTypes`).
   * @param options `metadata` (what the report type needs, e.g. `{ operator_name }`), `onStarted`, `onPoll`, `signal`.
   * @returns `{ status: "passed" }`.
   * @throws {@link @picterra/core!ValidationError} a bad id, name or plot list, before any request.
   * @throws {@link @picterra/core!OperationFailedError} the report would not be made: `errors` say why (an unknown type,
   *   missing metadata, a plot not in the analysis).
   * @group Reports
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * const check = await tracer.createPlotsAnalysisReportPrecheck(analysisId, "Q4 export", ["PLOT-1"], "eudr_export");
   * console.log(check.status); // "passed"
   * ```
   */
  createPlotsAnalysisReportPrecheck(
    plotsAnalysisId: string,
    reportName: string,
    plotIds: string[],
    reportType: string,
    options?: CreateReportOptions,
  ): Promise<{
    /** Always "passed": a precheck that finds a problem throws. */
    status: "passed";
  }>;

  /**
   * Makes a report of plots of an analysis, e.g. "eudr_export" (a PDF and a GeoJSON for the EU's TRACES NT).
   *
   * Python: `TracerClient.create_plots_analysis_report`.
   *
   * @param plotsAnalysisId The analysis's id.
   * @param reportName The report's name.
   * @param plotIds Plots of the analysis.
   * @param reportType A `report_type` the analysis offers.
   * @param options `metadata`, `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The report's id.
   * @throws {@link @picterra/core!ValidationError} a bad id, name or plot list, before any request.
   * @throws {@link @picterra/core!OperationFailedError} the report could not be made; `errors` say why.
   * @group Reports
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * const reportId = await tracer.createPlotsAnalysisReport(analysisId, "Q4 export", ["PLOT-1"], "eudr_export");
   * console.log("report", reportId);
   * ```
   */
  createPlotsAnalysisReport(
    plotsAnalysisId: string,
    reportName: string,
    plotIds: string[],
    reportType: string,
    options?: CreateReportOptions,
  ): Promise<string>;

  /**
   * A report and its artifacts (files), each with a fresh signed `download_url`.
   *
   * Python: `TracerClient.get_plots_analysis_report`.
   *
   * @param plotsAnalysisReportId The report's id.
   * @param options `signal`.
   * @returns `{ id, name, created_at, report_type, artifacts }`.
   * @throws {@link @picterra/core!ValidationError} a bad id, before any request.
   * @throws {@link @picterra/core!APIError} an unknown report (404) or another error status.
   * @group Reports
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * const reportId = await tracer.createPlotsAnalysisReport(analysisId, "Q4 export", ["PLOT-1"], "eudr_export");
   * const report = await tracer.getPlotsAnalysisReport(reportId);
   * for (const artifact of report.artifacts) console.log(artifact.filename, artifact.content_type, artifact.size_bytes);
   * ```
   */
  getPlotsAnalysisReport(plotsAnalysisReportId: string, options?: CallOptions): Promise<PlotsAnalysisReport>;

  /**
   * Downloads one artifact of a report (from `getPlotsAnalysisReport`): the storage `Response`, fetched without
   * the API key.
   *
   * Python: none (the Python client gives the URL).
   *
   * @param artifact The artifact, or anything with its `download_url`.
   * @param options `signal`.
   * @returns The storage answer (status 2xx).
   * @throws {@link @picterra/core!ValidationError} a `download_url` that is not an http(s) URL, before any request.
   * @throws {@link @picterra/core!APIError} storage answered an error status (an expired URL: get the report again).
   * @group Reports
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-1"], "2021-01-01", "2025-12-31");
   * const reportId = await tracer.createPlotsAnalysisReport(analysisId, "Q4 export", ["PLOT-1"], "eudr_export");
   * for (const artifact of (await tracer.getPlotsAnalysisReport(reportId)).artifacts) {
   *   const bytes = await (await tracer.downloadPlotsAnalysisReportArtifact(artifact)).arrayBuffer();
   *   console.log(artifact.filename, bytes.byteLength);
   * }
   * ```
   */
  downloadPlotsAnalysisReportArtifact(
    artifact: Pick<ReportArtifact, "download_url">,
    options?: CallOptions,
  ): Promise<Response>;
}
