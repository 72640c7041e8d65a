import { ApiClient, type ClientOptions, type Methods } from "@picterra/core/machinery";
import * as account from "./account";
import type { TracerAccountMethods } from "./methods/account";
import type { AnalysisMethods } from "./methods/analyses";
import type { PlotsMethods } from "./methods/plots";
import * as analyses from "./analyses";
import type { paths } from "./generated/picterra-tracer-v1";
import * as methodologies from "./methodologies";
import * as plotsGroups from "./plots-groups";
import * as reports from "./reports";
import type { Tracer } from "./schemas";

declare const __PICTERRA_VERSION__: string;

/** This package's version, sent in the User-Agent as `picterra-ts/<version>`. */
export const VERSION: string = __PICTERRA_VERSION__;

/** Where Tracer (plots analysis API v1) lives under Picterra's site root. */
export const TRACER_API_PATH = "public/api/plots_analysis/v1/";

/**
 * Every method of the client under its Python name (camelCase; required arguments positional, optional ones in
 * a trailing options object), from the module of its resource.
 */
const TRACER_METHODS = {
  // account
  /** (alpha) Who the API key belongs to: `{ user_id, organization_id, organization_name }`. */
  getUserInfo: account.getUserInfo,
  // methodologies
  /** Lists the methodologies (e.g. "Coffee - EUDR"), one page at a time; `search` filters by name. */
  listMethodologies: methodologies.listMethodologies,
  // plots groups
  /**
   * Creates a plots group that follows a methodology, uploads the plots files into it (merged, as a fresh
   * upload each) and returns its id. A plots file is a `File` (its name goes with it), a `Blob`, a GeoJSON
   * FeatureCollection of Polygon/MultiPolygon features each with a string `properties.plot_id`, or
   * `{ filename, body }`; `{ columns }` sets the group's custom columns. A failure once the group exists is an
   * `UploadError` whose `id` is the group's.
   */
  createPlotsGroup: plotsGroups.createPlotsGroup,
  /**
   * Adds plots files to a group (a plot with the same `plot_id` is replaced), or with
   * `{ deleteExistingPlots: true }` replaces all its plots; returns the finished operation.
   */
  updatePlotsGroupPlots: plotsGroups.updatePlotsGroupPlots,
  /** (beta) Lists the plots groups; `search`, `includeArchived`, `methodology` (a name) filter them. */
  listPlotsGroups: plotsGroups.listPlotsGroups,
  /** A plots group's information (its methodology by name). */
  getPlotsGroup: plotsGroups.getPlotsGroup,
  /**
   * Exports a plots group ("geojson" or "excel") and returns the signed URL of the file (no API key needed; it
   * expires), e.g. for `@picterra/node-fs` to stream it to disk.
   */
  getPlotsGroupExportUrl: plotsGroups.getPlotsGroupExportUrl,
  /** Exports a plots group ("geojson" or "excel"): the storage `Response` (web twin of downloadPlotsGroupToFile). */
  downloadPlotsGroup: plotsGroups.downloadPlotsGroup,
  // analyses
  /**
   * Checks, without analysing, whether an analysis of these plots over these dates (each a `Date` or
   * "YYYY-MM-DD") would run: `{ status, errors: { critical, high }, critical_count, high_count }`.
   */
  analyzePlotsPrecheck: analyses.analyzePlotsPrecheck,
  /**
   * Analyses plots of a group for deforestation between two dates (each a `Date` or "YYYY-MM-DD") and returns
   * the analysis id; a critical problem (see analyzePlotsPrecheck) fails it with an `OperationFailedError`.
   */
  analyzePlots: analyses.analyzePlots,
  /** (beta) Lists the analyses of a plots group. */
  listPlotsAnalyses: analyses.listPlotsAnalyses,
  /** An analysis's information, with `url`, its page in Picterra's web interface. */
  getPlotsAnalysis: analyses.getPlotsAnalysis,
  // reports
  /** The report types an analysis offers (`{ report_type, name }`), as an array (not a page). */
  listPlotsAnalysisReportTypes: reports.listPlotsAnalysisReportTypes,
  /** Lists the reports of an analysis; `search`, `reportType`, `includeArchived` filter them. */
  listPlotsAnalysisReports: reports.listPlotsAnalysisReports,
  /**
   * Checks whether a report of these plots would be made: `{ status: "passed" }`, else an
   * `OperationFailedError` whose `errors` say why; `{ metadata }` as the report type needs it.
   */
  createPlotsAnalysisReportPrecheck: reports.createPlotsAnalysisReportPrecheck,
  /** Makes a report of plots of an analysis (e.g. report type "eudr_export") and returns its id. */
  createPlotsAnalysisReport: reports.createPlotsAnalysisReport,
  /** A report and its artifacts (files), each with a fresh signed `download_url`. */
  getPlotsAnalysisReport: reports.getPlotsAnalysisReport,
  /** Downloads one artifact of a report (from getPlotsAnalysisReport): the storage `Response`, fetched without the key. */
  downloadPlotsAnalysisReportArtifact: reports.downloadPlotsAnalysisReportArtifact,
  // authorization
  /** (beta) Who was granted which role on a "plots_group", a "plots_analysis" or a "methodology". */
  getAuthorizationGrants: account.getAuthorizationGrants,
  /** (beta) Sets who may see or edit a resource: `{ grants: [{ grantee: { type, id }, role }] }`. */
  setAuthorizationGrants: account.setAuthorizationGrants,
};

/**
 * Creates a Tracer client. Under the `node` export condition (Node, Bun, Deno) its API calls go over
 * `node:http` with a keep-alive agent (core's `nodeTransport`), elsewhere through the global `fetch`, unless
 * `options` give a `transport` or a `fetch`. Throws at once when no API key is given or found in
 * `PICTERRA_API_KEY`.
 */
export function createTracerClient(options: ClientOptions = {}): TracerClient {
  return new TracerClient(options);
}

/** The methods of `TracerClient`, one per entry of the table above, as the API reference documents them. */
export interface TracerMethods extends PlotsMethods, AnalysisMethods, TracerAccountMethods {}

/** `true` when A and B are the same type (each assignable to the other, parameters and results included). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The table installs exactly the documented methods (src/methods/), with the documented signatures. */
const TABLE_MATCHES_DOCS: Same<
  Methods<Tracer, typeof TRACER_METHODS>,
  Pick<TracerMethods, keyof TracerMethods>
> = true;
void TABLE_MATCHES_DOCS;

// The class's methods come from the table (installed in its static block); this interface declares them.
export interface TracerClient extends TracerMethods {}

/**
 * The Picterra Tracer client (plots analysis API v1): every method of Picterra's Python `TracerClient`
 * (camelCase, required arguments positional, optional ones in a trailing options object), plus `api`, the raw
 * typed openapi-fetch client. `new TracerClient(options)` sends API calls through the global `fetch` unless
 * `options` give a `transport` (e.g. core's `nodeTransport` in Node) or a `fetch`; `createTracerClient` in Node
 * passes `nodeTransport` itself.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above.
export class TracerClient extends ApiClient<paths> {
  /**
   * The raw typed openapi-fetch client, e.g. `api.GET("/plots_groups/{plots_group_id}/", ...)`; key and
   * timeout are set.
   */
  declare readonly api: Tracer["api"];

  constructor(options: ClientOptions = {}) {
    super(options, { path: TRACER_API_PATH, version: VERSION });
  }

  static {
    ApiClient.install(TracerClient, TRACER_METHODS);
  }
}
