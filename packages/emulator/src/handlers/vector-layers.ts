import { readFile, writeFile } from "node:fs/promises";
import { removeFiles } from "../context";
import type { ForgeHandlers, ForgeSchemas } from "../documents";
import { type Feature, polygonsOf } from "../geo";
import { failure } from "../operations";
import { paletteColor } from "../palette";
import type { Store, VectorLayerRecord } from "../state";
import type { Storage } from "../storage";
import { started } from "./operations";
import { createUpload, fileFailure, readFeatureCollection, uploadToCommit } from "./uploads";

/** A color for a new layer when none is given, cycling through a palette. */
export function defaultColor(store: Store): string {
  return paletteColor(store.vectorLayers.size);
}

/** A time as Picterra writes `expiration`: ISO 8601 in UTC with microseconds, e.g. 2021-11-03T10:55:16.000000Z. */
export function microsecondsIso(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/**
 * Writes a layer's features as Picterra serves a layer download since 2024-10-11: one FeatureCollection of
 * Polygon features, a MultiPolygon split into one feature per polygon (each keeps the feature's properties).
 */
async function writePolygonCollection(chunks: readonly string[], file: string): Promise<void> {
  const features: Feature[] = [];
  for (const chunk of chunks) {
    const collection = JSON.parse(await readFile(chunk, "utf8")) as { features: Feature[] };
    for (const feature of collection.features) {
      for (const polygon of polygonsOf(feature.geometry) ?? []) {
        features.push({
          type: "Feature",
          geometry: { type: "Polygon", coordinates: polygon },
          properties: feature.properties ?? {},
        });
      }
    }
  }
  await writeFile(file, JSON.stringify({ type: "FeatureCollection", features }));
}

/** Writes features to disk in FeatureCollections of at most `chunkSize` features (one per `geojson_urls` entry). */
export async function writeChunks(store: Store, features: Feature[], chunkSize: number): Promise<string[]> {
  const files: string[] = [];
  for (let start = 0; start === 0 || start < features.length; start += chunkSize) {
    const file = store.newFile("vector-layer");
    const chunk = { type: "FeatureCollection", features: features.slice(start, start + chunkSize) };
    await writeFile(file, JSON.stringify(chunk));
    files.push(file);
  }
  return files;
}

/** A vector layer as lists answer it. */
export function vectorLayerSummary(l: VectorLayerRecord): ForgeSchemas["VectorLayerSummary"] {
  return { ...vectorLayerCommon(l), detector_id: l.detectorId, created_at: l.createdAt };
}

/** A vector layer as the 2024 `GET vector_layers/{id}/` answers it, with a signed URL per chunk. */
function vectorLayerJson(
  l: VectorLayerRecord,
  storage: Storage,
  origin: string,
): ForgeSchemas["VectorLayer"] {
  return {
    ...vectorLayerCommon(l),
    geojson_urls: l.chunks.map((file, i) =>
      storage.signGet(origin, `vector_layers/${l.id}/${i}.geojson`, file, "application/geo+json"),
    ),
  };
}

function vectorLayerCommon(l: VectorLayerRecord) {
  return { id: l.id, name: l.name, raster_id: l.rasterId, count: l.count, color: l.color };
}

export const vectorLayerHandlers = {
  createVectorLayerUpload: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    const { upload, uploadUrl } = createUpload(ctx, "vector_layer", { rasterId: raster.id });
    return { status: 201, body: { upload_url: uploadUrl, upload_id: upload.id } };
  },

  commitVectorLayerUpload: (ctx) => {
    const { store, ops, options } = ctx.emu;
    const raster = store.raster(ctx.params.raster_id);
    const upload = uploadToCommit(ctx, ctx.params.upload_id, "vector_layer", (u) => u.rasterId === raster.id);
    const { name, color } = ctx.body;
    const op = ops.start("vector_layer_upload", { raster_id: raster.id }, async () => {
      const features = await readFeatureCollection(upload);
      if (typeof features === "string") return fileFailure(features);
      // A vector layer holds polygons: its download is a FeatureCollection of Polygon features.
      const bad = features.findIndex((f) => polygonsOf(f.geometry) === null);
      if (bad !== -1) return failure("invalid_file", `features[${bad}] is not a Polygon or MultiPolygon`);
      const chunks = await writeChunks(store, features, options.vectorLayerChunkSize);
      let layerId = "";
      return {
        ok: true,
        apply: () => {
          const layer = store.addVectorLayer({
            name: name ?? `Vector layer ${store.vectorLayers.size + 1}`,
            rasterId: raster.id,
            detectorId: null,
            color: color ?? defaultColor(store),
            count: features.length,
            chunks,
          });
          layerId = layer.id;
        },
        results: () => ({ vector_layer_id: layerId }),
      };
    });
    return started(ctx, op);
  },

  getVectorLayer: (ctx) => {
    const layer = ctx.emu.store.vectorLayer(ctx.params.vector_layer_id);
    return { status: 200, body: vectorLayerJson(layer, ctx.emu.storage, ctx.origin) };
  },

  editVectorLayer: (ctx) => {
    const layer = ctx.emu.store.vectorLayer(ctx.params.vector_layer_id);
    const { name, color } = ctx.body;
    if (name !== undefined) layer.name = name;
    if (color !== undefined) layer.color = color;
    return { status: 204 };
  },

  downloadVectorLayer: (ctx) => {
    const { store, ops, storage } = ctx.emu;
    const layer = store.vectorLayer(ctx.params.vector_layer_id);
    const chunks = [...layer.chunks];
    const metadata = { vector_layer_id: layer.id, raster_id: layer.rasterId };
    const op = ops.start("vector_layer_download", metadata, async () => {
      const file = store.newFile("vector-layer-download");
      await writePolygonCollection(chunks, file);
      return {
        ok: true,
        results: (origin) => {
          const object = `vector_layers/${layer.id}/download-${op.id}.geojson`;
          const { url, expiresAt } = storage.signGetExpiring(origin, object, file, "application/geo+json");
          return { download_url: url, expiration: microsecondsIso(expiresAt) };
        },
      };
    });
    return started(ctx, op);
  },

  deleteVectorLayer: async (ctx) => {
    await removeFiles(ctx.emu.store.deleteVectorLayer(ctx.params.vector_layer_id));
    return { status: 204 };
  },
} satisfies ForgeHandlers;
