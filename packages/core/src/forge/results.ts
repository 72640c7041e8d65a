import { PicterraError, summarize } from "../machinery/errors";
import type { ClassResultFeature, FeatureCollection, Geometry, MultiPolygon } from "../machinery/geojson";
import { storageFetch, storageJson } from "../machinery/storage-fetch";
import { show } from "../machinery/validate";
import { getOperationResults } from "./operations";
import { downloadVectorLayer } from "./vector-layers";
import type { ForgeMethod } from "./calls";

export const getOperationResultsUrl: ForgeMethod<"getOperationResultsUrl"> = async (
  t,
  operationId,
  options = {},
) => {
  const results = await getOperationResults(t, operationId, options);
  if (typeof results.url !== "string") throw new PicterraError(`operation ${operationId} has no results URL`);
  return results.url;
};

export const downloadOperationResults: ForgeMethod<"downloadOperationResults"> = async (
  t,
  operationId,
  options = {},
) => {
  const url = await getOperationResultsUrl(t, operationId, options);
  return storageFetch(t, url, { signal: options.signal });
};

export const downloadResultFeatureCollection: ForgeMethod<"downloadResultFeatureCollection"> = async (
  t,
  operationId,
  options = {},
) => {
  const results = await getOperationResults(t, operationId, options);
  if (!Array.isArray(results.by_class)) {
    throw new PicterraError(`operation ${operationId} has no per-class results (results.by_class)`);
  }
  const features: ClassResultFeature[] = [];
  for (const entry of results.by_class) {
    const name = entry?.class?.name;
    const result = entry?.result;
    if (typeof name !== "string" || typeof result !== "object" || result === null) {
      throw new PicterraError(
        `operation ${operationId} has a per-class result without class.name and result: ${summarize(entry)}`,
      );
    }
    // Since 2024 a class's detections are a vector layer; the MultiPolygon behind result.url is the fallback.
    const layerId = result.vector_layer_id;
    const polygons = layerId
      ? polygonsOf(name, await downloadVectorLayer(t, layerId, options))
      : polygonsOf(name, await storageJson(t, result.url, options.signal));
    features.push({
      type: "Feature",
      properties: { class_name: name },
      geometry: { type: "MultiPolygon", coordinates: polygons },
    });
  }
  return { type: "FeatureCollection", features };
};

/** The polygons of a class's result: a vector layer's Polygon/MultiPolygon features, or one (Multi)Polygon. */
function polygonsOf(className: string, value: unknown): MultiPolygon["coordinates"] {
  const features = (value as FeatureCollection | null)?.features;
  const geometries =
    (value as { type?: unknown } | null)?.type === "FeatureCollection" && Array.isArray(features)
      ? features.map((f) => f?.geometry)
      : [value as Geometry];
  const polygons: MultiPolygon["coordinates"] = [];
  for (const geometry of geometries) {
    if (!Array.isArray((geometry as { coordinates?: unknown } | null)?.coordinates)) {
      throw new PicterraError(`the result of class ${show(className)} holds no polygon coordinates`);
    }
    if (geometry?.type === "Polygon") polygons.push(geometry.coordinates);
    // A loop, not push(...spread): a MultiPolygon of very many parts cannot overflow the stack.
    else if (geometry?.type === "MultiPolygon") for (const part of geometry.coordinates) polygons.push(part);
    else {
      throw new PicterraError(
        `the result of class ${show(className)} holds a ${JSON.stringify(geometry?.type ?? null)}, not polygons`,
      );
    }
  }
  return polygons;
}
