import { previewSvg, resultObjects, toCsv, toFlatGeobuf, toGeoJson } from "@picterra/gis";
import { byId, log, runPage } from "./dom";

/** A result near Zürich as `downloadResultFeatureCollection` returns it: buildings in a row, trees in a park. */
function sampleResult() {
  const square = (x: number, y: number, s: number) => [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ];
  const buildings = Array.from({ length: 12 }, (_, i) =>
    square(8.541 + (i % 6) * 0.0012, 47.371 + Math.floor(i / 6) * 0.0015, 0.0006),
  );
  const trees = Array.from({ length: 30 }, (_, i) =>
    square(8.5415 + (i % 10) * 0.0006, 47.375 + Math.floor(i / 10) * 0.0006, 0.0002),
  );
  return {
    type: "FeatureCollection" as const,
    features: [
      {
        type: "Feature" as const,
        properties: { class_name: "building" },
        geometry: { type: "MultiPolygon" as const, coordinates: buildings },
      },
      {
        type: "Feature" as const,
        properties: { class_name: "tree" },
        geometry: { type: "MultiPolygon" as const, coordinates: trees },
      },
    ],
  };
}

async function main(): Promise<void> {
  const objects = resultObjects(sampleResult(), { rasterName: "zurich.tif", input: "zurich.tif" });
  log(
    `${objects.length} objects, ${Math.round(objects.reduce((s, o) => s + o.properties.area_m2, 0))} m² in all`,
  );
  const csv = await toCsv(objects, { crs: "EPSG:2056" });
  log(`CSV in EPSG:2056: ${csv.length} characters`);
  const geojson = JSON.parse(await toGeoJson(objects));
  const fgb = await toFlatGeobuf(objects, { crs: "EPSG:2056" });
  log(`FlatGeobuf in EPSG:2056: ${fgb.length} bytes`);
  const footprint = {
    name: "zurich.tif",
    geometry: {
      type: "Polygon" as const,
      coordinates: [
        [
          [8.54, 47.37],
          [8.55, 47.37],
          [8.55, 47.378],
          [8.54, 47.378],
          [8.54, 47.37],
        ],
      ],
    },
  };
  byId("preview", HTMLDivElement).innerHTML = previewSvg({
    title: "Zürich",
    footprints: [footprint],
    objects,
  });
  const firstRow = csv.split("\r\n")[1]!;
  const summary = {
    objects: objects.length,
    csvHeader: csv.split("\r\n")[0],
    firstEasting: Number(/^"POLYGON \(\(([\d.]+) /.exec(firstRow)?.[1]),
    geojsonFeatures: geojson.features.length,
    fgbMagic: Array.from(fgb.subarray(0, 8)),
    fgbBytes: fgb.length,
    previewPaths: document.querySelectorAll("#preview path.object").length,
  };
  byId("summary", HTMLPreElement).textContent = JSON.stringify(summary, null, 2);
}

runPage(main);
