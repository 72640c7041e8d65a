// nongeoResultToPixel on ~1M vertices against a plain loop with the same formula, in a fresh process.
// The input mirrors packages/nongeo/bench/nongeo.bench.mjs: Polygons, Polygons with a hole, MultiPolygons.
// Input (argv[2], JSON): { runs }.
import { distUrl, median, MiB, measurePeakRss, reply } from "./lib.mjs";

const { runs } = JSON.parse(process.argv[2]);
const { nongeoResultToPixel } = await import(distUrl("nongeo"));

const R = 6378137;
const D2R = Math.PI / 180;
const VERTICES_PER_RING = 50;

function lngLat(x, y) {
  return [
    ((x * 0.1) / R) * (180 / Math.PI),
    (Math.PI / 2 - 2 * Math.atan(Math.exp((y * 0.1) / R))) * (180 / Math.PI),
  ];
}

function ring(cx, cy, radius) {
  const out = [];
  for (let i = 0; i < VERTICES_PER_RING - 1; i++) {
    const a = (2 * Math.PI * i) / (VERTICES_PER_RING - 1);
    out.push(lngLat(cx + radius * Math.cos(a), cy + radius * Math.sin(a)));
  }
  out.push(out[0].slice());
  return out;
}

function buildResult(targetVertices) {
  const features = [];
  let vertices = 0;
  for (let i = 0; vertices < targetVertices; i++) {
    const cx = 100 + ((i * 37) % 19800);
    const cy = 100 + ((i * 53) % 19800);
    let geometry;
    if (i % 3 === 0) geometry = { type: "Polygon", coordinates: [ring(cx, cy, 40)] };
    else if (i % 3 === 1) geometry = { type: "Polygon", coordinates: [ring(cx, cy, 40), ring(cx, cy, 10)] };
    else geometry = { type: "MultiPolygon", coordinates: [[ring(cx, cy, 20)], [ring(cx + 50, cy, 20)]] };
    vertices +=
      geometry.type === "Polygon" ? geometry.coordinates.length * VERTICES_PER_RING : 2 * VERTICES_PER_RING;
    features.push({ type: "Feature", properties: { class_name: "tree" }, geometry });
  }
  return { result: { type: "FeatureCollection", features }, vertices };
}

/** The baseline: the same formula (EPSG:3857, geotransform [0, 0.1, 0, 0, 0, -0.1]) with no validation. */
function plainLoop(fc) {
  const polygons = [];
  const convertPolygon = (polygon) =>
    polygon.map((r) =>
      r.map((p) => [(R * p[0] * D2R) / 0.1, (R * Math.log(Math.tan(Math.PI / 4 + (p[1] * D2R) / 2))) / -0.1]),
    );
  for (const feature of fc.features) {
    const g = feature.geometry;
    if (g.type === "Polygon") polygons.push(convertPolygon(g.coordinates));
    else for (const polygon of g.coordinates) polygons.push(convertPolygon(polygon));
  }
  return polygons;
}

const { result, vertices } = buildResult(1_000_000);
const sides = { ours: nongeoResultToPixel, baseline: plainLoop };

// Same answer, or the comparison means nothing.
const a = nongeoResultToPixel(result);
const b = plainLoop(result);
let maxDiff = 0;
for (let i = 0; i < a.length; i++)
  for (let j = 0; j < a[i].length; j++)
    for (let k = 0; k < a[i][j].length; k++) {
      const p = a[i][j][k];
      const q = b[i][j][k];
      maxDiff = Math.max(maxDiff, Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]));
    }

const times = { ours: [], baseline: [] };
let kept;
for (let run = 0; run <= runs; run++) {
  const order = run % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
  for (const name of order) {
    kept = undefined;
    globalThis.gc();
    const t0 = performance.now();
    kept = sides[name](result);
    const ms = performance.now() - t0;
    if (run > 0) times[name].push(ms);
  }
}

// Memory: the heap one converted result holds, and the peak RSS growth while converting.
const memory = {};
for (const name of ["ours", "baseline"]) {
  kept = undefined;
  globalThis.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const m = await measurePeakRss(() => sides[name](result));
  kept = m.value;
  globalThis.gc();
  memory[name] = { heldBytes: process.memoryUsage().heapUsed - heap0, peakRssGrowth: m.peakGrowth };
}
if (kept.length === 0) throw new Error("unreachable: keeps the last result alive until measured");

const out = {};
for (const name of ["ours", "baseline"]) {
  const ms = median(times[name]);
  out[name] = { runsMs: times[name], medianMs: ms, perSecond: vertices / (ms / 1000), ...memory[name] };
}
reply({
  ...out,
  vertices,
  features: result.features.length,
  maxDiff,
  inputMiB: JSON.stringify(result).length / MiB,
});
