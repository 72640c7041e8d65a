import { PicterraError } from "../machinery/errors";
import type { ClassResultFeature, FeatureCollection, MultiPolygon, Polygon } from "../machinery/geojson";
import { storageFetch, storageJson } from "../machinery/storage-fetch";
import { checkId, checkPlainObject } from "../machinery/validate";
import { type ForgeWaitOptions, getOperationResults, waitForOperation } from "./operations";
import type { CallOptions, Forge, Operation } from "./schemas";

export async function getOperationResultsUrl(
  t: Forge,
  operationId: string,
  options: CallOptions = {},
): Promise<string> {
  const results = await getOperationResults(t, operationId, options);
  if (typeof results.url !== "string") throw new PicterraError(`operation ${operationId} has no results URL`);
  return results.url;
}

export async function downloadOperationResults(
  t: Forge,
  operationId: string,
  options: CallOptions = {},
): Promise<Response> {
  const url = await getOperationResultsUrl(t, operationId, options);
  return storageFetch(t, url, { signal: options.signal });
}

export async function downloadResultFeatureCollection(
  t: Forge,
  operationId: string,
  options: CallOptions = {},
): Promise<FeatureCollection<MultiPolygon | Polygon, { class_name: string }>> {
  const results = await getOperationResults(t, operationId, options);
  if (!Array.isArray(results.by_class)) {
    throw new PicterraError(`operation ${operationId} has no per-class results (results.by_class)`);
  }
  const features: ClassResultFeature[] = [];
  for (const entry of results.by_class) {
    const geometry = await storageJson(t, entry.result.url, options.signal);
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

export async function runAdvancedTool(
  t: Forge,
  toolId: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  options: ForgeWaitOptions = {},
): Promise<Operation> {
  const tool_id = checkId("toolId", toolId);
  const body = { inputs: checkPlainObject("inputs", inputs), outputs: checkPlainObject("outputs", outputs) };
  const ref = await t.expectData(
    t.api.POST("/advanced_tools/{tool_id}/run/", {
      params: { path: { tool_id } },
      body,
      signal: options.signal,
    }),
  );
  return waitForOperation(t, ref, options);
}
