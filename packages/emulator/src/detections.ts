import { createHash } from "node:crypto";
import { mulberry32 } from "./faults";
import {
  type Footprint,
  type PolygonCoords,
  type Position,
  bbox,
  centroid,
  fromRelative,
  inPolygon,
  polygonsOf,
  rectangle,
  toRelative,
} from "./geo";
import type { DetectorRecord, RasterRecord, Store } from "./state";

export interface ClassDetections {
  classId: string;
  name: string;
  polygons: PolygonCoords[];
}

/**
 * What a detector finds on a raster, deterministically and inside the raster's footprint: its outline
 * annotations, each moved from its training raster to the same relative place on the target (so a detector run
 * on its own training image finds exactly its outlines), or, without outlines, a small grid of boxes derived
 * from the two ids, in the detector's first class. One entry per class that has outlines, in the detector's
 * class order; kept to the raster's detection areas.
 */
export function detect(store: Store, detector: DetectorRecord, raster: RasterRecord): ClassDetections[] {
  const target = raster.footprint!;
  const byClass = new Map<string, PolygonCoords[]>();
  for (const rasterId of detector.trainingRasters) {
    const source = store.rasters.get(rasterId);
    if (!source?.footprint) continue;
    for (const [c, features] of store.outlinesByClass(detector.id, rasterId)) {
      const list = byClass.get(c.id) ?? [];
      for (const feature of features) {
        for (const polygon of polygonsOf(feature.geometry) ?? []) list.push(moved(polygon, source, raster));
      }
      byClass.set(c.id, list);
    }
  }
  if (byClass.size === 0) byClass.set(detector.classes[0]!.id, boxes(detector.id, raster.id, target));

  const areas = raster.detectionAreas;
  return detector.classes
    .filter((c) => byClass.has(c.id))
    .map((c) => {
      const polygons = byClass.get(c.id)!;
      let shaped = detector.configuration.output_type === "bbox" ? polygons.map(asBox) : polygons;
      if (areas) shaped = shaped.filter((p) => areas.some((area) => inPolygon(centroid(p), area)));
      return { classId: c.id, name: c.name, polygons: shaped };
    });
}

function sameFootprint(a: Footprint, b: Footprint): boolean {
  return a.projection.code === b.projection.code && a.bounds.every((v, i) => v === b.bounds[i]);
}

function moved(polygon: PolygonCoords, source: RasterRecord, target: RasterRecord): PolygonCoords {
  const from = source.footprint!;
  const to = target.footprint!;
  if (source.id === target.id || sameFootprint(from, to)) return polygon.map((ring) => ring.map(copy));
  return polygon.map((ring) => ring.map((p) => fromRelative(to, toRelative(from, p))));
}

function copy(p: Position): Position {
  return [p[0], p[1]];
}

function asBox(polygon: PolygonCoords): PolygonCoords {
  const [w, s, e, n] = bbox([polygon]);
  return [rectangle(w, s, e, n)];
}

/** A 2×2 or 3×3 grid of boxes, each jittered inside its cell, seeded by the detector and raster ids. */
function boxes(detectorId: string, rasterId: string, fp: Footprint): PolygonCoords[] {
  const seed = createHash("sha256").update(`${detectorId}:${rasterId}`).digest().readUInt32BE(0);
  const random = mulberry32(seed);
  const k = 2 + Math.floor(random() * 2);
  const cell = 0.9 / k;
  const out: PolygonCoords[] = [];
  for (let row = 0; row < k; row++) {
    for (let col = 0; col < k; col++) {
      const du = cell * (0.2 + random() * 0.5);
      const dv = cell * (0.2 + random() * 0.5);
      const u0 = 0.05 + col * cell + random() * (cell - du);
      const v0 = 0.05 + row * cell + random() * (cell - dv);
      const [w, s] = fromRelative(fp, [u0, v0]);
      const [e, n] = fromRelative(fp, [u0 + du, v0 + dv]);
      out.push([rectangle(w, s, e, n)]);
    }
  }
  return out;
}
