// Renders docs/preview.png (the READMEs' picture of `picterra detect --preview`) from a real run of the built
// bin against the emulator: three orthophoto tiles of an orchard near Lausanne, a detector trained on the
// first with outlines of trees and sheds, run on all three, its layers in Swiss LV95. Prints the session.
//   pnpm --filter @picterra/cli... build && node packages/cli/scripts/readme-preview.mjs [--keep]
// (--keep leaves the run's folder, its path printed last, to look at the files.)
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@picterra/emulator";
import { writeArrayBuffer } from "geotiff";

const here = import.meta.dirname;
const bin = join(here, "..", "bin", "picterra.js");
const work = mkdtempSync(join(tmpdir(), "picterra-readme-"));

/** A tile: a lon/lat GeoTIFF of 300 × 200 pixels of 0.00001° (about 0.8 m × 1.1 m) from its north-west corner. */
const PIXEL = 0.00001;
const [WIDTH, HEIGHT] = [300, 200];
function tile(name, lon, lat) {
  const pixels = new Uint8Array(WIDTH * HEIGHT).map((_, i) => 90 + ((i * 7) % 40));
  const bytes = writeArrayBuffer(pixels, {
    width: WIDTH,
    height: HEIGHT,
    ModelPixelScale: [PIXEL, PIXEL, 0],
    ModelTiepoint: [0, 0, 0, lon, lat, 0],
    GTRasterTypeGeoKey: 1,
    GTModelTypeGeoKey: 2,
    GeographicTypeGeoKey: 4326,
  });
  const path = join(work, name);
  writeFileSync(path, Buffer.from(bytes));
  return path;
}

/** The outlines on the first tile: rows of fruit trees (octagons) and two sheds (rectangles). */
function outlines(lon, lat) {
  const ring = (points) => [[...points, points[0]]];
  const tree = (x, y, r) =>
    ring(
      Array.from({ length: 8 }, (_, i) => [
        x + r * Math.cos((i * Math.PI) / 4),
        y + r * Math.sin((i * Math.PI) / 4) * 0.69,
      ]),
    );
  const shed = (x, y, w, h) =>
    ring([
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ]);
  const features = [];
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 9; col++) {
      if ((row * 9 + col) % 7 === 3) continue; // a tree missing here and there
      const x = lon + 0.0003 + col * 0.0003 + (row % 2) * 0.00012;
      const y = lat - 0.0004 - row * 0.00036;
      features.push({ class_name: "tree", coordinates: tree(x, y, 0.00007 + ((row + col) % 3) * 0.00001) });
    }
  }
  features.push({ class_name: "shed", coordinates: shed(lon + 0.0004, lat - 0.00185, 0.0004, 0.00012) });
  features.push({ class_name: "shed", coordinates: shed(lon + 0.0022, lat - 0.00188, 0.00025, 0.00015) });
  return {
    type: "FeatureCollection",
    features: features.map(({ class_name, coordinates }) => ({
      type: "Feature",
      properties: { class_name },
      geometry: { type: "Polygon", coordinates },
    })),
  };
}

const emu = await startEmulator({ port: 0, pollsUntilDone: 0 });
const env = { ...process.env, PICTERRA_BASE_URL: emu.siteUrl, PICTERRA_API_KEY: emu.apiKey };
/** Runs the bin as a user would (the emulator answers in this process meanwhile), printing what it printed. */
function picterra(...args) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: work, env, encoding: "utf8" },
      (error, stdout, stderr) => {
        process.stdout.write(`$ picterra ${args.join(" ")}\n${stdout}`);
        if (error) reject(new Error(`picterra ${args.join(" ")} failed: ${stderr}`));
        else resolve(stdout.trim());
      },
    );
  });
}
try {
  const [lon, lat] = [6.6, 46.53];
  const tiles = [
    tile("orchard-1.tif", lon, lat),
    tile("orchard-2.tif", lon + WIDTH * PIXEL, lat),
    tile("orchard-3.tif", lon + WIDTH * PIXEL, lat - HEIGHT * PIXEL),
  ];
  writeFileSync(join(work, "outlines.geojson"), JSON.stringify(outlines(lon, lat)));
  const detector = await picterra("detectors", "create", "--name", "orchard");
  const raster = JSON.parse(await picterra("--json", "rasters", "upload", "orchard-1.tif")).items[0]
    .raster_id;
  await picterra("detectors", "add-raster", detector, raster);
  await picterra("detectors", "annotate", detector, raster, "outline", "outlines.geojson");
  await picterra("--json", "detectors", "train", detector);
  await picterra(
    "detect",
    "--detector",
    detector,
    ...tiles.map((t) => t.slice(work.length + 1)),
    "--out",
    "results",
    "--format",
    "gpkg,fgb,shp,csv,geojson",
    "--crs",
    "EPSG:2056",
    "--preview",
  );
  const docs = join(here, "..", "docs");
  mkdirSync(docs, { recursive: true });
  copyFileSync(join(work, "results", "preview.png"), join(docs, "preview.png"));
  process.stdout.write(`wrote ${join(docs, "preview.png")}\n`);
} finally {
  await emu.close();
  if (process.argv.includes("--keep")) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
