import { describe, expect, it } from "vitest";
import { nongeoResultToPixel } from "../src/index";
import { lngLatPolygon, maxDifference, pixelBox } from "./support/geojson";

const OUTER = pixelBox(100, 200, 400, 600);
const HOLE = pixelBox(150, 250, 200, 300);
const SECOND = pixelBox(1000, 10, 1100, 90);
const THIRD = pixelBox(0, 0, 1520, 1086);

describe("nongeoResultToPixel", () => {
  it("converts a Polygon to one polygon of [x, y] rings", () => {
    const out = nongeoResultToPixel({ type: "Polygon", coordinates: lngLatPolygon(OUTER) });
    expect(maxDifference(out, [[OUTER]])).toBeLessThan(1e-6);
  });

  it("converts a MultiPolygon to one entry per part, in order", () => {
    const out = nongeoResultToPixel({
      type: "MultiPolygon",
      coordinates: [lngLatPolygon(OUTER), lngLatPolygon(SECOND)],
    });
    expect(maxDifference(out, [[OUTER], [SECOND]])).toBeLessThan(1e-6);
  });

  it("keeps holes as extra rings after the outer ring", () => {
    const out = nongeoResultToPixel({ type: "Polygon", coordinates: lngLatPolygon(OUTER, HOLE) });
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(2);
    expect(maxDifference(out, [[OUTER, HOLE]])).toBeLessThan(1e-6);
  });

  it("converts a Feature of a Polygon and a Feature of a MultiPolygon", () => {
    const polygon = nongeoResultToPixel({
      type: "Feature",
      properties: { class_name: "tree" },
      geometry: { type: "Polygon", coordinates: lngLatPolygon(OUTER, HOLE) },
    });
    const multi = nongeoResultToPixel({
      type: "Feature",
      properties: null,
      geometry: { type: "MultiPolygon", coordinates: [lngLatPolygon(OUTER), lngLatPolygon(SECOND)] },
    });
    expect(maxDifference(polygon, [[OUTER, HOLE]])).toBeLessThan(1e-6);
    expect(maxDifference(multi, [[OUTER], [SECOND]])).toBeLessThan(1e-6);
  });

  it("flattens a mixed FeatureCollection in document order, holes included", () => {
    const out = nongeoResultToPixel({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: {},
          geometry: { type: "Polygon", coordinates: lngLatPolygon(OUTER, HOLE) },
        },
        {
          type: "Feature",
          properties: {},
          geometry: { type: "MultiPolygon", coordinates: [lngLatPolygon(SECOND), lngLatPolygon(THIRD)] },
        },
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: lngLatPolygon(THIRD) } },
      ],
    });
    expect(maxDifference(out, [[OUTER, HOLE], [SECOND], [THIRD], [THIRD]])).toBeLessThan(1e-6);
  });

  it("returns no polygons for an empty FeatureCollection or MultiPolygon", () => {
    expect(nongeoResultToPixel({ type: "FeatureCollection", features: [] })).toEqual([]);
    expect(nongeoResultToPixel({ type: "MultiPolygon", coordinates: [] })).toEqual([]);
  });

  it("leaves the input untouched and shares no arrays with it", () => {
    const input = {
      type: "FeatureCollection" as const,
      features: [
        {
          type: "Feature" as const,
          properties: { class_name: "tree" },
          geometry: { type: "Polygon" as const, coordinates: lngLatPolygon(OUTER, HOLE) },
        },
      ],
    };
    const before = structuredClone(input);
    const out = nongeoResultToPixel(input);
    expect(input).toEqual(before);
    const ring = input.features[0]!.geometry.coordinates[0]!;
    expect(out[0]![0]).not.toBe(ring);
    expect(out[0]![0]![0]).not.toBe(ring[0]);
  });

  it("converts a real-sized result (Python's example shape: polygons → rings → [x, y])", () => {
    const features = Array.from({ length: 500 }, (_, i) => ({
      type: "Feature" as const,
      properties: { class_name: i % 2 ? "tree" : "car" },
      geometry: { type: "Polygon" as const, coordinates: lngLatPolygon(pixelBox(i, i, i + 3, i + 2)) },
    }));
    const out = nongeoResultToPixel({ type: "FeatureCollection", features });
    expect(out).toHaveLength(500);
    expect(maxDifference(out[499], [pixelBox(499, 499, 502, 501)])).toBeLessThan(1e-6);
  });
});
