import type { Client, Middleware } from "openapi-fetch";
import { canSetUserAgent, readEnv } from "./env";
import { PicterraError, ValidationError } from "./errors";
import type { ClassResultFeature, FeatureCollection, MultiPolygon, Polygon } from "./geojson";
import type { paths } from "./generated/picterra-v2";
import { schemaValues } from "./generated/picterra-v2.values";
import { type WaitOptions, getOperation, waitForOperation } from "./operations";
import { ResultsPage } from "./pagination";
import type {
  AnnotationType,
  Detector,
  DetectorConfiguration,
  Folder,
  FolderDetector,
  Marker,
  MultispectralBandSpecification,
  Operation,
  OperationRef,
  OperationResults,
  Page,
  Raster,
  TrainingRaster,
  VectorLayer,
  VectorLayerSummary,
} from "./schemas";
import { type FetchLike, Transport } from "./transport";
import { type UploadBody, type UploadOptions, isUploadBody, jsonBody, uploadViaSignedUrl } from "./uploads";
import {
  checkBoolean,
  checkColor,
  checkDateTime,
  checkEnum,
  checkFeatureCollection,
  checkFiniteNumber,
  checkId,
  checkInteger,
  checkNumber,
  checkPlainObject,
  checkPolygonCollection,
  checkString,
} from "./validate";

declare const __PICTERRA_VERSION__: string;

/** This package's version, sent in the User-Agent as `picterra-ts/<version>`. */
export const VERSION: string = __PICTERRA_VERSION__;

/** Picterra's public API v2. */
export const DEFAULT_BASE_URL = "https://app.picterra.ch/public/api/v2/";

/** Options of `createClient`. */
export interface ClientOptions {
  /** The API key; defaults to the `PICTERRA_API_KEY` environment variable where there is one. */
  apiKey?: string;
  /** The API's base URL; defaults to `PICTERRA_BASE_URL`, else Picterra's public API v2. */
  baseUrl?: string;
  /**
   * How long one API call may take, in ms, retries by middleware included (storage transfers have no timeout).
   * Default 30 000.
   */
  timeoutMs?: number;
  /** The fetch to use for API calls and storage transfers; defaults to the global `fetch`. */
  fetch?: FetchLike;
  /**
   * The fetch for storage transfers (signed URLs: no API key, no timeout); defaults to `fetch`. E.g.
   * `retryingFetch()` from `@picterra/retry` to retry storage GETs too.
   */
  storageFetch?: FetchLike;
  /** openapi-fetch middleware, run on every API call in order (e.g. `retry()` from `@picterra/retry`). */
  middleware?: Middleware[];
  /** Prepended to the User-Agent, e.g. `"my-app/1.2"` (where the runtime lets us set it). */
  userAgent?: string;
}

/** A trailing options object that only carries an abort signal. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options that page through a list. */
export interface PageOptions extends CallOptions {
  /** The page to start from (1-based). Default 1. */
  pageNumber?: number;
  /** How many items a page holds (the server's default when omitted). */
  pageSize?: number;
}

export type DetectionType = NonNullable<DetectorConfiguration["detection_type"]>;
export type OutputType = NonNullable<DetectorConfiguration["output_type"]>;
export type Backbone = NonNullable<DetectorConfiguration["backbone"]>;

/** A detector's settings, in camelCase. */
export interface DetectorSettings {
  /** 'count' or 'segmentation'. */
  detectionType?: DetectionType;
  /** 'polygon' or 'bbox'. */
  outputType?: OutputType;
  /** An integer from 500 to 40 000. */
  trainingSteps?: number;
  /** 'resnet18', 'resnet34' or 'resnet50'. */
  backbone?: Backbone;
  /** Tile size in pixels (see the HTTP API docs for the allowed values). */
  tileSize?: number;
  /** Background sample ratio, from 0 to 1. */
  backgroundSampleRatio?: number;
}

export interface CreateDetectorOptions extends DetectorSettings, CallOptions {
  name?: string;
}
export interface EditDetectorOptions extends DetectorSettings, CallOptions {
  name?: string;
}

/** A raster's metadata, in camelCase. */
export interface RasterMetadata {
  /** Id of the folder the raster lives in. */
  folderId?: string;
  /** ISO-8601 date and time of capture, e.g. "2020-01-01T12:34:56.789Z". */
  capturedAt?: string;
  /** A personal identifier for the raster. */
  identityKey?: string;
  /** Cloud coverage in percent (0–100). */
  cloudCoverage?: number;
  /** (beta) Raster tag. */
  userTag?: string;
}

