import type { FeatureCollection } from "../../machinery/geojson";
import type { ResultsPage } from "../../machinery/pages";
import type { UploadBody, UploadOptions } from "../../machinery/uploads";
import type {
  EditRasterOptions,
  ImportRasterOptions,
  ListRastersOptions,
  UploadRasterOptions,
} from "../rasters";
import type { CallOptions, Operation, Raster } from "../schemas";

// The raster methods of `PicterraClient`, as the API reference shows them. The client's table of functions
// (src/client.ts) must match these signatures exactly; tsc checks it.

/** The raster methods of {@link PicterraClient}. */
export interface RasterMethods {
  /**
   * Uploads a raster (create → PUT the bytes to a signed URL → commit → wait for Picterra to process it) and
   * returns its id. `data` is a Blob/File, ArrayBuffer, typed array, ReadableStream or an `Uploader`
   * (`@picterra/node-fs` streams a file from disk). A failure before the commit deletes the pending raster.
   *
   * Python: `upload_raster` (which takes a file path: in Node, `uploadRaster` of `@picterra/node-fs` does).
   *
   * @param data The image: a GeoTIFF, a PNG or a JPEG.
   * @param name The raster's name in Picterra.
   * @param options `folderId`, `capturedAt`, `identityKey`, `multispectral` (default `true`), `cloudCoverage`,
   *   `userTag`; `onProgress({ loaded, total })`, `onCreated(id)`, `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The new raster's id, once it is ready.
   * @throws {@link ValidationError} bad input (a string path, an empty name...), before any request.
   * @throws {@link UploadError} a step after the create failed: names the raster and the step; `cause` is why.
   * @throws {@link APIError} Picterra refused the create call.
   * @throws {@link OperationFailedError} Picterra could not process the file (not an image, an unknown CRS).
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * // A 64 × 64 PNG; any GeoTIFF, PNG or JPEG of yours does (a File from an <input> in a browser).
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0));
   * const rasterId = await picterra.uploadRaster(png, "field.png", {
   *   onProgress: ({ loaded, total }) => console.log(`${loaded} / ${total} bytes`),
   * });
   * console.log("raster", rasterId);
   * ```
   */
  uploadRaster(data: UploadBody, name: string, options?: UploadRasterOptions): Promise<string>;

  /**
   * Lists the rasters the key can see, one page at a time, optionally filtered.
   *
   * Python: `list_rasters`.
   *
   * @param options Filters `folderId`, `searchString`, `userTag`, `maxCloudCoverage`, `capturedBefore`,
   *   `capturedAfter`, `hasVectorLayers`; `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}): `results`, `count`, `next()`; `for await` goes
   *   through every item of every following page.
   * @throws {@link ValidationError} a filter of the wrong type or out of range, before any request.
   * @throws {@link APIError} Picterra answered an error status.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const page = await picterra.listRasters({ searchString: "field", maxCloudCoverage: 20 });
   * console.log(`${page.count} rasters match`);
   * for await (const raster of page) console.log(raster.id, raster.name, raster.status);
   * ```
   */
  listRasters(options?: ListRastersOptions): Promise<ResultsPage<Raster>>;

  /**
   * A raster's information: name, status, folder, capture date, multispectral settings...
   *
   * Python: `get_raster`.
   *
   * @param rasterId The raster's id.
   * @param options `signal`.
   * @returns The raster as the API describes it.
   * @throws {@link ValidationError} an id that is not a plain id, before any request.
   * @throws {@link APIError} an unknown raster (status 404) or another error status.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const raster = await picterra.getRaster(rasterId);
   * console.log(raster.name, raster.status); // "field.png ready"
   * ```
   */
  getRaster(rasterId: string, options?: CallOptions): Promise<Raster>;

  /**
   * Changes a raster's metadata: only the fields given are sent.
   *
   * Python: `edit_raster`.
   *
   * @param rasterId The raster's id.
   * @param options `name`, `folderId`, `capturedAt`, `identityKey`, `multispectralBandSpecification`,
   *   `cloudCoverage`, `userTag`, `signal`.
   * @returns The raster's id.
   * @throws {@link ValidationError} a bad id or field, before any request.
   * @throws {@link APIError} an unknown raster or a refused change.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * await picterra.editRaster(rasterId, { name: "north field", capturedAt: "2025-06-01T10:00:00Z", cloudCoverage: 5 });
   * console.log((await picterra.getRaster(rasterId)).name); // "north field"
   * ```
   */
  editRaster(rasterId: string, options?: EditRasterOptions): Promise<string>;

  /**
   * Deletes a raster.
   *
   * Python: `delete_raster`.
   *
   * @param rasterId The raster's id.
   * @param options `signal`.
   * @returns Nothing, once it is deleted.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster (404) or another error status.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "scratch.png");
   * await picterra.deleteRaster(rasterId);
   * ```
   */
  deleteRaster(rasterId: string, options?: CallOptions): Promise<void>;

