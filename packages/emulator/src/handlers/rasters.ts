import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { type BaseContext, isoDate, paginate, removeFiles } from "../context";
import type { ForgeHandlers, ForgeOperations, ForgeSchemas } from "../documents";
import { detail, fieldError, notFound } from "../errors";
import { makeGeoTiff, readFootprint } from "../footprint";
import { type Footprint, type PolygonCoords, bbox, footprint, outline, polygonsOf } from "../geo";
import { LON_LAT } from "../projection";
import { loadSpec } from "../spec";
import type { MarkerRecord, RasterRecord, Store, UploadRecord } from "../state";
import { started } from "./operations";
import { NOT_UPLOADED, createUpload, fileFailure, readFeatureCollection, uploadToCommit } from "./uploads";
import { vectorLayerSummary } from "./vector-layers";

/** A raster as the API answers it. */
export function rasterJson(r: RasterRecord): ForgeSchemas["Raster"] {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    folder_id: r.folderId,
    captured_at: r.capturedAt,
    identity_key: r.identityKey,
    multispectral: r.multispectral,
    cloud_coverage: r.cloudCoverage,
    user_tag: r.userTag,
  };
}

export function markerJson(m: MarkerRecord): ForgeSchemas["Marker"] {
  return {
    id: m.id,
    marker: { type: "Point", coordinates: m.coordinates },
    text: m.text,
    raster_id: m.rasterId,
    detector_id: m.detectorId,
    created_at: m.createdAt,
  };
}

/** Creates a marker from a validated `MarkerInput` body. */
export function addMarker(
  ctx: BaseContext & { body: ForgeSchemas["MarkerInput"] },
  rasterId: string,
  detectorId: string | null,
): MarkerRecord {
  const { body } = ctx;
  const [lon, lat] = body.marker.coordinates;
  // The document's minItems: 2 let no shorter point through.
  if (lon === undefined || lat === undefined)
    throw fieldError("marker", "A point needs [longitude, latitude].");
  const marker: MarkerRecord = {
    id: randomUUID(),
    rasterId,
    detectorId,
    coordinates: [lon, lat],
    text: body.text,
    createdAt: new Date().toISOString(),
  };
  ctx.emu.store.markers.set(marker.id, marker);
  return marker;
}

type RasterFilter = NonNullable<ForgeOperations["listRasters"]["parameters"]["query"]>;

function filterRasters(all: readonly RasterRecord[], q: RasterFilter): readonly RasterRecord[] {
  const needle = q.search?.toLowerCase();
  const before = q.captured_before === undefined ? undefined : Date.parse(isoDate(q.captured_before));
  const after = q.captured_after === undefined ? undefined : Date.parse(isoDate(q.captured_after));
  const none =
    q.folder === undefined &&
    needle === undefined &&
    q.user_tag === undefined &&
    q.max_cloud_coverage === undefined &&
    before === undefined &&
    after === undefined &&
    q.has_vector_layers === undefined;
  if (none) return all;
  return all.filter(
    (r) =>
      (q.folder === undefined || r.folderId === q.folder) &&
      (needle === undefined || r.nameLower.includes(needle)) &&
      (q.user_tag === undefined || r.userTag === q.user_tag) &&
      (q.max_cloud_coverage === undefined ||
        (r.cloudCoverage !== null && r.cloudCoverage <= q.max_cloud_coverage)) &&
      (before === undefined || (r.capturedAtMs !== null && r.capturedAtMs < before)) &&
      (after === undefined || (r.capturedAtMs !== null && r.capturedAtMs > after)) &&
      (q.has_vector_layers === undefined || r.vectorLayerCount > 0 === q.has_vector_layers),
  );
}

/** Makes sure a raster has a file to download: imported and seeded rasters get a small generated GeoTIFF. */
async function rasterFile(store: Store, raster: RasterRecord): Promise<string> {
  if (raster.file) return raster.file;
  if (raster.status !== "ready" || !raster.footprint) throw notFound();
  const file = store.newFile("raster");
  await writeFile(file, Buffer.from(await makeGeoTiff(raster.footprint)));
  raster.file ??= file;
  return raster.file;
}