export interface UploadRasterOptions extends RasterMetadata, UploadOptions {
  /** Whether the raster is multispectral (it can then have a band specification). Default false. */
  multispectral?: boolean;
}

export interface EditRasterOptions extends RasterMetadata, CallOptions {
  name?: string;
  multispectralBandSpecification?: MultispectralBandSpecification;
}

export interface ListRastersOptions extends PageOptions {
  folderId?: string;
  searchString?: string;
  /** (beta) */
  userTag?: string;
  /** (beta) 0–100. */
  maxCloudCoverage?: number;
  /** ISO-8601 date-time. */
  capturedBefore?: string;
  /** ISO-8601 date-time. */
  capturedAfter?: string;
  /** (beta) */
  hasVectorLayers?: boolean;
}

export interface ListDetectorsOptions extends PageOptions {
  searchString?: string;
  /** (beta) */
  userTag?: string;
  /** (beta) */
  isShared?: boolean;
}

export interface ListRasterVectorLayersOptions extends PageOptions {
  /** Only layers whose name matches. */
  search?: string;
  /** Only layers made by this detector. */
  detectorId?: string;
}

export interface RunDetectorOptions extends WaitOptions {
  /** A second raster, for change detection. */
  secondaryRasterId?: string;
}

export interface ImportRasterOptions extends UploadOptions {
  /** How the remote imagery is imported; only 'streaming' exists. */
  method?: "streaming";
}

export interface VectorLayerOptions extends UploadOptions {
  name?: string;
  /** An HTML hex color, e.g. '#aabbcc'. */
  color?: string;
}

export interface EditVectorLayerOptions extends CallOptions {
  name?: string;
  /** An HTML hex color, e.g. '#aabbcc'. */
  color?: string;
}

// Allowed values and defaults come from the OpenAPI document (generated), so the checks cannot drift from it.
const values = schemaValues;

/** The settings a new detector gets, as in the Python client (the document's defaults). */
export const DETECTOR_DEFAULTS: Required<DetectorSettings> = {
  detectionType: values.DetectionType.default,
  outputType: values.OutputType.default,
  trainingSteps: values.TrainingSteps.default,
  backbone: values.Backbone.default,
  tileSize: values.TileSize.default,
  backgroundSampleRatio: values.BackgroundSampleRatio.default,
};

// The document gives tile sizes no maximum; 100 000 px still catches a unit mistake before a request.
const TILE_SIZE_MAX = 100_000;

/** Creates a Picterra client. Throws at once when no API key is given or found in `PICTERRA_API_KEY`. */
export function createClient(options: ClientOptions = {}): PicterraClient {
  return new PicterraClient(options);
}

/**
 * The Picterra API v2 client: every method of Picterra's Python client (camelCase, required arguments
 * positional, optional ones in a trailing options object), plus `api`, the raw typed openapi-fetch client.
 */