  /**
   * The signed URL a raster's file can be downloaded from: no API key is needed, and it expires.
   *
   * Python: the first half of `download_raster_to_file`.
   *
   * @param rasterId The raster's id.
   * @param options `signal`.
   * @returns The URL.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster or another error status.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const url = await picterra.getRasterDownloadUrl(rasterId);
   * const bytes = await (await fetch(url)).arrayBuffer(); // no key: the URL is signed
   * console.log(bytes.byteLength === png.byteLength);
   * ```
   */
  getRasterDownloadUrl(rasterId: string, options?: CallOptions): Promise<string>;

  /**
   * Downloads a raster's file: the storage `Response`, whose body streams the bytes (the web twin of
   * `downloadRasterToFile` of `@picterra/node-fs`).
   *
   * Python: `download_raster_to_file`.
   *
   * @param rasterId The raster's id.
   * @param options `signal`.
   * @returns The storage answer (status 2xx); read it with `arrayBuffer()`, `blob()` or `body`.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster, or storage answered an error status.
   * @throws {@link NetworkError} the connection to storage failed.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const response = await picterra.downloadRaster(rasterId);
   * const copy = new Uint8Array(await response.arrayBuffer());
   * console.log(copy.length, "bytes");
   * ```
   */
  downloadRaster(rasterId: string, options?: CallOptions): Promise<Response>;

  /**
   * (experimental) Sets a raster's detection areas, where detectors run on it, from a GeoJSON FeatureCollection
   * of Polygon/MultiPolygon in WGS 84 (the web twin of `setRasterDetectionAreasFromFile` of `@picterra/node-fs`).
   *
   * Python: `set_raster_detection_areas_from_file`.
   *
   * @param rasterId The raster's id.
   * @param areas The areas: a FeatureCollection (checked before any request), or its bytes.
   * @param options `onProgress`, `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns Nothing, once Picterra has applied them.
   * @throws {@link ValidationError} a bad id, or areas that are not polygons in longitude/latitude.
   * @throws {@link UploadError} the upload failed after its create step.
   * @throws {@link OperationFailedError} Picterra refused the areas.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const areas: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0, 0], [0.00003, 0], [0.00003, -0.00003], [0, -0.00003], [0, 0]]] } }],
   * };
   * await picterra.setRasterDetectionAreas(rasterId, areas);
   * ```
   */
  setRasterDetectionAreas(
    rasterId: string,
    areas: FeatureCollection | UploadBody,
    options?: UploadOptions<Operation>,
  ): Promise<void>;

  /**
   * (experimental) Removes a raster's detection areas: detectors run on the whole raster again.
   *
   * Python: `remove_raster_detection_areas`.
   *
   * @param rasterId The raster's id.
   * @param options `signal`.
   * @returns Nothing, once they are removed.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster or another error status.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * await picterra.removeRasterDetectionAreas(rasterId);
   * ```
   */
  removeRasterDetectionAreas(rasterId: string, options?: CallOptions): Promise<void>;

  /**
   * (experimental) Imports a raster from one of Picterra's remote imagery sources over an area of interest, and
   * returns the new raster's id (the web twin of `importRasterFromRemoteSource` of `@picterra/node-fs`, which
   * reads the AOI from a file).
   *
   * Python: `import_raster_from_remote_source`.
   *
   * @param rasterName The new raster's name.
   * @param folderId The folder it goes to.
   * @param sourceId The imagery source's id (from Picterra's web interface).
   * @param aoi The area: a FeatureCollection of Polygon/MultiPolygon in WGS 84, or its bytes.
   * @param options `method` (only `"streaming"`), `onProgress`, `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The new raster's id, once imported.
   * @throws {@link ValidationError} bad ids or an AOI that is not polygons in longitude/latitude.
   * @throws {@link UploadError} the AOI's upload failed after its create step.
   * @throws {@link OperationFailedError} Picterra could not import it.
   * @group Rasters
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const folderId = await picterra.createFolder("imports");
   * const aoi: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[8.54, 47.37], [8.55, 47.37], [8.55, 47.38], [8.54, 47.38], [8.54, 47.37]]] } }],
   * };
   * const sourceId = "8c9d3c1e-5a4e-4e9c-9a8d-1a2b3c4d5e6f"; // an imagery source of your account
   * const rasterId = await picterra.importRasterFromRemoteSource("Zurich 2025", folderId, sourceId, aoi);
   * console.log("imported", rasterId);
   * ```
   */
  importRasterFromRemoteSource(
    rasterName: string,
    folderId: string,
    sourceId: string,
    aoi: FeatureCollection | UploadBody,
    options?: ImportRasterOptions,
  ): Promise<string>;
}
