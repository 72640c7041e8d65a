import type { FeatureCollection } from "../../machinery/geojson";
import type { PageOptions, ResultsPage } from "../../machinery/pages";
import type { UploadBody } from "../../machinery/uploads";
import type { ForgeWaitOptions } from "../operations";
import type { CallOptions, Marker, VectorLayer, VectorLayerSummary } from "../schemas";
import type {
  EditVectorLayerOptions,
  ListRasterVectorLayersOptions,
  VectorLayerOptions,
} from "../vector-layers";

// The vector layer and marker methods of `PicterraClient`, as the API reference shows them; src/client.ts's
// table must match.

/** The vector layer methods of {@link PicterraClient}: polygons on a raster, yours or a detector's. */
export interface VectorLayerMethods {
  /**
   * (beta) Lists the vector layers on a raster (a detection makes one per class), one page at a time.
   *
   * Python: `list_raster_vector_layers`.
   *
   * @param rasterId The raster's id.
   * @param options `search` (by name), `detectorId` (made by that detector), `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}).
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster or another error status.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.runDetector(detectorId, rasterId);
   * for await (const layer of await picterra.listRasterVectorLayers(rasterId, { detectorId })) {
   *   console.log(layer.id, layer.name, layer.count);
   * }
   * ```
   */
  listRasterVectorLayers(
    rasterId: string,
    options?: ListRasterVectorLayersOptions,
  ): Promise<ResultsPage<VectorLayerSummary>>;

  /**
   * (beta) Uploads polygons (a GeoJSON FeatureCollection in WGS 84, or its bytes) as a vector layer on a raster.
   *
   * Python: `upload_vector_layer` (which takes a file path: in Node, `uploadVectorLayer` of `@picterra/node-fs`).
   *
   * @param rasterId The raster's id.
   * @param geojson The layer: a FeatureCollection (checked before any request), or its bytes.
   * @param options `name`, `color` ("#aabbcc"), `onProgress`, `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The new layer's id.
   * @throws {@link ValidationError} a bad id, color or GeoJSON, before any request.
   * @throws {@link UploadError} the upload failed after its create step.
   * @throws {@link OperationFailedError} Picterra refused the layer.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const trees: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { species: "oak" }, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00002, -0.00001], [0.00002, -0.00002], [0.00001, -0.00001]]] } }],
   * };
   * const layerId = await picterra.uploadVectorLayer(rasterId, trees, { name: "trees", color: "#00aa00" });
   * console.log("layer", layerId);
   * ```
   */
  uploadVectorLayer(
    rasterId: string,
    geojson: FeatureCollection | UploadBody,
    options?: VectorLayerOptions,
  ): Promise<string>;

  /**
   * (beta, deprecated by Picterra) A vector layer's information with its `geojson_urls`, as the API answered
   * before 2024. Download a layer with `downloadVectorLayer` instead.
   *
   * Python: none since 2024.
   *
   * @param vectorLayerId The layer's id.
   * @param options `signal`.
   * @returns The layer's information.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown layer or another error status.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const trees: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00002, -0.00001], [0.00002, -0.00002], [0.00001, -0.00001]]] } }],
   * };
   * const layerId = await picterra.uploadVectorLayer(rasterId, trees, { name: "trees" });
   * const layer = await picterra.getVectorLayer(layerId);
   * console.log(layer.name, layer.count);
   * ```
   */
  getVectorLayer(vectorLayerId: string, options?: CallOptions): Promise<VectorLayer>;

  /**
   * (beta) Prepares a vector layer's download (an operation since 2024) and returns the signed URL of its GeoJSON,
   * a FeatureCollection of Polygons: no API key is needed, and it expires.
   *
   * Python: the first half of `download_vector_layer_to_file`.
   *
   * @param vectorLayerId The layer's id.
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The URL.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link OperationFailedError} the export failed.
   * @throws {@link APIError} an unknown layer or another error status.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const trees: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00002, -0.00001], [0.00002, -0.00002], [0.00001, -0.00001]]] } }],
   * };
   * const layerId = await picterra.uploadVectorLayer(rasterId, trees);
   * const url = await picterra.getVectorLayerDownloadUrl(layerId);
   * console.log((await (await fetch(url)).json()).features.length, "polygons");
   * ```
   */
  getVectorLayerDownloadUrl(vectorLayerId: string, options?: ForgeWaitOptions): Promise<string>;

