import type { Client } from "openapi-fetch";
import * as annotations from "./forge/annotations";
import * as detectors from "./forge/detectors";
import * as folders from "./forge/folders";
import * as markers from "./forge/markers";
import * as operations from "./forge/operations";
import * as rasters from "./forge/rasters";
import * as results from "./forge/results";
import type { Forge } from "./forge/schemas";
import * as vectorLayers from "./forge/vector-layers";
import type { paths } from "./generated/picterra-v2";
import { DEFAULT_SITE_URL } from "./machinery/base-url";
import type { ClientOptions } from "./machinery/client-options";
import { ApiClient, type Methods } from "./machinery/facade";
import type { AccountMethods } from "./forge/methods/account";
import type { DetectorMethods } from "./forge/methods/detectors";
import type { MarkerMethods, VectorLayerMethods } from "./forge/methods/layers";
import type { OperationMethods } from "./forge/methods/operations";
import type { RasterMethods } from "./forge/methods/rasters";

declare const __PICTERRA_VERSION__: string;

/** This package's version, sent in the User-Agent as `picterra-ts/<version>`. */
export const VERSION: string = __PICTERRA_VERSION__;

/** Where Picterra's API v2 (Forge) lives under the site root. */
export const FORGE_API_PATH = "public/api/v2/";

/** Picterra's public API v2, as a full URL. */
export const DEFAULT_BASE_URL = `${DEFAULT_SITE_URL}${FORGE_API_PATH}`;

/**
 * Every method of the client under its Python name (camelCase; required arguments positional, optional ones in
 * a trailing options object), from the module of its resource (src/forge/). Their documentation, as users read
 * it, is on `ForgeMethods` (src/forge/methods/): the table must match it exactly (checked below).
 */
const FORGE_METHODS = {
  // rasters
  /**
   * Uploads a raster (create → PUT the bytes to a signed URL → commit → wait) and returns its id.
   * `data` is a Blob/File, ArrayBuffer, typed array, ReadableStream or an `Uploader` (node-fs streams files).
   * A failure before the commit deletes the pending raster and throws an `UploadError` naming it.
   */
  uploadRaster: rasters.uploadRaster,
  /** Lists rasters, one page at a time (see `ResultsPage`; `for await` goes through every page). */
  listRasters: rasters.listRasters,
  /** A raster's information. */
  getRaster: rasters.getRaster,
  /** Changes a raster's metadata (only the given fields) and returns its id. */
  editRaster: rasters.editRaster,
  /** Deletes a raster. */
  deleteRaster: rasters.deleteRaster,
  /** The signed URL a raster's file can be downloaded from (no API key needed; it expires). */
  getRasterDownloadUrl: rasters.getRasterDownloadUrl,
  /** Downloads a raster's file: the storage `Response`, whose body streams the bytes (web twin of downloadRasterToFile). */
  downloadRaster: rasters.downloadRaster,
  /**
   * (experimental) Sets a raster's detection areas from a GeoJSON FeatureCollection of Polygon/MultiPolygon
   * (web twin of setRasterDetectionAreasFromFile).
   */
  setRasterDetectionAreas: rasters.setRasterDetectionAreas,
  /** (experimental) Removes a raster's detection areas. */
  removeRasterDetectionAreas: rasters.removeRasterDetectionAreas,
  /**
   * (experimental) Imports a raster from a remote imagery source over an AOI (a FeatureCollection of
   * Polygon/MultiPolygon) and returns the new raster's id.
   */
  importRasterFromRemoteSource: rasters.importRasterFromRemoteSource,
  // markers
  /** (beta) Lists the markers on a raster. */
  listRasterMarkers: markers.listRasterMarkers,
  /** (beta) Creates a marker at (lng, lat) on a raster; with a detector id, on that detector's training raster. */
  createMarker: markers.createMarker,
  // vector layers
  /** (beta) Lists the vector layers on a raster. */
  listRasterVectorLayers: vectorLayers.listRasterVectorLayers,
  /** (beta) Uploads a vector layer (a GeoJSON FeatureCollection, or its bytes) onto a raster; returns its id. */
  uploadVectorLayer: vectorLayers.uploadVectorLayer,
  /**
   * (beta, deprecated by Picterra) A vector layer's information with its `geojson_urls`, as the API answered
   * before 2024; download it with `downloadVectorLayer` instead.
   */
  getVectorLayer: vectorLayers.getVectorLayer,
  /**
   * (beta) Prepares a vector layer's download (an operation since 2024) and returns the signed URL of its
   * GeoJSON (a FeatureCollection of Polygons; no API key needed; it expires).
   */
  getVectorLayerDownloadUrl: vectorLayers.getVectorLayerDownloadUrl,
  /** (beta) Downloads a vector layer: its FeatureCollection of Polygons (web twin of downloadVectorLayerToFile). */
  downloadVectorLayer: vectorLayers.downloadVectorLayer,
  /** (beta) Changes a vector layer's name and/or color. */
  editVectorLayer: vectorLayers.editVectorLayer,
  /** (beta) Deletes a vector layer. */
  deleteVectorLayer: vectorLayers.deleteVectorLayer,
  // folders
  /** Creates a folder (project) and returns its id. */
  createFolder: folders.createFolder,
  /** Lists the folders (projects) the user can access, one page at a time; `searchString` filters by name. */
  listFolders: folders.listFolders,
  /** A folder's id, name and creation time. */
  getFolder: folders.getFolder,
  /** (alpha) Who the API key belongs to: `{ user_id, organization_id, organization_name }`. */
  getUserInfo: folders.getUserInfo,
  /** (beta) Who was granted which role on a folder or a detector (`kind` "folder" or "detector"). */
  getAuthorizationGrants: folders.getAuthorizationGrants,
  /** (beta) Sets who may see or edit a folder or a detector: `{ grants: [{ grantee: { type, id }, role }] }`. */
  setAuthorizationGrants: folders.setAuthorizationGrants,
  // detectors
  /** (beta) Creates a detector (unset settings take the defaults in DETECTOR_DEFAULTS) and returns its id. */
  createDetector: detectors.createDetector,
  /** Lists the detectors the user can access; `{ runnable: true }` keeps those that can be run. */
  listDetectors: detectors.listDetectors,
  /** A detector's information and settings. */
  getDetector: detectors.getDetector,
  /** (beta) Changes a detector's name and/or the given settings only. */
  editDetector: detectors.editDetector,
  /** Deletes a detector. */
  deleteDetector: detectors.deleteDetector,
  /** (beta) Lists the detectors of a folder. */
  listFolderDetectors: detectors.listFolderDetectors,
  /** (beta) Adds a raster to a detector's training rasters. */
  addRasterToDetector: detectors.addRasterToDetector,
  /** Lists a detector's training rasters. */
  listDetectorRasters: detectors.listDetectorRasters,
  /**
   * Replaces the annotations of one type ('outline', 'training_area', 'testing_area', 'validation_area') on a
   * detector's training raster with a GeoJSON FeatureCollection; `{ classId }` gives outlines one of the
   * detector's classes.
   */
  setAnnotations: annotations.setAnnotations,
  /** Trains a detector and returns the finished operation (`results.score`, `results.stats`). */
  trainDetector: detectors.trainDetector,
  /** (experimental) Runs dataset recommendation on a detector and returns the finished operation. */
  runDatasetRecommendation: detectors.runDatasetRecommendation,
  /**
   * Runs a detector on a raster, waits for it, and returns the operation id (pass it to
   * downloadResultFeatureCollection). Predictions are subject to a minimum charge of 10 MP.
   */
  runDetector: detectors.runDetector,
  // operations and results
  /** An operation's current state. */
  getOperation: operations.getOperation,
  /** Waits for an operation started by a raw `api` call to end; see `WaitOptions`. */
  waitForOperation: operations.waitForOperation,
  /** (beta) The `results` of an operation. */
  getOperationResults: operations.getOperationResults,
  /** (beta) The URL of an operation's results. */
  getOperationResultsUrl: results.getOperationResultsUrl,
  /**
   * Downloads the content behind an operation's results URL: the storage `Response` (web twin of
   * downloadOperationResultsToFile and of the deprecated downloadResultToFile).
   */
  downloadOperationResults: results.downloadOperationResults,
  /**
   * Downloads a detection's results as one FeatureCollection: a Feature per class, whose MultiPolygon holds the
   * polygons of the class's vector layer, with `properties.class_name` (web twin of
   * downloadResultToFeatureCollection). A class without a vector layer falls back to its `result.url`.
   */
  downloadResultFeatureCollection: results.downloadResultFeatureCollection,
};

