import { join } from "node:path";
import { OBJECT_FIELDS, type ObjectFeature, PIXEL_OBJECT_FIELDS, type PreviewInput } from "@picterra/gis";
import { type Format, type LayerFile, openLayer, renderPreview } from "@picterra/gis/node";
import type { Journal } from "../bulk/journal";
import { messageOf } from "../errors";
import {
  type ItemSource,
  LAYER,
  type RasterInfo,
  itemSpaces,
  mapObjects,
  pixelObjects,
} from "./item-outputs";
import { type GisSettings, PREVIEW_FILE, RUN_LAYER_NAME } from "./options";

/** One combined layer a run wrote. */
export interface RunLayer {
  /** The layer's file (a Shapefile's .shp; its other parts are in `files`). */
  file: string;
  files: string[];
  format: Format;
  /** "map" (lon/lat, in `crs`) or "pixels" (no CRS). */
  space: "map" | "pixels";
  /** Objects in it. */
  count: number;
  /** `EPSG:NNNN`, or null (pixels). */
  crs: string | null;
}

/** What a run wrote for GIS users beside its items' files. */
export interface RunOutputs {
  layers: RunLayer[];
  preview: string | null;
  /** Why the preview asked for was not written (its layers were), or null. */
  previewError: string | null;
}

/** The combined files of a space: `detections.<ext>` on the map, `detections.pixels.<ext>` in pixels. */
function runLayerFile(dir: string, format: Format, space: "map" | "pixels"): string | undefined {
  if (space === "pixels" && format === "geojson") return undefined;
  return join(dir, `${RUN_LAYER_NAME}${space === "pixels" ? ".pixels" : ""}.${format}`);
}

/** The raster info the journal holds for an item (rasterInfoOnce wrote it when the item was done). */
function infoOf(journal: Journal, source: ItemSource): RasterInfo {
  const known = journal.last(source.input.item, "raster-info");
  return known?.rasterId === source.rasterId
    ? { name: known.name, footprint: known.footprint }
    : { name: null, footprint: null };
}

/**
 * Writes the run's combined layers and its preview from the done items' results files (and the raster info
 * the journal holds), each file whole and atomically: `detections.<ext>` holds every object of every done item
 * on the map, in `gis.crs`, exactly once; `detections.pixels.<ext>` those of the pixel items, with no CRS
 * (written when the run has pixel items); `preview.png` the map objects over their rasters' footprints.
 */
export async function writeRunOutputs(
  dir: string,
  journal: Journal,
  gis: GisSettings & { pixels: boolean },
  /** Every input of the run, done or not: whether it has map or pixel items decides which layers exist. */
  inputs: readonly ItemSource["input"][],
  done: readonly ItemSource[],
  title: string,
): Promise<RunOutputs> {
  const anyMap = inputs.some((input) => itemSpaces(input, gis.pixels).map);
  const anyPixels = inputs.some((input) => itemSpaces(input, gis.pixels).pixels);
  const open = async (space: "map" | "pixels") => {
    const wanted = space === "map" ? anyMap : anyPixels;
    const layers: { format: Format; file: LayerFile }[] = [];
    for (const format of wanted ? gis.formats : []) {
      const path = runLayerFile(dir, format, space);
      if (path === undefined) continue;
      const options =
        space === "map"
          ? { format, crs: gis.crs, layer: LAYER, fields: OBJECT_FIELDS }
          : { format, layer: LAYER, space: "pixels" as const, fields: PIXEL_OBJECT_FIELDS };
      layers.push({ format, file: await openLayer(path, options) });
    }
    return layers;
  };
  const mapLayers = await open("map");
  const pixelLayers = await open("pixels");
  const drawn: ObjectFeature[] = [];
  const footprints: NonNullable<PreviewInput["footprints"]>[number][] = [];
  let onMap = 0;
  let notDrawn = 0;
  try {
    for (const source of done) {
      const info = infoOf(journal, source);
      const spaces = itemSpaces(source.input, gis.pixels);
      if (spaces.map && (mapLayers.length > 0 || gis.preview)) {
        const objects = await mapObjects(dir, source, info);
        for (const { file } of mapLayers) file.add(objects);
        if (gis.preview) {
          drawn.push(...objects);
          if (info.footprint) footprints.push({ name: info.name, geometry: info.footprint });
        }
      }
      if (spaces.map) onMap++;
      else notDrawn++;
      if (spaces.pixels && pixelLayers.length > 0) {
        const objects = await pixelObjects(dir, source, info);
        for (const { file } of pixelLayers) file.add(objects);
      }
    }
  } catch (error) {
    for (const { file } of [...mapLayers, ...pixelLayers]) file.abort();
    throw error;
  }
  const layers: RunLayer[] = [];
  const toClose = [
    ...mapLayers.map((l) => ({ ...l, space: "map" as const })),
    ...pixelLayers.map((l) => ({ ...l, space: "pixels" as const })),
  ];
  for (const [i, { format, file, space }] of toClose.entries()) {
    try {
      const written = await file.close();
      layers.push({
        file: file.path,
        files: written.files,
        format,
        space,
        count: written.count,
        crs: written.crs,
      });
    } catch (error) {
      for (const rest of toClose.slice(i + 1)) rest.file.abort();
      throw error;
    }
  }
  if (!gis.preview) return { layers, preview: null, previewError: null };
  // The layers are written by now: a preview that cannot be drawn (no PNG renderer on this runtime, say) is
  // reported as that alone, never as if the layers were lost.
  const preview = join(dir, PREVIEW_FILE);
  const rasters = onMap;
  const subtitle =
    `${drawn.length} object${drawn.length === 1 ? "" : "s"} on ${rasters} raster${rasters === 1 ? "" : "s"}` +
    (notDrawn > 0 ? `; ${notDrawn} image${notDrawn === 1 ? "" : "s"} without georeference not drawn` : "");
  try {
    await renderPreview({ title, subtitle, footprints, objects: drawn }, { png: preview });
    return { layers, preview, previewError: null };
  } catch (error) {
    return { layers, preview: null, previewError: messageOf(error) };
  }
}
