import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MultiPolygon, Polygon, Position } from "@picterra/core";
import {
  type ClassResult,
  OBJECT_FIELDS,
  PIXEL_OBJECT_FIELDS,
  type ObjectMeta,
  pixelResultObjects,
  resultObjects,
} from "@picterra/gis";
import { writeLayer } from "@picterra/gis/node";
import { DETECT_SUFFIXES, type ItemResults } from "../bulk/detect";
import { type Input, isNonGeoreferenced } from "../bulk/inputs";
import { type Journal, allExist } from "../bulk/journal";
import type { BulkRun } from "../bulk/upload-once";
import { type GisSettings, gisWanted, mapLayerFile, pixelLayerFile } from "./options";

/** What getRaster said of an item's raster, as the journal keeps it. */
export interface RasterInfo {
  name: string | null;
  footprint: Polygon | MultiPolygon | null;
}

/** The layer every item's file (and the run's combined file) holds: one name, so GIS tools see one schema. */
export const LAYER = "detections";

/** The most positions of a footprint kept: an outline is a few hundred; more is no outline worth drawing. */
const FOOTPRINT_MAX_POSITIONS = 100_000;

/** A footprint as a server gave it, if it is a lon/lat Polygon or MultiPolygon of closed rings; else null. */
export function checkedFootprint(value: unknown): Polygon | MultiPolygon | null {
  const g = value as { type?: unknown; coordinates?: unknown } | null;
  const polygons =
    g?.type === "Polygon" ? [g.coordinates] : g?.type === "MultiPolygon" ? g.coordinates : undefined;
  if (!Array.isArray(polygons) || polygons.length === 0) return null;
  let positions = 0;
  const ringOk = (ring: unknown): boolean => {
    if (!Array.isArray(ring) || ring.length < 4) return false;
    positions += ring.length;
    const ok = ring.every(
      (p) =>
        Array.isArray(p) &&
        Number.isFinite(p[0]) &&
        Number.isFinite(p[1]) &&
        Math.abs(p[0]) <= 180 &&
        Math.abs(p[1]) <= 90,
    );
    const [first, last] = [ring[0] as Position, ring[ring.length - 1] as Position];
    return ok && first[0] === last[0] && first[1] === last[1];
  };
  const ok = polygons.every((rings) => Array.isArray(rings) && rings.length > 0 && rings.every(ringOk));
  if (!ok || positions > FOOTPRINT_MAX_POSITIONS) return null;
  // Only the positions' two numbers are kept: whatever else a server put there goes.
  const clean = (rings: Position[][]) => rings.map((ring) => ring.map((p) => [p[0]!, p[1]!]));
  return g?.type === "Polygon"
    ? { type: "Polygon", coordinates: clean(polygons[0] as Position[][]) }
    : { type: "MultiPolygon", coordinates: (polygons as Position[][][]).map(clean) };
}

/** The raster's name and footprint, read once (getRaster) and journaled, so that a re-run asks nothing. */
export async function rasterInfoOnce(
  run: BulkRun & { journal: Journal },
  item: string,
  rasterId: string,
): Promise<RasterInfo> {
  const known = run.journal.last(item, "raster-info");
  if (known?.rasterId === rasterId) return { name: known.name, footprint: known.footprint };
  const raster = await run.client.getRaster(rasterId, { signal: run.signal });
  const info: RasterInfo = {
    name: typeof raster.name === "string" ? raster.name : null,
    footprint: checkedFootprint(raster.footprint),
  };
  await run.journal.append({ step: "raster-info", item, rasterId, ...info });
  return info;
}

/** What an item's GIS outputs come from: where its results are, and what each of its objects carries. */
export type ItemSource = ItemResults;

/** Whether an item's objects are on the map (lon/lat layers), in pixels (pixel layers), or both (`--pixels`). */
export function itemSpaces(input: Input, pixels: boolean): { map: boolean; pixels: boolean } {
  const nonGeoreferenced = input.kind === "file" && isNonGeoreferenced(input.path);
  return { map: !nonGeoreferenced, pixels: nonGeoreferenced || pixels };
}