/**
 * Creates a Picterra client. Under the `node` export condition (Node, Bun, Deno) its API calls go over
 * `node:http` with a keep-alive agent (`nodeTransport`), elsewhere through the global `fetch`, unless `options`
 * give a `transport` or a `fetch`. Throws at once when no API key is given or found in `PICTERRA_API_KEY`.
 */
export function createClient(options: ClientOptions = {}): PicterraClient {
  return new PicterraClient(options);
}

/** The methods of `PicterraClient`, one per entry of the table above, as the API reference documents them. */
export interface ForgeMethods
  extends RasterMethods,
    DetectorMethods,
    OperationMethods,
    VectorLayerMethods,
    MarkerMethods,
    AccountMethods {}

/** `true` when A and B are the same type (each assignable to the other, parameters and results included). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The table installs exactly the documented methods, with the documented signatures. */
const TABLE_MATCHES_DOCS: Same<
  Methods<Forge, typeof FORGE_METHODS>,
  Pick<ForgeMethods, keyof ForgeMethods>
> = true;
void TABLE_MATCHES_DOCS;

// The class's methods come from the table (installed in its static block); this interface declares them.
export interface PicterraClient extends ForgeMethods {}

/**
 * The Picterra API v2 client: every method of Picterra's Python client (camelCase, required arguments
 * positional, optional ones in a trailing options object), plus `api`, the raw typed openapi-fetch client.
 * `new PicterraClient(options)` sends API calls through the global `fetch` unless `options` give a `transport`
 * (e.g. `nodeTransport` of `@picterra/core/machinery` in Node) or a `fetch`; `createClient` in Node passes
 * `nodeTransport` itself.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above.
export class PicterraClient extends ApiClient<paths> {
  /** The raw typed openapi-fetch client, e.g. `api.GET("/rasters/{raster_id}/", ...)`; key and timeout are set. */
  declare readonly api: Client<paths>;

  constructor(options: ClientOptions = {}) {
    super(options, { path: FORGE_API_PATH, version: VERSION });
  }

  static {
    ApiClient.install(PicterraClient, FORGE_METHODS);
  }
}
