import type { ResultsPage } from "@picterra/core/machinery";
import type { ListMethodologiesOptions } from "../methodologies";
import type { PlotsFiles } from "../plots-files";
import type {
  CreatePlotsGroupOptions,
  ListPlotsGroupsOptions,
  UpdatePlotsGroupPlotsOptions,
} from "../plots-groups";
import type {
  CallOptions,
  ExportFormat,
  Methodology,
  Operation,
  PlotsGroup,
  TracerWaitOptions,
} from "../schemas";

// The methodology and plots group methods of `TracerClient`, as the API reference shows them; src/client.ts's
// table must match.

/** The methodology and plots group methods of {@link TracerClient}. */
export interface PlotsMethods {
  /**
   * Lists the methodologies (one per commodity and regulation, e.g. "Coffee - EUDR"), one page at a time.
   *
   * Python: `TracerClient.list_methodologies`.
   *
   * @param options `search` (by name), `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link @picterra/core!ResultsPage}) of `{ id, name }`.
   * @throws {@link @picterra/core!ValidationError} an option of the wrong type, before any request.
   * @throws {@link @picterra/core!APIError} Picterra answered an error status.
   * @group Methodologies
   * @example
   * ```ts
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient();
   * for await (const methodology of await tracer.listMethodologies()) console.log(methodology.id, methodology.name);
   * ```
   */
  listMethodologies(options?: ListMethodologiesOptions): Promise<ResultsPage<Methodology>>;

  /**
   * Creates a plots group that follows a methodology and uploads plots files into it. A plots file is a `File`
   * (its name goes with it), a `Blob`, a GeoJSON FeatureCollection of Polygon/MultiPolygon features each with a
   * string `properties.plot_id`, or `{ filename, body }` (in Node, `createPlotsGroup` of
   * `@picterra/node-fs/tracer` takes paths).
   *
   * Python: `TracerClient.create_plots_group`.
   *
   * @param name The group's name.
   * @param methodologyId The methodology's id (see `listMethodologies`).
   * @param plotsFiles One plots file or several.
   * @param options `columns` (the group's custom column values), `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The new group's id.
   * @throws {@link @picterra/core!ValidationError} a bad name, id or FeatureCollection (no `plot_id`, not WGS 84), before any request.
   * @throws {@link @picterra/core!UploadError} the group was made but its plots could not be added: `id` is the group's.
   * @throws {@link @picterra/core!OperationFailedError} Picterra refused the group.
   * @group Plots groups
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * // In a browser, a File from <input type="file">; in Node, see @picterra/node-fs/tracer.
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots, { columns: { cooperative: "Kaffa" } });
   * console.log("plots group", groupId);
   * ```
   */
  createPlotsGroup(
    name: string,
    methodologyId: string,
    plotsFiles: PlotsFiles,
    options?: CreatePlotsGroupOptions,
  ): Promise<string>;

  /**
   * Adds plots files to a group (a plot with the same `plot_id` is replaced), or with
   * `{ deleteExistingPlots: true }` replaces all its plots.
   *
   * Python: `TracerClient.update_plots_group_plots`.
   *
   * @param plotsGroupId The group's id.
   * @param plotsFiles One plots file or several.
   * @param options `deleteExistingPlots` (default false), `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The finished operation.
   * @throws {@link @picterra/core!ValidationError} a bad id or FeatureCollection, before any request.
   * @throws {@link @picterra/core!UploadError} a file's upload failed after its create step.
   * @throws {@link @picterra/core!OperationFailedError} a file is no valid plots file; `errors` name it.
   * @group Plots groups
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
   * const more: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-2" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.3, 5.9], [-6.29, 5.9], [-6.29, 5.91], [-6.3, 5.91], [-6.3, 5.9]]] } }],
   * };
   * await tracer.updatePlotsGroupPlots(groupId, more); // the group now holds PLOT-1 and PLOT-2
   * ```
   */
  updatePlotsGroupPlots(
    plotsGroupId: string,
    plotsFiles: PlotsFiles,
    options?: UpdatePlotsGroupPlotsOptions,
  ): Promise<Operation>;

  /**
   * (beta) Lists the plots groups, one page at a time.
   *
   * Python: `TracerClient.list_plots_groups`.
   *
   * @param options `search`, `includeArchived`, `methodology` (a name), `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link @picterra/core!ResultsPage}).
   * @throws {@link @picterra/core!ValidationError} an option of the wrong type, before any request.
   * @throws {@link @picterra/core!APIError} Picterra answered an error status.
   * @group Plots groups
   * @example
   * ```ts
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient();
   * const page = await tracer.listPlotsGroups({ methodology: "Coffee - EUDR" });
   * for (const group of page) console.log(group.id, group.name);
   * ```
   */
  listPlotsGroups(options?: ListPlotsGroupsOptions): Promise<ResultsPage<PlotsGroup>>;

  /**
   * A plots group's information, its methodology by name.
   *
   * Python: `TracerClient.get_plots_group`.
   *
   * @param plotsGroupId The group's id.
   * @param options `signal`.
   * @returns `{ id, name, created_at, methodology }`.
   * @throws {@link @picterra/core!ValidationError} a bad id, before any request.
   * @throws {@link @picterra/core!APIError} an unknown group (404) or another error status.
   * @group Plots groups
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
   * const group = await tracer.getPlotsGroup(groupId);
   * console.log(group.name, group.methodology); // "Farms 2025 Coffee - EUDR"
   * ```
   */
  getPlotsGroup(plotsGroupId: string, options?: CallOptions): Promise<PlotsGroup>;

  /**
   * Exports a plots group and returns the signed URL of the file: no API key is needed, and it expires.
   *
   * Python: the first half of `TracerClient.download_plots_group_to_file`.
   *
   * @param plotsGroupId The group's id.
   * @param format "geojson" or "excel".
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The URL.
   * @throws {@link @picterra/core!ValidationError} a bad id or format, before any request.
   * @throws {@link @picterra/core!OperationFailedError} the export failed.
   * @group Plots groups
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
   * const url = await tracer.getPlotsGroupExportUrl(groupId, "geojson");
   * console.log((await (await fetch(url)).json()).features.length, "plots");
   * ```
   */
  getPlotsGroupExportUrl(
    plotsGroupId: string,
    format: ExportFormat,
    options?: TracerWaitOptions,
  ): Promise<string>;

  /**
   * Exports a plots group: the storage `Response` of the file (the web twin of `downloadPlotsGroupToFile` of
   * `@picterra/node-fs/tracer`).
   *
   * Python: `TracerClient.download_plots_group_to_file`.
   *
   * @param plotsGroupId The group's id.
   * @param format "geojson" or "excel".
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The storage answer (status 2xx).
   * @throws {@link @picterra/core!ValidationError} a bad id or format, before any request.
   * @throws {@link @picterra/core!OperationFailedError} the export failed.
   * @throws {@link @picterra/core!APIError} an error status from the API or storage.
   * @group Plots groups
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
   * const excel = await (await tracer.downloadPlotsGroup(groupId, "excel")).blob();
   * console.log(excel.size, "bytes of Excel workbook");
   * ```
   */
  downloadPlotsGroup(
    plotsGroupId: string,
    format: ExportFormat,
    options?: TracerWaitOptions,
  ): Promise<Response>;
}
