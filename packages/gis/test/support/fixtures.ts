import type { ClassResult } from "../../src/objects";

/** A square ring of side `s` whose south-west corner is (x, y), counter-clockwise. */
export function square(x: number, y: number, s: number): number[][] {
  return [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ];
}

/** A result near Zürich as downloadResultFeatureCollection returns it: 3 buildings (one with a courtyard), 2 trees. */
export const ZURICH: ClassResult = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { class_name: "building" },
      geometry: {
        type: "MultiPolygon",
        coordinates: [
          [square(8.54, 47.37, 0.001)],
          [square(8.545, 47.372, 0.002), square(8.5455, 47.3725, 0.001).reverse()],
          [square(8.55, 47.375, 0.0005)],
        ],
      },
    },
    {
      type: "Feature",
      properties: { class_name: "tree" },
      geometry: {
        type: "MultiPolygon",
        coordinates: [[square(8.541, 47.371, 0.0001)], [square(8.542, 47.371, 0.0001)]],
      },
    },
  ],
};

/** A result on a non-georeferenced image, in pixels (as @picterra/nongeo gives it). */
export const PIXELS: ClassResult = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { class_name: "building" },
      geometry: { type: "Polygon", coordinates: [square(24, 20, 60)] },
    },
    {
      type: "Feature",
      properties: { class_name: "tree" },
      geometry: { type: "MultiPolygon", coordinates: [[square(200, 100, 10)], [square(300, 150, 20)]] },
    },
  ],
};

export const META = {
  rasterId: "r-1",
  rasterName: "zurich.tif",
  operationId: "op-1",
  input: "scans/zurich.tif",
};
