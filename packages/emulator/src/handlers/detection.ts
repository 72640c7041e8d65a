import { writeFile } from "node:fs/promises";
import type { ForgeHandlers, ForgeResults } from "../documents";
import { type ClassDetections, detect } from "../detections";
import { fieldError } from "../errors";
import type { Feature } from "../geo";
import type { ResultsBuilder } from "../operations";
import { started } from "./operations";
import { defaultColor, writeChunks } from "./vector-layers";

function multiPolygon(classes: ClassDetections[]): unknown {
  return { type: "MultiPolygon", coordinates: classes.flatMap((c) => c.polygons) };
}

export const detectionHandlers = {
  /**
   * Runs a detector: the results keep the 2024 shape (`url`, and per class a MultiPolygon `result.url`) and
   * name, per class, the vector layer the run made on the raster (`result.vector_layer_id`), which 2026
   * clients download through `POST vector_layers/{id}/download/`.
   */
  runDetector: (ctx) => {
    const { store, ops, storage, options } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id);
    const b = ctx.body;
    const raster = store.rasterField("raster_id", b.raster_id);
    if (raster.status !== "ready" || !raster.footprint)
      throw fieldError("raster_id", "The raster is not ready.");
    const metadata: Record<string, string> = {
      raster_id: raster.id,
      detector_id: detector.id,
      folder_id: raster.folderId,
    };
    if (b.secondary_raster_id !== undefined) {
      const secondary = store.rasterField("secondary_raster_id", b.secondary_raster_id);
      if (secondary.status !== "ready") throw fieldError("secondary_raster_id", "The raster is not ready.");
      metadata.secondary_raster_id = secondary.id;
    }
    detector.folderIds.add(raster.folderId);
    const classes = detect(store, detector, raster);
    const op = ops.start("detector_run", metadata, async () => {
      const all = store.newFile("result");
      await writeFile(all, JSON.stringify(multiPolygon(classes)));
      const perClass = await Promise.all(
        classes.map(async (c) => {
          const file = store.newFile("result");
          await writeFile(file, JSON.stringify(multiPolygon([c])));
          const features: Feature[] = c.polygons.map((p) => ({
            type: "Feature",
            geometry: { type: "Polygon", coordinates: p },
            properties: { class_name: c.name },
          }));
          const chunks = await writeChunks(store, features, options.vectorLayerChunkSize);
          // The vector layer is made when the run ends (`apply`), before any results are read.
          return { ...c, file, chunks, layerId: "" };
        }),
      );
      const results: ResultsBuilder<ForgeResults> = (origin) => ({
        url: storage.signGet(origin, `results/${op.id}/all.geojson`, all, "application/json"),
        by_class: perClass.map((c, i) => ({
          class: { id: c.classId, name: c.name },
          result: {
            url: storage.signGet(origin, `results/${op.id}/class-${i}.geojson`, c.file, "application/json"),
            vector_layer_id: c.layerId,
          },
        })),
      });
      return {
        ok: true,
        results,
        recheck: () =>
          store.rasters.has(raster.id)
            ? null
            : { code: "raster_deleted", message: "the raster was deleted while the detector ran" },
        apply: () => {
          for (const c of perClass) {
            const layer = store.addVectorLayer({
              name: `${detector.name} - ${c.name}`,
              rasterId: raster.id,
              detectorId: detector.id,
              color: defaultColor(store),
              count: c.polygons.length,
              chunks: c.chunks,
            });
            c.layerId = layer.id;
          }
        },
      };
    });
    return started(ctx, op);
  },
} satisfies ForgeHandlers;
