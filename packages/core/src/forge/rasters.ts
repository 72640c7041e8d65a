import { firstPage, pageQuery, type PageOptions } from "../machinery/pages";
import { storageFetch } from "../machinery/storage-fetch";
import { type SignedUpload, type UploadOptions, signedUpload } from "../machinery/uploads";
import {
  checkBoolean,
  checkDateTime,
  checkEnum,
  checkId,
  checkIfGiven,
  checkInteger,
  checkPlainObject,
  checkString,
  compact,
} from "../machinery/validate";
import { geojsonBody, values } from "./checks";
import { type ForgeMethod, withPath } from "./calls";
import type { CallOptions, MultispectralBandSpecification, Operation } from "./schemas";
import type { paths } from "../generated/picterra-v2";
import { PicterraError } from "../machinery/errors";
import { operationParameterValues, propertyValues } from "../generated/picterra-v2.values";

/** Cloud coverage's bounds in an upload's body (an edit's are the same in the document) and in the list filter. */
const CLOUD_COVERAGE = propertyValues.RasterUploadInput.cloud_coverage;
const MAX_CLOUD_COVERAGE = operationParameterValues.listRasters.max_cloud_coverage;

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

export interface UploadRasterOptions extends RasterMetadata, UploadOptions<Operation> {
  /**
   * Whether the raster is multispectral, keeping all its bands (it can then have a band specification).
   * Default true, as Picterra's clients since 2024 (it was false before).
   */
  multispectral?: boolean;
}

export interface EditRasterOptions extends RasterMetadata, CallOptions {
  /** The raster's new name. */
  name?: string;
  /** How the bands of a multispectral raster map to colours. */
  multispectralBandSpecification?: MultispectralBandSpecification;
}

