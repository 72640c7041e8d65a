import { PicterraError } from "../machinery/errors";
import { runOperation } from "../machinery/operations";
import { firstPage, pageQuery, type PageOptions } from "../machinery/pages";
import { redactUrl } from "../machinery/redact";
import { storageJson } from "../machinery/storage-fetch";
import { type UploadOptions, signedUpload } from "../machinery/uploads";
import { checkFeatureCollection } from "../machinery/geojson-checks";
import { checkId, checkIfGiven, checkString, compact } from "../machinery/validate";
import { checkColor, geojsonBody } from "./checks";
import { type ForgeMethod, withPath } from "./calls";
import type { paths } from "../generated/picterra-v2";
import type { CallOptions, Operation } from "./schemas";

export interface ListRasterVectorLayersOptions extends PageOptions {
  /** Only layers whose name matches. */
  search?: string;
  /** Only layers made by this detector. */
  detectorId?: string;
}

export interface VectorLayerOptions extends UploadOptions<Operation> {
  /** The layer's name (default: Picterra's). */
  name?: string;
  /** An HTML hex color, e.g. '#aabbcc'. */
  color?: string;
}

export interface EditVectorLayerOptions extends CallOptions {
  /** The layer's new name. */
  name?: string;
  /** An HTML hex color, e.g. '#aabbcc'. */
  color?: string;
}

function nameAndColor(options: { name?: string; color?: string }) {
  return compact({
    name: checkIfGiven(options.name, (v) => checkString("name", v)),
    color: checkIfGiven(options.color, (v) => checkColor("color", v)),
  });
}

export const listRasterVectorLayers: ForgeMethod<"listRasterVectorLayers"> = async (
  t,
  rasterId,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  const query = compact({
    search: checkIfGiven(options.search, (v) => checkString("search", v)),
    detector: checkIfGiven(options.detectorId, (v) => checkId("detectorId", v)),
    ...pageQuery(options),
  });
  return firstPage(
    t,
    t.api.GET("/rasters/{raster_id}/vector_layers/", withPath({ raster_id }, options, query)),
  );
};

export const uploadVectorLayer: ForgeMethod<"uploadVectorLayer"> = async (
  t,
  rasterId,
  geojson,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  const commitBody = nameAndColor(options);
  const body = geojsonBody("geojson", geojson, false);
  const { operation } = await signedUpload<paths, Operation>(
    t,
    {
      what: "vector layer",
      create: {
        path: "/vector_layers/{raster_id}/upload/",
        params: { path: { raster_id } },
        fields: { url: "upload_url", id: "upload_id" },
      },
      commit: (upload_id) => ({
        path: "/vector_layers/{raster_id}/upload/{upload_id}/commit/",
        params: { path: { raster_id, upload_id } },
        body: commitBody,
      }),
    },
    body,
    options,
  );
  const id = (operation.results as { vector_layer_id?: unknown } | undefined)?.vector_layer_id;
  if (typeof id !== "string") {
    throw new PicterraError("the vector layer upload succeeded but its results name no vector_layer_id");
  }
  return id;
};

export const getVectorLayer: ForgeMethod<"getVectorLayer"> = async (t, vectorLayerId, options = {}) => {
  const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
  return t.expectData(
    t.api.GET("/vector_layers/{vector_layer_id}/", withPath({ vector_layer_id }, options)),
    200,
  );
};

export const getVectorLayerDownloadUrl: ForgeMethod<"getVectorLayerDownloadUrl"> = async (
  t,
  vectorLayerId,
  options = {},
) => {
  const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
  const operation = await runOperation<Operation>(
    t,
    t.expectData(
      t.api.POST("/vector_layers/{vector_layer_id}/download/", withPath({ vector_layer_id }, options)),
    ),
    options,
  );
  const url = operation.results?.download_url;
  if (typeof url !== "string") {
    throw new PicterraError(
      `the download of vector layer ${vector_layer_id} succeeded but names no download_url`,
    );
  }
  return url;
};

export const downloadVectorLayer: ForgeMethod<"downloadVectorLayer"> = async (
  t,
  vectorLayerId,
  options = {},
) => {
  const url = await getVectorLayerDownloadUrl(t, vectorLayerId, options);
  const content = await storageJson(t, url, options.signal);
  try {
    return checkFeatureCollection(`the GeoJSON at ${redactUrl(url)}`, content);
  } catch (error) {
    // Storage sent it: not the caller's input, so not a ValidationError.
    throw new PicterraError(error instanceof Error ? error.message : String(error));
  }
};

export const editVectorLayer: ForgeMethod<"editVectorLayer"> = async (t, vectorLayerId, options = {}) => {
  const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
  const body = nameAndColor(options);
  await t.expect(
    t.api.PUT("/vector_layers/{vector_layer_id}/", { ...withPath({ vector_layer_id }, options), body }),
    204,
  );
};

export const deleteVectorLayer: ForgeMethod<"deleteVectorLayer"> = async (t, vectorLayerId, options = {}) => {
  const vector_layer_id = checkId("vectorLayerId", vectorLayerId);
  await t.expect(
    t.api.DELETE("/vector_layers/{vector_layer_id}/", withPath({ vector_layer_id }, options)),
    204,
  );
};