export class PicterraClient {
  /** The raw typed openapi-fetch client, e.g. `api.GET("/rasters/{raster_id}/", ...)`; the API key is set. */
  readonly api: Client<paths>;
  /** The base URL every API path is relative to (no trailing slash). */
  readonly baseUrl: string;
  private readonly t: Transport;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("PICTERRA_API_KEY");
    if (!apiKey) {
      throw new ValidationError(
        "no Picterra API key: pass createClient({ apiKey }) or set the PICTERRA_API_KEY environment variable",
      );
    }
    const baseUrl = options.baseUrl ?? readEnv("PICTERRA_BASE_URL") ?? DEFAULT_BASE_URL;
    try {
      new URL(baseUrl);
    } catch {
      throw new ValidationError(`baseUrl must be an absolute URL, got '${baseUrl}'`);
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(timeoutMs > 0)) throw new ValidationError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    const agent = `${options.userAgent ? `${options.userAgent} ` : ""}picterra-ts/${VERSION}`;
    this.t = new Transport({
      apiKey,
      baseUrl,
      timeoutMs,
      fetch: options.fetch,
      storageFetch: options.storageFetch,
      middleware: options.middleware ?? [],
      headers: canSetUserAgent() ? { "User-Agent": agent } : {},
    });
    this.api = this.t.api;
    this.baseUrl = this.t.baseUrl;
  }

  // ---- rasters ----------------------------------------------------------------------------------------

  /**
   * Uploads a raster (create → PUT the bytes to a signed URL → commit → wait) and returns its id.
   * `data` is a Blob/File, ArrayBuffer, typed array, ReadableStream or an `Uploader` (node-fs streams files).
   */
  async uploadRaster(data: UploadBody, name: string, options: UploadRasterOptions = {}): Promise<string> {
    checkString("name", name);
    const body = {
      name,
      multispectral:
        options.multispectral === undefined ? false : checkBoolean("multispectral", options.multispectral),
      ...rasterMetadata(options),
    };
    const { id } = await uploadViaSignedUrl(
      this.t,
      {
        create: async (signal) => {
          const target = await this.t.expectData(this.api.POST("/rasters/upload/file/", { body, signal }));
          return { uploadUrl: target.upload_url, id: target.raster_id };
        },
        commit: (rasterId, signal) =>
          this.t.expectData(
            this.api.POST("/rasters/{raster_id}/commit/", {
              params: { path: { raster_id: rasterId } },
              signal,
            }),
          ),
      },
      data,
      options,
    );
    return id;
  }

  /** Lists rasters, one page at a time (see `ResultsPage`). */
  async listRasters(options: ListRastersOptions = {}): Promise<ResultsPage<Raster>> {
    const query = {
      folder: opt(options.folderId, (v) => checkId("folderId", v)),
      search: opt(options.searchString, (v) => checkString("searchString", v)),
      user_tag: opt(options.userTag, (v) => checkString("userTag", v)),
      max_cloud_coverage: opt(options.maxCloudCoverage, (v) => checkInteger("maxCloudCoverage", v, 0, 100)),
      captured_before: opt(options.capturedBefore, (v) => checkDateTime("capturedBefore", v)),
      captured_after: opt(options.capturedAfter, (v) => checkDateTime("capturedAfter", v)),
      has_vector_layers: opt(options.hasVectorLayers, (v) => checkBoolean("hasVectorLayers", v)),
      ...pageQuery(options),
    };
    return this.page(
      this.api.GET("/rasters/", { params: { query: compact(query) }, signal: options.signal }),
    );
  }

  /** A raster's information. */
  async getRaster(rasterId: string, options: CallOptions = {}): Promise<Raster> {
    const raster_id = checkId("rasterId", rasterId);
    return this.t.expectData(
      this.api.GET("/rasters/{raster_id}/", { params: { path: { raster_id } }, signal: options.signal }),
      200,
    );
  }

  /** Changes a raster's metadata (only the given fields) and returns its id. */
  async editRaster(rasterId: string, options: EditRasterOptions = {}): Promise<string> {
    const raster_id = checkId("rasterId", rasterId);
    const body = compact({
      name: opt(options.name, (v) => checkString("name", v)),
      multispectral_band_specification: opt(options.multispectralBandSpecification, (v) =>
        checkPlainObject("multispectralBandSpecification", v),
      ),
      ...rasterMetadata(options),
    });
    await this.t.expect(
      this.api.PUT("/rasters/{raster_id}/", {
        params: { path: { raster_id } },
        body,
        signal: options.signal,
      }),
      204,
    );
    return raster_id;
  }

  /** Deletes a raster. */
  async deleteRaster(rasterId: string, options: CallOptions = {}): Promise<void> {
    const raster_id = checkId("rasterId", rasterId);
    await this.t.expect(
      this.api.DELETE("/rasters/{raster_id}/", { params: { path: { raster_id } }, signal: options.signal }),
      204,
    );
  }

  /** The signed URL a raster's file can be downloaded from (no API key needed; it expires). */
  async getRasterDownloadUrl(rasterId: string, options: CallOptions = {}): Promise<string> {
    const raster_id = checkId("rasterId", rasterId);
    const { download_url } = await this.t.expectData(
      this.api.GET("/rasters/{raster_id}/download/", {
        params: { path: { raster_id } },
        signal: options.signal,
      }),
      200,
    );
    return download_url;
  }

  /** Downloads a raster's file: the storage `Response`, whose body streams the bytes (web twin of downloadRasterToFile). */
  async downloadRaster(rasterId: string, options: CallOptions = {}): Promise<Response> {
    const url = await this.getRasterDownloadUrl(rasterId, options);
    return this.t.storageFetch(url, { signal: options.signal });
  }

  /**
   * (experimental) Sets a raster's detection areas from a GeoJSON FeatureCollection of Polygon/MultiPolygon
   * (web twin of setRasterDetectionAreasFromFile).
   */
  async setRasterDetectionAreas(
    rasterId: string,
    areas: FeatureCollection | UploadBody,
    options: UploadOptions = {},
  ): Promise<void> {
    const raster_id = checkId("rasterId", rasterId);
    const body = geojsonBody("areas", areas, true);
    await uploadViaSignedUrl(
      this.t,
      {
        create: async (signal) => {
          const t = await this.t.expectData(
            this.api.POST("/rasters/{raster_id}/detection_areas/upload/file/", {
              params: { path: { raster_id } },
              signal,
            }),
          );
          return { uploadUrl: t.upload_url, id: t.upload_id };
        },
        commit: (upload_id, signal) =>
          this.t.expectData(
            this.api.POST("/rasters/{raster_id}/detection_areas/upload/{upload_id}/commit/", {
              params: { path: { raster_id, upload_id } },
              signal,
            }),
          ),
      },
      body,
      options,
    );
  }

  /** (experimental) Removes a raster's detection areas. */
  async removeRasterDetectionAreas(rasterId: string, options: CallOptions = {}): Promise<void> {
    const raster_id = checkId("rasterId", rasterId);
    await this.t.expect(
      this.api.DELETE("/rasters/{raster_id}/detection_areas/", {
        params: { path: { raster_id } },
        signal: options.signal,
      }),
      204,
    );
  }

  /**
   * (experimental) Imports a raster from a remote imagery source over an AOI (a FeatureCollection of
   * Polygon/MultiPolygon) and returns the new raster's id.
   */
  async importRasterFromRemoteSource(
    rasterName: string,
    folderId: string,
    sourceId: string,
    aoi: FeatureCollection | UploadBody,
    options: ImportRasterOptions = {},
  ): Promise<string> {
    const name = checkString("rasterName", rasterName);
    const folder_id = checkId("folderId", folderId);
    const source_id = checkId("sourceId", sourceId);
    const method = checkEnum("method", options.method ?? "streaming", ["streaming"] as const);
    const body = geojsonBody("aoi", aoi, true);
    const { operation } = await uploadViaSignedUrl(
      this.t,
      {
        create: async (signal) => {
          const t = await this.t.expectData(this.api.POST("/rasters/import/", { signal }));
          return { uploadUrl: t.upload_url, id: t.upload_id };
        },
        commit: (upload_id, signal) =>
          this.t.expectData(
            this.api.POST("/rasters/import/{upload_id}/commit/", {
              params: { path: { upload_id } },
              body: { method, source_id, folder_id, name },
              signal,
            }),
          ),
      },
      body,
      options,
    );
    const rasterId = operation.metadata?.raster_id;
    if (typeof rasterId !== "string") {
      throw new PicterraError("the import operation succeeded but its metadata names no raster_id");
    }
    return rasterId;
  }

  // ---- markers ----------------------------------------------------------------------------------------

  /** (beta) Lists the markers on a raster. */
  async listRasterMarkers(rasterId: string, options: PageOptions = {}): Promise<ResultsPage<Marker>> {
    const raster_id = checkId("rasterId", rasterId);
    return this.page(
      this.api.GET("/rasters/{raster_id}/markers/", {
        params: { path: { raster_id }, query: compact(pageQuery(options)) },
        signal: options.signal,
      }),
    );
  }

  /**
   * (beta) Creates a marker at (lng, lat) on a raster; with a detector id, on that detector's training raster.
   */
  async createMarker(
    rasterId: string,
    detectorId: string | null,
    lng: number,
    lat: number,
    text: string,
    options: CallOptions = {},
  ): Promise<Marker> {
    const raster_id = checkId("rasterId", rasterId);
    const body = {
      marker: {
        type: "Point" as const,
        coordinates: [checkNumber("lng", lng, -180, 180), checkNumber("lat", lat, -90, 90)],
      },
      text: checkString("text", text),
    };
    const { signal } = options;
    if (detectorId === null || detectorId === undefined) {
      return this.t.expectData(
        this.api.POST("/rasters/{raster_id}/markers/", { params: { path: { raster_id } }, body, signal }),
        201,
      );
    }
    const detector_id = checkId("detectorId", detectorId);
    return this.t.expectData(
      this.api.POST("/detectors/{detector_id}/training_rasters/{raster_id}/markers/", {
        params: { path: { detector_id, raster_id } },
        body,
        signal,
      }),
      201,
    );
  }

  // ---- vector layers ----------------------------------------------------------------------------------

  /** (beta) Lists the vector layers on a raster. */
  async listRasterVectorLayers(
    rasterId: string,
    options: ListRasterVectorLayersOptions = {},
  ): Promise<ResultsPage<VectorLayerSummary>> {
    const raster_id = checkId("rasterId", rasterId);
    const query = compact({
      search: opt(options.search, (v) => checkString("search", v)),
      detector: opt(options.detectorId, (v) => checkId("detectorId", v)),
      ...pageQuery(options),
    });
    return this.page(
      this.api.GET("/rasters/{raster_id}/vector_layers/", {
        params: { path: { raster_id }, query },
        signal: options.signal,
      }),
    );
  }

  /**
   * (beta) Uploads a vector layer (a GeoJSON FeatureCollection, or its bytes) onto a raster and returns the
   * new layer's id.
   */
  async uploadVectorLayer(
    rasterId: string,
    geojson: FeatureCollection | UploadBody,
    options: VectorLayerOptions = {},
  ): Promise<string> {
    const raster_id = checkId("rasterId", rasterId);
    const commitBody = compact({
      name: opt(options.name, (v) => checkString("name", v)),
      color: opt(options.color, (v) => checkColor("color", v)),
    });
    const body = geojsonBody("geojson", geojson, false);
    const { operation } = await uploadViaSignedUrl(
      this.t,
      {
        create: async (signal) => {
          const t = await this.t.expectData(
            this.api.POST("/vector_layers/{raster_id}/upload/", { params: { path: { raster_id } }, signal }),
          );
          return { uploadUrl: t.upload_url, id: t.upload_id };
        },
        commit: (upload_id, signal) =>
          this.t.expectData(
            this.api.POST("/vector_layers/{raster_id}/upload/{upload_id}/commit/", {
              params: { path: { raster_id, upload_id } },
              body: commitBody,
              signal,
            }),
          ),
      },
      body,
      options,
    );
    const id = operation.results?.vector_layer_id;
    if (typeof id !== "string") {
      throw new PicterraError("the vector layer upload succeeded but its results name no vector_layer_id");
    }
    return id;
  }

  /** (beta) A vector layer's information, with the URLs of its GeoJSON. */
  async getVectorLayer(vectorLayerId: string, options: CallOptions = {}): Promise<VectorLayer> {
    const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
    return this.t.expectData(
      this.api.GET("/vector_layers/{vector_layer_id}/", {
        params: { path: { vector_layer_id } },
        signal: options.signal,
      }),
      200,
    );
  }

  /**
   * (beta) Downloads a vector layer: every GeoJSON URL of the layer, merged in order into one FeatureCollection
   * (web twin of downloadVectorLayerToFile).
   */
  async downloadVectorLayer(vectorLayerId: string, options: CallOptions = {}): Promise<FeatureCollection> {
    const layer = await this.getVectorLayer(vectorLayerId, options);
    const features: FeatureCollection["features"] = [];
    for (const url of layer.geojson_urls) {
      const part = await this.getStorageJson(url, options.signal);
      try {
        features.push(...checkFeatureCollection(`the GeoJSON at ${redactedPath(url)}`, part).features);
      } catch (error) {
        // Storage sent it: not the caller's input, so not a ValidationError.
        throw new PicterraError(error instanceof Error ? error.message : String(error));
      }
    }
    return { type: "FeatureCollection", features };
  }

  /** (beta) Changes a vector layer's name and/or color. */
  async editVectorLayer(vectorLayerId: string, options: EditVectorLayerOptions = {}): Promise<void> {
    const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
    const body = compact({
      name: opt(options.name, (v) => checkString("name", v)),
      color: opt(options.color, (v) => checkColor("color", v)),
    });
    await this.t.expect(
      this.api.PUT("/vector_layers/{vector_layer_id}/", {
        params: { path: { vector_layer_id } },
        body,
        signal: options.signal,
      }),
      204,
    );
  }

  /** (beta) Deletes a vector layer. */
  async deleteVectorLayer(vectorLayerId: string, options: CallOptions = {}): Promise<void> {
    const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
    await this.t.expect(
      this.api.DELETE("/vector_layers/{vector_layer_id}/", {
        params: { path: { vector_layer_id } },
        signal: options.signal,
      }),
      204,
    );
  }

  // ---- folders and detectors --------------------------------------------------------------------------

  /** Creates a folder (project) and returns it. */
  async createFolder(name: string, options: CallOptions = {}): Promise<Folder> {
    return this.t.expectData(
      this.api.POST("/folders/", { body: { name: checkString("name", name) }, signal: options.signal }),
      201,
    );
  }

  /** (beta) Creates a detector (unset settings take the defaults in DETECTOR_DEFAULTS) and returns its id. */
  async createDetector(options: CreateDetectorOptions = {}): Promise<string> {
    const body = compact({
      name: opt(options.name, (v) => checkString("name", v)),
      configuration: detectorConfiguration({ ...DETECTOR_DEFAULTS, ...definedOnly(options) }),
    });
    const detector = await this.t.expectData(
      this.api.POST("/detectors/", { body, signal: options.signal }),
      201,
    );
    return detector.id;
  }

  /** Lists the detectors the user can access. */
  async listDetectors(options: ListDetectorsOptions = {}): Promise<ResultsPage<Detector>> {
    const query = compact({
      search: opt(options.searchString, (v) => checkString("searchString", v)),
      user_tag: opt(options.userTag, (v) => checkString("userTag", v)),
      is_shared: opt(options.isShared, (v) => checkBoolean("isShared", v)),
      ...pageQuery(options),
    });
    return this.page(this.api.GET("/detectors/", { params: { query }, signal: options.signal }));
  }

  /** A detector's information and settings. */
  async getDetector(detectorId: string, options: CallOptions = {}): Promise<Detector> {
    const detector_id = checkId("detectorId", detectorId);
    return this.t.expectData(
      this.api.GET("/detectors/{detector_id}/", {
        params: { path: { detector_id } },
        signal: options.signal,
      }),
      200,
    );
  }

  /** (beta) Changes a detector's name and/or the given settings only. */
  async editDetector(detectorId: string, options: EditDetectorOptions = {}): Promise<void> {
    const detector_id = checkId("detectorId", detectorId);
    const configuration = detectorConfiguration(definedOnly(options));
    const body = compact({
      name: opt(options.name, (v) => checkString("name", v)),
      // Some plans cannot edit settings at all, so a name-only edit sends no configuration.
      configuration: Object.keys(configuration).length > 0 ? configuration : undefined,
    });
    await this.t.expect(
      this.api.PUT("/detectors/{detector_id}/", {
        params: { path: { detector_id } },
        body,
        signal: options.signal,
      }),
      204,
    );
  }

  /** Deletes a detector. */
  async deleteDetector(detectorId: string, options: CallOptions = {}): Promise<void> {
    const detector_id = checkId("detectorId", detectorId);
    await this.t.expect(
      this.api.DELETE("/detectors/{detector_id}/", {
        params: { path: { detector_id } },
        signal: options.signal,
      }),
      204,
    );
  }

  /** (beta) Lists the detectors of a folder. */
  async listFolderDetectors(
    folderId: string,
    options: PageOptions = {},
  ): Promise<ResultsPage<FolderDetector>> {
    const folder_id = checkId("folderId", folderId);
    return this.page(
      this.api.GET("/folders/{folder_id}/detectors/", {
        params: { path: { folder_id }, query: compact(pageQuery(options)) },
        signal: options.signal,
      }),
    );
  }

  /** (beta) Adds a raster to a detector's training rasters. */
  async addRasterToDetector(rasterId: string, detectorId: string, options: CallOptions = {}): Promise<void> {
    const raster_id = checkId("rasterId", rasterId);
    const detector_id = checkId("detectorId", detectorId);
    await this.t.expect(
      this.api.POST("/detectors/{detector_id}/training_rasters/", {
        params: { path: { detector_id } },
        body: { raster_id },
        signal: options.signal,
      }),
      201,
    );
  }

  /** Lists a detector's training rasters. */
  async listDetectorRasters(
    detectorId: string,
    options: PageOptions = {},
  ): Promise<ResultsPage<TrainingRaster>> {
    const detector_id = checkId("detectorId", detectorId);
    return this.page(
      this.api.GET("/detectors/{detector_id}/training_rasters/", {
        params: { path: { detector_id }, query: compact(pageQuery(options)) },
        signal: options.signal,
      }),
    );
  }

  /**
   * Replaces the annotations of one type ('outline', 'training_area', 'testing_area', 'validation_area') on a
   * detector's training raster with a GeoJSON FeatureCollection.
   */
  async setAnnotations(
    detectorId: string,
    rasterId: string,
    annotationType: AnnotationType,
    annotations: FeatureCollection,
    options: UploadOptions = {},
  ): Promise<void> {
    const detector_id = checkId("detectorId", detectorId);
    const raster_id = checkId("rasterId", rasterId);
    const annotation_type = checkEnum("annotationType", annotationType, values.AnnotationType.enum);
    const body = jsonBody(checkFeatureCollection("annotations", annotations));
    const path = { detector_id, raster_id, annotation_type };
    await uploadViaSignedUrl(
      this.t,
      {
        create: async (signal) => {
          const t = await this.t.expectData(
            this.api.POST(
              "/detectors/{detector_id}/training_rasters/{raster_id}/{annotation_type}/upload/bulk/",
              {
                params: { path },
                signal,
              },
            ),
          );
          return { uploadUrl: t.upload_url, id: t.upload_id };
        },
        commit: (upload_id, signal) =>
          this.t.expectData(
            this.api.POST(
              "/detectors/{detector_id}/training_rasters/{raster_id}/{annotation_type}/upload/bulk/{upload_id}/commit/",
              { params: { path: { ...path, upload_id } }, signal },
            ),
          ),
      },
      body,
      options,
    );
  }

  /** Trains a detector and returns the finished operation (`results.score`, `results.stats`). */
  async trainDetector(detectorId: string, options: WaitOptions = {}): Promise<Operation> {
    const detector_id = checkId("detectorId", detectorId);
    const ref = await this.t.expectData(
      this.api.POST("/detectors/{detector_id}/train/", {
        params: { path: { detector_id } },
        signal: options.signal,
      }),
    );
    return this.waitForOperation(ref, options);
  }

  /** (experimental) Runs dataset recommendation on a detector and returns the finished operation. */
  async runDatasetRecommendation(detectorId: string, options: WaitOptions = {}): Promise<Operation> {
    const detector_id = checkId("detectorId", detectorId);
    const ref = await this.t.expectData(
      this.api.POST("/detectors/{detector_id}/dataset_recommendation/", {
        params: { path: { detector_id } },
        signal: options.signal,
      }),
    );
    return this.waitForOperation(ref, options);
  }

  /**
   * Runs a detector on a raster, waits for it, and returns the operation id (pass it to
   * downloadResultFeatureCollection). Predictions are subject to a minimum charge of 10 MP.
   */
  async runDetector(detectorId: string, rasterId: string, options: RunDetectorOptions = {}): Promise<string> {
    const detector_id = checkId("detectorId", detectorId);
    const body = compact({
      raster_id: checkId("rasterId", rasterId),
      secondary_raster_id: opt(options.secondaryRasterId, (v) => checkId("secondaryRasterId", v)),
    });
    const ref = await this.t.expectData(
      this.api.POST("/detectors/{detector_id}/run/", {
        params: { path: { detector_id } },
        body,
        signal: options.signal,
      }),
    );
    await this.waitForOperation(ref, options);
    return ref.operation_id;
  }

  // ---- operations and results -------------------------------------------------------------------------

  /** An operation's current state. */
  async getOperation(operationId: string, options: CallOptions = {}): Promise<Operation> {
    return getOperation(this.t, checkId("operationId", operationId), options.signal);
  }

  /** Waits for an operation started by a raw `api` call to end; see `WaitOptions`. */
  waitForOperation(ref: OperationRef, options: WaitOptions = {}): Promise<Operation> {
    checkId("operation_id", ref?.operation_id);
    checkFiniteNumber("poll_interval", ref.poll_interval);
    return waitForOperation(this.t, ref, options);
  }

  /** (beta) The `results` of an operation. */
  async getOperationResults(operationId: string, options: CallOptions = {}): Promise<OperationResults> {
    const operation = await this.getOperation(operationId, options);
    if (!operation.results) {
      throw new PicterraError(`operation ${operationId} has no results (status: ${operation.status})`);
    }
    return operation.results;
  }

  /** (beta) The URL of an operation's results. */
  async getOperationResultsUrl(operationId: string, options: CallOptions = {}): Promise<string> {
    const results = await this.getOperationResults(operationId, options);
    if (typeof results.url !== "string") {
      throw new PicterraError(`operation ${operationId} has no results URL`);
    }
    return results.url;
  }

  /**
   * Downloads the content behind an operation's results URL: the storage `Response` (web twin of
   * downloadOperationResultsToFile and of the deprecated downloadResultToFile).
   */
  async downloadOperationResults(operationId: string, options: CallOptions = {}): Promise<Response> {
    const url = await this.getOperationResultsUrl(operationId, options);
    return this.t.storageFetch(url, { signal: options.signal });
  }

  /**
   * Downloads a detection's results as one FeatureCollection: a Feature per class (its MultiPolygon), with
   * `properties.class_name` (web twin of downloadResultToFeatureCollection).
   */
  async downloadResultFeatureCollection(
    operationId: string,
    options: CallOptions = {},
  ): Promise<FeatureCollection<MultiPolygon | Polygon, { class_name: string }>> {
    const results = await this.getOperationResults(operationId, options);
    if (!Array.isArray(results.by_class)) {
      throw new PicterraError(`operation ${operationId} has no per-class results (results.by_class)`);
    }
    const features: ClassResultFeature[] = [];
    for (const entry of results.by_class) {
      const geometry = await this.getStorageJson(entry.result.url, options.signal);
      const type = (geometry as { type?: unknown } | null)?.type;
      if (type !== "MultiPolygon" && type !== "Polygon") {
        throw new PicterraError(
          `the result of class '${entry.class.name}' is not a MultiPolygon (got ${JSON.stringify(type)})`,
        );
      }
      features.push({
        type: "Feature",
        geometry: geometry as MultiPolygon | Polygon,
        properties: { class_name: entry.class.name },
      });
    }
    return { type: "FeatureCollection", features };
  }

  /** (experimental) Runs an advanced tool and returns the finished operation. */
  async runAdvancedTool(
    toolId: string,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown>,
    options: WaitOptions = {},
  ): Promise<Operation> {
    const tool_id = checkId("toolId", toolId);
    const body = {
      inputs: checkPlainObject("inputs", inputs),
      outputs: checkPlainObject("outputs", outputs),
    };
    const ref = await this.t.expectData(
      this.api.POST("/advanced_tools/{tool_id}/run/", {
        params: { path: { tool_id } },
        body,
        signal: options.signal,
      }),
    );
    return this.waitForOperation(ref, options);
  }

  // ---- internals --------------------------------------------------------------------------------------

  private async page<T>(call: Promise<{ data?: Page<T>; error?: unknown; response: Response }>) {
    const first = await this.t.expectData(call, 200);
    return new ResultsPage<T>(first, (url, signal) => this.t.getAbsolute(url, signal) as Promise<Page<T>>);
  }

  private async getStorageJson(url: string, signal?: AbortSignal): Promise<unknown> {
    const response = await this.t.storageFetch(url, { signal });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new PicterraError(`the content at ${redactedPath(url)} is not JSON`);
    }
  }
}