/** The footprint of an area of interest: its lon/lat bounds, at most 256 pixels a side. */
function aoiFootprint(polygons: PolygonCoords[]): Footprint | string {
  const [w, s, e, n] = bbox(polygons);
  if (!(e > w && n > s)) return "the area of interest has no area";
  const ratio = ((e - w) * Math.cos((((s + n) / 2) * Math.PI) / 180)) / (n - s);
  const width = ratio >= 1 ? 256 : Math.max(1, Math.round(256 * ratio));
  const height = ratio >= 1 ? Math.max(1, Math.round(256 / ratio)) : 256;
  return footprint(LON_LAT, [w, s, e, n], width, height, true) ?? "the area of interest is not lon/lat";
}

/** Every polygon of a FeatureCollection upload, or why there are none. */
async function uploadedPolygons(upload: UploadRecord): Promise<PolygonCoords[] | string> {
  const features = await readFeatureCollection(upload);
  if (typeof features === "string") return features;
  const polygons: PolygonCoords[] = [];
  for (const [i, feature] of features.entries()) {
    const found = polygonsOf(feature.geometry);
    if (!found) return `features[${i}] is not a Polygon or MultiPolygon`;
    polygons.push(...found);
  }
  return polygons;
}

export const rasterHandlers = {
  listRasters: (ctx) => {
    const rasters = filterRasters(ctx.emu.store.rasterArray(), ctx.query);
    return paginate(ctx, rasters, rasterJson);
  },

  createRasterUpload: (ctx) => {
    const { store } = ctx.emu;
    const b = ctx.body;
    const folder =
      b.folder_id === undefined ? store.defaultFolder : store.folderField("folder_id", b.folder_id);
    const capturedAt = b.captured_at === undefined ? null : isoDate(b.captured_at);
    const raster = store.addRaster({
      name: b.name,
      status: "pending",
      folderId: folder.id,
      capturedAt,
      capturedAtMs: capturedAt === null ? null : Date.parse(capturedAt),
      identityKey: b.identity_key ?? null,
      // Picterra made "retain all bands" the default in 2024; the document holds the value.
      multispectral: b.multispectral ?? (loadSpec().schemaDefault("Multispectral") as boolean),
      bandSpecification: null,
      cloudCoverage: b.cloud_coverage ?? null,
      userTag: b.user_tag ?? null,
      file: null,
      footprint: null,
    });
    const { uploadUrl } = createUpload(ctx, "raster", { rasterId: raster.id }, raster.id);
    return { status: 201, body: { upload_url: uploadUrl, raster_id: raster.id } };
  },

  getRaster: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    // Its outline on the map, as Picterra answers it: lists leave it out.
    const footprint = raster.footprint
      ? { type: "Polygon" as const, coordinates: [outline(raster.footprint)] }
      : null;
    return { status: 200, body: { ...rasterJson(raster), footprint } };
  },

  editRaster: (ctx) => {
    const { store } = ctx.emu;
    const raster = store.raster(ctx.params.raster_id);
    const b = ctx.body;
    const folder = b.folder_id === undefined ? undefined : store.folderField("folder_id", b.folder_id);
    if (b.name !== undefined) {
      raster.name = b.name;
      raster.nameLower = b.name.toLowerCase();
    }
    if (folder) raster.folderId = folder.id;
    if (b.captured_at !== undefined) {
      raster.capturedAt = isoDate(b.captured_at);
      raster.capturedAtMs = Date.parse(raster.capturedAt);
    }
    if (b.identity_key !== undefined) raster.identityKey = b.identity_key;
    if (b.multispectral_band_specification !== undefined) {
      raster.bandSpecification = b.multispectral_band_specification;
    }
    if (b.cloud_coverage !== undefined) raster.cloudCoverage = b.cloud_coverage;
    if (b.user_tag !== undefined) raster.userTag = b.user_tag;
    return { status: 204 };
  },

  deleteRaster: async (ctx) => {
    await removeFiles(ctx.emu.store.deleteRaster(ctx.params.raster_id));
    return { status: 204 };
  },

  commitRasterUpload: (ctx) => {
    const { store, ops } = ctx.emu;
    const raster = store.raster(ctx.params.raster_id);
    const upload = store.uploads.get(raster.id);
    if (upload?.kind !== "raster") throw detail(400, "This raster has no upload to commit.");
    if (upload.committed) throw detail(400, "This raster upload was already committed.");
    upload.committed = true;
    raster.status = "processing";
    const op = ops.start("raster_upload", { raster_id: raster.id, folder_id: raster.folderId }, async () => {
      const fp = upload.received ? await readFootprint(upload.file) : NOT_UPLOADED;
      if (typeof fp === "string") {
        const failed = () => {
          raster.status = "failed";
        };
        return fileFailure(fp, failed);
      }
      return {
        ok: true,
        apply: () => {
          raster.file = upload.file;
          raster.footprint = fp;
          raster.status = "ready";
        },
      };
    });
    return started(ctx, op);
  },

  getRasterDownloadUrl: async (ctx) => {
    const { store, storage } = ctx.emu;
    const raster = store.raster(ctx.params.raster_id);
    const file = await rasterFile(store, raster);
    const url = storage.signGet(ctx.origin, `rasters/${raster.id}/image`, file, "application/octet-stream");
    return { status: 200, body: { download_url: url } };
  },

  removeRasterDetectionAreas: (ctx) => {
    ctx.emu.store.raster(ctx.params.raster_id).detectionAreas = null;
    return { status: 204 };
  },

  createDetectionAreasUpload: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    const { upload, uploadUrl } = createUpload(ctx, "detection_areas", { rasterId: raster.id });
    return { status: 201, body: { upload_url: uploadUrl, upload_id: upload.id } };
  },

  commitDetectionAreasUpload: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    const upload = uploadToCommit(
      ctx,
      ctx.params.upload_id,
      "detection_areas",
      (u) => u.rasterId === raster.id,
    );
    const op = ctx.emu.ops.start("detection_areas_upload", { raster_id: raster.id }, async () => {
      const polygons = await uploadedPolygons(upload);
      if (typeof polygons === "string") return fileFailure(polygons);
      // No areas at all means the whole raster, as after removing them.
      const apply = () => {
        raster.detectionAreas = polygons.length > 0 ? polygons : null;
      };
      return { ok: true, apply };
    });
    return started(ctx, op);
  },

  listRasterMarkers: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    const markers = [...ctx.emu.store.markers.values()].filter((m) => m.rasterId === raster.id);
    return paginate(ctx, markers, markerJson);
  },

  createRasterMarker: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    return { status: 201, body: markerJson(addMarker(ctx, raster.id, null)) };
  },

  listRasterVectorLayers: (ctx) => {
    const raster = ctx.emu.store.raster(ctx.params.raster_id);
    const needle = ctx.query.search?.toLowerCase();
    const { detector } = ctx.query;
    const layers = [...ctx.emu.store.vectorLayers.values()].filter(
      (l) =>
        l.rasterId === raster.id &&
        (needle === undefined || l.name.toLowerCase().includes(needle)) &&
        (detector === undefined || l.detectorId === detector),
    );
    return paginate(ctx, layers, vectorLayerSummary);
  },

  createRasterImport: (ctx) => {
    const { upload, uploadUrl } = createUpload(ctx, "remote_import");
    return { status: 201, body: { upload_url: uploadUrl, upload_id: upload.id } };
  },

  commitRasterImport: (ctx) => {
    const { store, ops } = ctx.emu;
    const b = ctx.body;
    const upload = store.uploads.get(ctx.params.upload_id);
    if (upload?.kind !== "remote_import") throw notFound();
    const folder = store.folderField("folder_id", b.folder_id);
    uploadToCommit(ctx, upload.id, "remote_import");
    const metadata: Record<string, string> = { folder_id: folder.id, source_id: b.source_id };
    const op = ops.start("remote_import", metadata, async () => {
      const polygons = await uploadedPolygons(upload);
      if (typeof polygons === "string") return fileFailure(polygons);
      if (polygons.length === 0) return fileFailure("the area of interest holds no polygon");
      const fp = aoiFootprint(polygons);
      if (typeof fp === "string") return fileFailure(fp);
      const file = store.newFile("raster");
      await writeFile(file, Buffer.from(await makeGeoTiff(fp)));
      const done: Record<string, string> = {};
      return {
        ok: true,
        metadata: done,
        apply: () => {
          const raster = store.addRaster({
            name: b.name,
            status: "ready",
            folderId: folder.id,
            capturedAt: null,
            capturedAtMs: null,
            identityKey: null,
            multispectral: false,
            bandSpecification: null,
            cloudCoverage: null,
            userTag: null,
            file,
            footprint: fp,
          });
          done.raster_id = raster.id;
        },
      };
    });
    return started(ctx, op);
  },
} satisfies ForgeHandlers;