  /**
   * (beta) Downloads a vector layer: its FeatureCollection of Polygons (the web twin of
   * `downloadVectorLayerToFile` of `@picterra/node-fs`).
   *
   * Python: `download_vector_layer_to_file`.
   *
   * @param vectorLayerId The layer's id.
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The layer's polygons, each keeping its properties.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link OperationFailedError} the export failed.
   * @throws {@link APIError} an unknown layer, or an error status from the API or storage.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const trees: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { species: "oak" }, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00002, -0.00001], [0.00002, -0.00002], [0.00001, -0.00001]]] } }],
   * };
   * const layerId = await picterra.uploadVectorLayer(rasterId, trees);
   * const copy = await picterra.downloadVectorLayer(layerId);
   * console.log(copy.features[0]?.properties); // { species: "oak" }
   * ```
   */
  downloadVectorLayer(vectorLayerId: string, options?: ForgeWaitOptions): Promise<FeatureCollection>;

  /**
   * (beta) Changes a vector layer's name and/or color.
   *
   * Python: `edit_vector_layer`.
   *
   * @param vectorLayerId The layer's id.
   * @param options `name`, `color` ("#aabbcc"), `signal`.
   * @returns Nothing, once changed.
   * @throws {@link ValidationError} a bad id or color, before any request.
   * @throws {@link APIError} an unknown layer or another error status.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const trees: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00002, -0.00001], [0.00002, -0.00002], [0.00001, -0.00001]]] } }],
   * };
   * const layerId = await picterra.uploadVectorLayer(rasterId, trees, { name: "trees" });
   * await picterra.editVectorLayer(layerId, { name: "oaks", color: "#336600" });
   * ```
   */
  editVectorLayer(vectorLayerId: string, options?: EditVectorLayerOptions): Promise<void>;

  /**
   * (beta) Deletes a vector layer.
   *
   * Python: `delete_vector_layer`.
   *
   * @param vectorLayerId The layer's id.
   * @param options `signal`.
   * @returns Nothing, once deleted.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown layer (404) or another error status.
   * @group Vector layers
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const trees: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00002, -0.00001], [0.00002, -0.00002], [0.00001, -0.00001]]] } }],
   * };
   * const layerId = await picterra.uploadVectorLayer(rasterId, trees);
   * await picterra.deleteVectorLayer(layerId);
   * ```
   */
  deleteVectorLayer(vectorLayerId: string, options?: CallOptions): Promise<void>;
}

/** The marker methods of {@link PicterraClient}: notes pinned on a raster. */
export interface MarkerMethods {
  /**
   * (beta) Lists the markers on a raster, one page at a time.
   *
   * Python: `list_raster_markers`.
   *
   * @param rasterId The raster's id.
   * @param options `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}).
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster or another error status.
   * @group Markers
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * await picterra.createMarker(rasterId, null, 0.00002, -0.00002, "check this tree");
   * for await (const marker of await picterra.listRasterMarkers(rasterId)) console.log(marker.text);
   * ```
   */
  listRasterMarkers(rasterId: string, options?: PageOptions): Promise<ResultsPage<Marker>>;

  /**
   * (beta) Creates a marker at (lng, lat) on a raster; with a detector's id, on that detector's training raster.
   *
   * Python: `create_marker`.
   *
   * @param rasterId The raster's id.
   * @param detectorId A detector the raster trains, or `null` for the raster alone.
   * @param lng Longitude, in degrees (WGS 84).
   * @param lat Latitude, in degrees (WGS 84).
   * @param text The marker's text.
   * @param options `signal`.
   * @returns The marker.
   * @throws {@link ValidationError} a bad id or a position out of range, before any request.
   * @throws {@link APIError} an unknown raster or detector, or another error status.
   * @group Markers
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const marker = await picterra.createMarker(rasterId, null, 0.00002, -0.00002, "check this tree");
   * console.log(marker.id, marker.marker.coordinates);
   * ```
   */
  createMarker(
    rasterId: string,
    detectorId: string | null,
    lng: number,
    lat: number,
    text: string,
    options?: CallOptions,
  ): Promise<Marker>;
}
