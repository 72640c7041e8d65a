// Renders docs/preview.png (the README's picture) from a realistic sample: two orthophoto tiles at Soubré
// (Côte d'Ivoire), the houses of a village and the shade trees of cocoa plots, as a count detector returns them.
//   pnpm --filter @picterra/gis build && node packages/gis/scripts/docs-preview.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { previewSvg, renderPng, resultObjects } from "../dist/node.js";

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const box = (x, y, w, h, turn = 0) => {
  const c = Math.cos(turn);
  const s = Math.sin(turn);
  const corners = [
    [-w, -h],
    [w, -h],
    [w, h],
    [-w, h],
  ].map(([dx, dy]) => [x + (dx * c - dy * s) / 2, y + ((dx * s + dy * c) / 2) * 0.995]);
  return [[...corners, corners[0]]];
};
const octagon = (x, y, r) => [
  Array.from({ length: 9 }, (_, i) => [
    x + (r * Math.cos(((i % 8) * Math.PI) / 4)) / 0.995,
    y + r * Math.sin(((i % 8) * Math.PI) / 4),
  ]),
];
const [lon0, lat0] = [-6.595, 5.785];
const tile = 0.012;
const footprints = [0, 1].map((i) => ({
  name: `soubre_2024_${i + 1}.tif`,
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [lon0 + i * tile, lat0],
        [lon0 + (i + 1) * tile, lat0],
        [lon0 + (i + 1) * tile, lat0 + tile],
        [lon0 + i * tile, lat0 + tile],
        [lon0 + i * tile, lat0],
      ],
    ],
  },
}));
const houses = [];
for (let i = 0; i < 70; i++) {
  const a = random() * Math.PI * 2;
  const d = Math.sqrt(random()) * 0.0035;
  houses.push(
    box(
      lon0 + 0.007 + Math.cos(a) * d,
      lat0 + 0.006 + Math.sin(a) * d,
      0.00012 + random() * 0.0001,
      0.00009 + random() * 0.00006,
      random(),
    ),
  );
}
const trees = [];
for (let i = 0; i < 160; i++) {
  const x = lon0 + 0.013 + random() * 0.0095;
  const y = lat0 + 0.0015 + random() * 0.009;
  trees.push(octagon(x, y, 0.00005 + random() * 0.00009));
}
const result = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { class_name: "building" },
      geometry: { type: "MultiPolygon", coordinates: houses },
    },
    {
      type: "Feature",
      properties: { class_name: "tree" },
      geometry: { type: "MultiPolygon", coordinates: trees },
    },
  ],
};
const svg = previewSvg({
  title: "Soubré, June 2024: buildings and shade trees",
  footprints,
  objects: resultObjects(result),
});
const docs = join(import.meta.dirname, "../docs");
mkdirSync(docs, { recursive: true });
writeFileSync(join(docs, "preview.png"), renderPng(svg));
console.log(`wrote ${join(docs, "preview.png")}`);