export interface ListRastersOptions extends PageOptions {
  /** Only the rasters of this folder. */
  folderId?: string;
  /** Only rasters whose name matches. */
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

export interface ImportRasterOptions extends UploadOptions<Operation> {
  /** How the remote imagery is imported; only 'streaming' exists. */
  method?: "streaming";
}

function rasterMetadata(options: RasterMetadata) {
  return compact({
    folder_id: checkIfGiven(options.folderId, (v) => checkId("folderId", v)),
    captured_at: checkIfGiven(options.capturedAt, (v) => checkDateTime("capturedAt", v)),
    identity_key: checkIfGiven(options.identityKey, (v) => checkString("identityKey", v)),
    cloud_coverage: checkIfGiven(options.cloudCoverage, (v) =>
      checkInteger("cloudCoverage", v, CLOUD_COVERAGE.minimum, CLOUD_COVERAGE.maximum),
    ),
    user_tag: checkIfGiven(options.userTag, (v) => checkString("userTag", v)),
  });
}

export const uploadRaster: ForgeMethod<"uploadRaster"> = async (t, data, name, options = {}) => {
  const body = {
    name: checkString("name", name),
    multispectral: checkBoolean("multispectral", options.multispectral ?? values.Multispectral.default),
    ...rasterMetadata(options),
  };
  const upload: SignedUpload<paths> = {
    what: "raster",
    create: { path: "/rasters/upload/file/", body, fields: { url: "upload_url", id: "raster_id" } },
    commit: (raster_id) => ({ path: "/rasters/{raster_id}/commit/", params: { path: { raster_id } } }),
    // A raster whose bytes never arrived stays `pending` on the server: it goes again.
    discard: (raster_id) => ({ path: "/rasters/{raster_id}/", params: { path: { raster_id } } }),
  };
  const { id } = await signedUpload<paths, Operation>(t, upload, data, options);
  return id;
};

export const listRasters: ForgeMethod<"listRasters"> = async (t, options = {}) => {
  const query = compact({
    folder: checkIfGiven(options.folderId, (v) => checkId("folderId", v)),
    search: checkIfGiven(options.searchString, (v) => checkString("searchString", v)),
    user_tag: checkIfGiven(options.userTag, (v) => checkString("userTag", v)),
    max_cloud_coverage: checkIfGiven(options.maxCloudCoverage, (v) =>
      checkInteger("maxCloudCoverage", v, MAX_CLOUD_COVERAGE.minimum, MAX_CLOUD_COVERAGE.maximum),
    ),
    captured_before: checkIfGiven(options.capturedBefore, (v) => checkDateTime("capturedBefore", v)),
    captured_after: checkIfGiven(options.capturedAfter, (v) => checkDateTime("capturedAfter", v)),
    has_vector_layers: checkIfGiven(options.hasVectorLayers, (v) => checkBoolean("hasVectorLayers", v)),
    ...pageQuery(options),
  });
  return firstPage(t, t.api.GET("/rasters/", { params: { query }, signal: options.signal }));
};

export const getRaster: ForgeMethod<"getRaster"> = async (t, rasterId, options = {}) => {
  const raster_id = checkId("rasterId", rasterId);
  return t.expectData(t.api.GET("/rasters/{raster_id}/", withPath({ raster_id }, options)), 200);
};

export const editRaster: ForgeMethod<"editRaster"> = async (t, rasterId, options = {}) => {
  const raster_id = checkId("rasterId", rasterId);
  const body = compact({
    name: checkIfGiven(options.name, (v) => checkString("name", v)),
    multispectral_band_specification: checkIfGiven(options.multispectralBandSpecification, (v) =>
      checkPlainObject("multispectralBandSpecification", v),
    ),
    ...rasterMetadata(options),
  });
  await t.expect(t.api.PUT("/rasters/{raster_id}/", { ...withPath({ raster_id }, options), body }), 204);
  return raster_id;
};

export const deleteRaster: ForgeMethod<"deleteRaster"> = async (t, rasterId, options = {}) => {
  const raster_id = checkId("rasterId", rasterId);
  await t.expect(t.api.DELETE("/rasters/{raster_id}/", withPath({ raster_id }, options)), 204);
};

export const getRasterDownloadUrl: ForgeMethod<"getRasterDownloadUrl"> = async (
  t,
  rasterId,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  const { download_url } = await t.expectData(
    t.api.GET("/rasters/{raster_id}/download/", withPath({ raster_id }, options)),
    200,
  );
  return download_url;
};

export const downloadRaster: ForgeMethod<"downloadRaster"> = async (t, rasterId, options = {}) => {
  const url = await getRasterDownloadUrl(t, rasterId, options);
  return storageFetch(t, url, { signal: options.signal });
};

export const setRasterDetectionAreas: ForgeMethod<"setRasterDetectionAreas"> = async (
  t,
  rasterId,
  areas,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  const body = geojsonBody("areas", areas, true);
  const path = { raster_id };
  await signedUpload<paths, Operation>(
    t,
    {
      what: "detection areas",
      create: {
        path: "/rasters/{raster_id}/detection_areas/upload/file/",
        params: { path },
        fields: { url: "upload_url", id: "upload_id" },
      },
      commit: (upload_id) => ({
        path: "/rasters/{raster_id}/detection_areas/upload/{upload_id}/commit/",
        params: { path: { ...path, upload_id } },
      }),
    },
    body,
    options,
  );
};

export const removeRasterDetectionAreas: ForgeMethod<"removeRasterDetectionAreas"> = async (
  t,
  rasterId,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  await t.expect(
    t.api.DELETE("/rasters/{raster_id}/detection_areas/", withPath({ raster_id }, options)),
    204,
  );
};

export const importRasterFromRemoteSource: ForgeMethod<"importRasterFromRemoteSource"> = async (
  t,
  rasterName,
  folderId,
  sourceId,
  aoi,
  options = {},
) => {
  const name = checkString("rasterName", rasterName);
  const folder_id = checkId("folderId", folderId);
  const source_id = checkId("sourceId", sourceId);
  const method = checkEnum("method", options.method ?? "streaming", ["streaming"] as const);
  const commitBody = { method, source_id, folder_id, name };
  const body = geojsonBody("aoi", aoi, true);
  const { operation } = await signedUpload<paths, Operation>(
    t,
    {
      what: "area of interest",
      create: { path: "/rasters/import/", fields: { url: "upload_url", id: "upload_id" } },
      commit: (upload_id) => ({
        path: "/rasters/import/{upload_id}/commit/",
        params: { path: { upload_id } },
        body: commitBody,
      }),
    },
    body,
    options,
  );
  const rasterId = (operation.metadata as { raster_id?: unknown } | undefined)?.raster_id;
  if (typeof rasterId !== "string") {
    throw new PicterraError("the import operation succeeded but its metadata names no raster_id");
  }
  return rasterId;
};
