import { describe, expect, it } from "vitest";
import { nongeoResultToPixel, nongeoResultToPixelFeatureCollection } from "../src/index";
import { lngLatPolygon, maxDifference, pixelBox } from "./support/geojson";

const OUTER = pixelBox(100, 200, 400, 600);
const HOLE = pixelBox(150, 250, 200, 300);
const SECOND = pixelBox(1000, 10, 1100, 90);

const RESULT = {
  type: "FeatureCollection" as const,
  features: [
    {
      type: "Feature" as const,
      id: "det-1",
      bbox: [0, -0.01, 0.01, 0] as [number, number, number, number],
      properties: { class_name: "tree", score: 0.93 },
      geometry: { type: "Polygon" as const, coordinates: lngLatPolygon(OUTER, HOLE) },
    },
    {
      type: "Feature" as const,
      id: 7,
      properties: { class_name: "car" },
      geometry: { type: "MultiPolygon" as const, coordinates: [lngLatPolygon(OUTER), lngLatPolygon(SECOND)] },
    },
    {
      type: "Feature" as const,
      properties: null,
      geometry: { type: "Polygon" as const, coordinates: lngLatPolygon(SECOND) },
    },
  ],
};

describe("nongeoResultToPixelFeatureCollection", () => {
  it("keeps each feature's properties, id and geometry type, with pixel coordinates", () => {
    const fc = nongeoResultToPixelFeatureCollection(RESULT);
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features.map((f) => [f.id, f.properties, f.geometry.type])).toEqual([
      ["det-1", { class_name: "tree", score: 0.93 }, "Polygon"],
      [7, { class_name: "car" }, "MultiPolygon"],
      [undefined, null, "Polygon"],
    ]);
    expect(maxDifference(fc.features[0]!.geometry.coordinates, [OUTER, HOLE])).toBeLessThan(1e-6);
    expect(maxDifference(fc.features[1]!.geometry.coordinates, [[OUTER], [SECOND]])).toBeLessThan(1e-6);
    expect(maxDifference(fc.features[2]!.geometry.coordinates, [SECOND])).toBeLessThan(1e-6);
  });

  it("has exactly the coordinates nongeoResultToPixel gives", () => {
    const fc = nongeoResultToPixelFeatureCollection(RESULT);
    const flat = fc.features.flatMap((f) =>
      f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates,
    );
    expect(flat).toEqual(nongeoResultToPixel(RESULT));
  });

  it("omits `id` when the input has none, and drops the lon/lat `bbox`", () => {
    const [first, , third] = nongeoResultToPixelFeatureCollection(RESULT).features;
    expect(first).not.toHaveProperty("bbox");
    expect(third).not.toHaveProperty("id");
  });

  it("copies properties, so styling the output does not change the input", () => {
    const fc = nongeoResultToPixelFeatureCollection(RESULT);
    fc.features[0]!.properties!["stroke"] = "#ff0000";
    expect(RESULT.features[0]!.properties).toEqual({ class_name: "tree", score: 0.93 });
  });

  it("wraps a bare geometry or a single Feature in a FeatureCollection", () => {
    const fromGeometry = nongeoResultToPixelFeatureCollection({
      type: "MultiPolygon",
      coordinates: [lngLatPolygon(OUTER)],
    });
    expect(fromGeometry.features).toHaveLength(1);
    expect(fromGeometry.features[0]).toMatchObject({ type: "Feature", properties: {} });
    expect(fromGeometry.features[0]!.geometry.type).toBe("MultiPolygon");

    const fromFeature = nongeoResultToPixelFeatureCollection(RESULT.features[0]!);
    expect(fromFeature.features).toHaveLength(1);
    expect(fromFeature.features[0]).toMatchObject({ id: "det-1", properties: { class_name: "tree" } });
  });
});
