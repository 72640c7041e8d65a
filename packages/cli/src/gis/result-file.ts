import type { PicterraClient } from "@picterra/core";
import {
  type ClassResult,
  GisInputError,
  OBJECT_FIELDS,
  PIXEL_OBJECT_FIELDS,
  pixelResultObjects,
  resultObjects,
} from "@picterra/gis";
import { type Format, formatOf, writeLayer } from "@picterra/gis/node";
import { nongeoResultToPixelFeatureCollection } from "@picterra/nongeo";
import { countByClass } from "../bulk/detect";
import { UsageError } from "../errors";
import { LAYER } from "./item-outputs";

/**
 * What `results download` writes to a file, from its name: `.geojson`/`.json`, the per-class FeatureCollection
 * as before; `.gpkg`, `.fgb`, `.shp`, `.csv`, one feature per object. Anything else is bad usage.
 */
export function resultFileFormat(flag: string, path: string): Format {
  try {
    return formatOf(path);
  } catch (error) {
    if (!(error instanceof GisInputError)) throw error;
    throw new UsageError(
      `${flag}: cannot tell the format of '${path}' from its name: end it with .geojson (the API's FeatureCollection), .gpkg, .fgb, .shp or .csv (one feature per object)`,
    );
  }
}

/** A data-dependent refusal of a layer writer (a CRS that cannot hold the objects): a failure, not bad usage. */
export class LayerWriteError extends Error {
  override name = "LayerWriteError";
}

/** Where an operation's objects came from: its raster, as the operation and getRaster say (validated). */
async function originOf(client: PicterraClient, operationId: string, signal?: AbortSignal) {
  const operation = await client.getOperation(operationId, { signal });
  const given = (operation.metadata as { raster_id?: unknown } | null | undefined)?.raster_id;
  const rasterId = typeof given === "string" && given !== "" ? given : null;
  const raster = rasterId === null ? null : await client.getRaster(rasterId, { signal });
  return {
    rasterId,
    rasterName: typeof raster?.name === "string" ? raster.name : null,
    operationId,
    input: rasterId,
  };
}

/**
 * Writes a detection's objects as a layer: `out` on the map (in `crs`), and/or `pixels` in the pixels of a
 * non-georeferenced image (no CRS), each in the format its name says. Returns the files written and the count.
 */
export async function writeResultLayers(
  client: PicterraClient,
  operationId: string,
  targets: { out?: string; pixels?: string; crs?: string },
  signal?: AbortSignal,
): Promise<{ files: string[]; counts: Map<string, number> }> {
  const result = (await client.downloadResultFeatureCollection(operationId, { signal })) as ClassResult;
  const meta = await originOf(client, operationId, signal);
  const files: string[] = [];
  try {
    if (targets.out !== undefined) {
      const features = resultObjects(result, meta);
      const written = await writeLayer(targets.out, features, {
        crs: targets.crs,
        layer: LAYER,
        fields: OBJECT_FIELDS,
      });
      files.push(...written.files);
    }
    if (targets.pixels !== undefined) {
      const pixels = nongeoResultToPixelFeatureCollection(result as never) as unknown as ClassResult;
      const features = pixelResultObjects(pixels, meta);
      const written = await writeLayer(targets.pixels, features, {
        layer: LAYER,
        space: "pixels",
        fields: PIXEL_OBJECT_FIELDS,
      });
      files.push(...written.files);
    }
  } catch (error) {
    // Requests were sent: a CRS that cannot hold these objects is this run's failure (exit 1), not bad usage.
    if (error instanceof GisInputError) throw new LayerWriteError(error.message);
    throw error;
  }
  return { files, counts: countByClass(result as never) };
}
