import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FeatureCollection } from "@picterra/core";
import { resultObjects } from "@picterra/gis";
import { renderPreview, writeLayer } from "@picterra/gis/node";
import type { DemoContext } from "./context";
import type { ProjectedResult } from "./forge-2026";
import { LV95 } from "./projected";

/** What the GIS part wrote and found. */
export interface GisSummary {
  /** The folder and the detector, found again as Picterra's QGIS plugin finds them. */
  found: { folderName: string; runnableDetectors: number };
  /** The LV95 detections, one feature per object, in EPSG:2056. */
  layer: { file: string; count: number; crs: string | null };
  /** The detections drawn over the raster's footprint. */
  preview: string;
}

/**
 * The GIS workflow on the LV95 GeoTIFF's detections: the folder and the (trained) detector found with
 * `listFolders`/`getFolder` and `listDetectors({ runnable: true })`; the detections as a GeoPackage of one
 * feature per object with its measures, in Swiss LV95 (@picterra/gis); and a preview of them over the raster's
 * footprint (getRaster's `footprint`), as `picterra detect --format gpkg --crs EPSG:2056 --preview` writes them.
 */
export async function runGisOutputs(
  ctx: DemoContext,
  ids: { folderId: string; detectorId: string },
  projected: ProjectedResult,
): Promise<GisSummary> {
  const { client, steps, signal, name, outDir } = ctx;
  const dir = join(outDir, "gis");
  const found = await steps.step(
    "find the folder and the runnable detector",
    async () => {
      const folders = await (await client.listFolders({ searchString: name, signal })).toArray();
      if (!folders.some((f) => f.id === ids.folderId))
        throw new Error(`listFolders has no folder ${ids.folderId}`);
      const folder = await client.getFolder(ids.folderId, { signal });
      const runnable = await (
        await client.listDetectors({ searchString: name, runnable: true, signal })
      ).toArray();
      if (!runnable.some((d) => d.id === ids.detectorId)) {
        throw new Error(`the trained detector ${ids.detectorId} is not among the runnable ones`);
      }
      return { folderName: folder.name, runnableDetectors: runnable.length };
    },
    (f) => `folder "${f.folderName}", ${f.runnableDetectors} runnable detector(s)`,
  );
  const raster = await client.getRaster(projected.rasterId, { signal });
  const result = JSON.parse(await readFile(projected.file, "utf8")) as FeatureCollection;
  const objects = resultObjects(result as Parameters<typeof resultObjects>[0], {
    rasterId: projected.rasterId,
    rasterName: raster.name,
    operationId: projected.operationId,
    input: "sample-lv95.tif",
  });
  const layer = await steps.step(
    `write the LV95 detections as a GeoPackage in EPSG:${LV95.code}`,
    async () => {
      await mkdir(dir, { recursive: true });
      const written = await writeLayer(join(dir, "detections-lv95.gpkg"), objects, {
        crs: `EPSG:${LV95.code}`,
        layer: "detections",
      });
      return { file: written.files[0]!, count: written.count, crs: written.crs };
    },
    (l) => `${l.count} objects → ${l.file} (${l.crs})`,
  );
  const preview = await steps.step(
    "draw the detections over the raster's footprint",
    async () => {
      const file = join(dir, "preview.png");
      const footprints = raster.footprint ? [{ name: raster.name, geometry: raster.footprint }] : [];
      await renderPreview({ title: `${LV95.name}: detections`, footprints, objects }, { png: file });
      return file;
    },
    (file) => file,
  );
  return { found, layer, preview };
}
