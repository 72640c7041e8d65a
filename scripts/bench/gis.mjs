#!/usr/bin/env node
// `pnpm bench`'s GIS case: 100,000 detected objects (as `resultObjects` makes them) from a GeoJSON file to a
// GeoPackage and to a FlatGeobuf, by @picterra/gis against GDAL's ogr2ogr converting the same file, on this
// machine in the same run. Each side is a whole process (start-up included), runs alternate; the ratio is
// ogr2ogr's median time over ours (≥ 0.5 is the target: at least half GDAL's speed). Ours also reports the peak
// RSS growth of the conversion (target ≤ 256 MiB). Kept apart from scripts/bench.mjs; the table goes to stdout
// and into BENCHMARKS.md (BENCH_GIS_OUT, "-" for none), replacing the section an earlier run wrote there.
//   node scripts/bench/gis.mjs [--runs N] [--objects N]
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MiB, ROOT, alternate, distUrl, median, runChild, timeProcess } from "./lib.mjs";

const { values } = parseArgs({ options: { runs: { type: "string" }, objects: { type: "string" } } });
const RUNS = Number(values.runs ?? 3);
const OBJECTS = Number(values.objects ?? 100_000);
const env = { ...process.env };
const OUT = env.BENCH_GIS_OUT ?? join(ROOT, "BENCHMARKS.md");
const BEGIN = "<!-- GIS layers: written by scripts/bench/gis.mjs -->";
const END = "<!-- end of GIS layers -->";

if (spawnSync("ogr2ogr", ["--version"]).status !== 0) {
  console.error("bench gis: GDAL's ogr2ogr is needed as the baseline (apt-get install gdal-bin)");
  process.exit(1);
}
const gdalVersion = spawnSync("ogr2ogr", ["--version"], { encoding: "utf8" }).stdout.trim();

/** A result of a count detector over a 20 km² area: houses and trees, 5 to 9 vertices each, as Picterra returns it. */
function result(n) {
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const byClass = { building: [], tree: [] };
  for (let i = 0; i < n; i++) {
    const x = 8.4 + random() * 0.06;
    const y = 47.3 + random() * 0.04;
    const r = 0.00003 + random() * 0.0001;
    const sides = 4 + Math.floor(random() * 5);
    const ring = Array.from({ length: sides }, (_, k) => [
      x + r * Math.cos((2 * Math.PI * k) / sides),
      y + r * Math.sin((2 * Math.PI * k) / sides),
    ]);
    ring.push(ring[0]);
    byClass[i % 3 === 0 ? "tree" : "building"].push([ring]);
  }
  return {
    type: "FeatureCollection",
    features: Object.entries(byClass).map(([name, polygons]) => ({
      type: "Feature",
      properties: { class_name: name },
      geometry: { type: "MultiPolygon", coordinates: polygons },
    })),
  };
}

const work = await mkdtemp(join(tmpdir(), "picterra-bench-gis-"));
try {
  const { resultObjects } = await import(distUrl("gis", "index.js"));
  const t0 = performance.now();
  const objects = resultObjects(result(OBJECTS), {
    rasterId: "r-1",
    rasterName: "zurich.tif",
    operationId: "op-1",
    input: "zurich.tif",
  });
  const measureMs = performance.now() - t0;
  const input = join(work, "objects.geojson");
  await writeFile(input, JSON.stringify({ type: "FeatureCollection", features: objects }));

  const rows = [];
  for (const [format, driver, ext] of [
    ["GeoPackage", "GPKG", "gpkg"],
    ["FlatGeobuf", "FlatGeobuf", "fgb"],
  ]) {
    const output = (side) => join(work, `${side}.${ext}`);
    const inner = [];
    const times = await alternate(["ours", "ogr2ogr"], RUNS, async (side) => {
      await rm(output(side), { force: true });
      if (side === "ogr2ogr") return timeProcess("ogr2ogr", ["-f", driver, output(side), input]);
      const t = performance.now();
      const reply = await runChild("gis-worker.mjs", { input, output: output(side) });
      inner.push(reply);
      return performance.now() - t;
    });
    const ours = median(times.ours);
    const gdal = median(times.ogr2ogr);
    rows.push({
      format,
      ours,
      gdal,
      ratio: gdal / ours,
      conversion: median(inner.map((r) => r.ms)),
      rss: Math.max(...inner.map((r) => r.peakGrowth)),
      parseRss: Math.max(...inner.map((r) => r.parseGrowth)),
    });
  }
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    "",
    `## GIS layers: ${OBJECTS.toLocaleString("en")} objects from GeoJSON (median of ${RUNS} runs; ${gdalVersion})`,
    "",
    `Written by \`node scripts/bench/gis.mjs\` (part of \`pnpm bench\`) on ${new Date().toISOString()}: @picterra/gis and`,
    "GDAL's `ogr2ogr` each convert the same GeoJSON of per-object features, each as a whole process, runs alternated.",
    "",
    `resultObjects (measures of ${OBJECTS.toLocaleString("en")} objects, in-process): ${f(measureMs)}`,
    "",
    "| format | @picterra/gis (process) | of which read + parse + write | ogr2ogr (process) | speed vs ogr2ogr (target ≥ 0.5×) | peak RSS growth of the write (target ≤ 256 MiB) | of reading + parsing the GeoJSON first |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.format} | ${f(r.ours)} | ${f(r.conversion)} | ${f(r.gdal)} | ${r.ratio.toFixed(2)}× ${r.ratio >= 0.5 ? "✓" : "✗"} | ${(r.rss / MiB).toFixed(0)} MiB ${r.rss <= 256 * MiB ? "✓" : "✗"} | ${(r.parseRss / MiB).toFixed(0)} MiB |`,
    ),
    "",
  ];
  const section = lines.join("\n");
  console.log(section);
  if (OUT !== "-") {
    const before = await readFile(OUT, "utf8").catch(() => "");
    const start = before.indexOf(BEGIN);
    const end = before.indexOf(END);
    const kept = start >= 0 && end > start ? before.slice(0, start) + before.slice(end + END.length) : before;
    await writeFile(OUT, `${kept.trimEnd()}\n\n${BEGIN}\n${section}${END}\n`);
    console.error(`[bench gis] wrote its section into ${OUT}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