/** Reads a results file this run (or an earlier one of its journal) wrote. */
async function readResult(file: string): Promise<ClassResult> {
  return JSON.parse(await readFile(file, "utf8")) as ClassResult;
}

/** The objects of an item's results on the map, each carrying where it came from. */
export async function mapObjects(dir: string, source: ItemSource, info: RasterInfo) {
  const result = await readResult(join(dir, `${source.name}${DETECT_SUFFIXES.results}`));
  return resultObjects(result, metaOf(source, info));
}

/** The objects of an item's results in the pixels of its image. */
export async function pixelObjects(dir: string, source: ItemSource, info: RasterInfo) {
  const result = await readResult(join(dir, `${source.name}${DETECT_SUFFIXES.pixels}`));
  return pixelResultObjects(result, metaOf(source, info));
}

function metaOf(source: ItemSource, info: RasterInfo): ObjectMeta {
  return {
    rasterId: source.rasterId,
    rasterName: info.name,
    operationId: source.operationId,
    input: source.input.arg,
  };
}

/**
 * Writes an item's own layers in every format of `gis` (from its results files, so nothing is downloaded
 * again): `<name>.<ext>` on the map, in `gis.crs`, and for pixel items `<name>.pixels.<ext>` with no CRS. A
 * layer the journal says was written for the same operation, formats and CRS, and still on disk, is kept.
 * A CRS that cannot hold the objects fails the item (a GisInputError naming the CRS and the feature).
 */
export async function writeItemLayers(
  run: BulkRun & { journal: Journal },
  dir: string,
  source: ItemSource,
  gis: GisSettings & { pixels: boolean },
): Promise<string[]> {
  const { journal } = run;
  const { item } = source.input;
  const crs = gis.crs ?? null;
  const formats = [...gis.formats];
  const done = journal.last(item, "layers-written");
  if (
    done?.operationId === source.operationId &&
    done.crs === crs &&
    [...done.formats].sort().join(",") === [...formats].sort().join(",") &&
    (await allExist(done.files))
  ) {
    return done.files;
  }
  const info = await rasterInfoOnce(run, item, source.rasterId);
  const spaces = itemSpaces(source.input, gis.pixels);
  const files: string[] = [];
  if (spaces.map) {
    const objects = await mapObjects(dir, source, info);
    for (const format of formats) {
      const path = mapLayerFile(dir, source.name, format);
      const written = await writeLayer(path, objects, {
        format,
        crs: gis.crs,
        layer: LAYER,
        fields: OBJECT_FIELDS,
      });
      files.push(...written.files);
    }
  }
  if (spaces.pixels) {
    const objects = await pixelObjects(dir, source, info);
    for (const format of formats) {
      const path = pixelLayerFile(dir, source.name, format);
      if (path === undefined) continue;
      const written = await writeLayer(path, objects, {
        format,
        layer: LAYER,
        space: "pixels",
        fields: PIXEL_OBJECT_FIELDS,
      });
      files.push(...written.files);
    }
  }
  // A Shapefile and a CSV of one name share their .prj (the same CRS): each file once.
  const unique = [...new Set(files)];
  await journal.append({
    step: "layers-written",
    item,
    operationId: source.operationId,
    formats,
    crs,
    files: unique,
  });
  return unique;
}

/**
 * An item's GIS outputs, when the run asks for any: its raster's name and footprint (journaled, for the layers'
 * `raster_name` and the preview), and its own layers in the run's formats. Returns the layer files.
 */
export async function itemGisOutputs(
  run: BulkRun & { journal: Journal },
  dir: string,
  source: ItemSource,
  gis: GisSettings & { pixels: boolean },
): Promise<string[]> {
  if (!gisWanted(gis)) return [];
  await rasterInfoOnce(run, source.input.item, source.rasterId);
  return gis.formats.length > 0 ? writeItemLayers(run, dir, source, gis) : [];
}