function redactedPath(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** Validates `value` with `check` when it is given. */
function opt<T, R>(value: T | undefined, check: (v: T) => R): R | undefined {
  return value === undefined || value === null ? undefined : check(value);
}

/** Drops undefined entries, so that only what was given is sent. */
function compact<T extends Record<string, unknown>>(obj: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return compact(obj as Record<string, unknown>) as Partial<T>;
}

function pageQuery(options: PageOptions): { page_number: number; page_size: number | undefined } {
  return {
    page_number: checkInteger("pageNumber", options.pageNumber ?? 1, 1, Number.MAX_SAFE_INTEGER),
    page_size: opt(options.pageSize, (v) => checkInteger("pageSize", v, 1, 1000)),
  };
}

function rasterMetadata(options: RasterMetadata) {
  return compact({
    folder_id: opt(options.folderId, (v) => checkId("folderId", v)),
    captured_at: opt(options.capturedAt, (v) => checkDateTime("capturedAt", v)),
    identity_key: opt(options.identityKey, (v) => checkString("identityKey", v)),
    cloud_coverage: opt(options.cloudCoverage, (v) => checkInteger("cloudCoverage", v, 0, 100)),
    user_tag: opt(options.userTag, (v) => checkString("userTag", v)),
  });
}

function detectorConfiguration(settings: DetectorSettings): DetectorConfiguration {
  return compact({
    detection_type: opt(settings.detectionType, (v) =>
      checkEnum("detectionType", v, values.DetectionType.enum),
    ),
    output_type: opt(settings.outputType, (v) => checkEnum("outputType", v, values.OutputType.enum)),
    training_steps: opt(settings.trainingSteps, (v) =>
      checkInteger("trainingSteps", v, values.TrainingSteps.minimum, values.TrainingSteps.maximum),
    ),
    backbone: opt(settings.backbone, (v) => checkEnum("backbone", v, values.Backbone.enum)),
    tile_size: opt(settings.tileSize, (v) =>
      checkInteger("tileSize", v, values.TileSize.minimum, TILE_SIZE_MAX),
    ),
    background_sample_ratio: opt(settings.backgroundSampleRatio, (v) =>
      checkNumber(
        "backgroundSampleRatio",
        v,
        values.BackgroundSampleRatio.minimum,
        values.BackgroundSampleRatio.maximum,
      ),
    ),
  });
}

/** A GeoJSON object is validated and sent as JSON; bytes or an Uploader are sent as they are. */
function geojsonBody(what: string, value: FeatureCollection | UploadBody, polygonsOnly: boolean): UploadBody {
  if (isUploadBody(value)) return value;
  const fc = polygonsOnly ? checkPolygonCollection(what, value) : checkFeatureCollection(what, value);
  return jsonBody(fc);
}
