// nongeoResultToPixel on ~1M vertices against a plain loop with the same formula, in a fresh process.
// The input is packages/nongeo/bench/input.mjs's: Polygons, Polygons with a hole, MultiPolygons.
// Input (argv[2], JSON): { runs }.
import { buildResult, plainLoop } from "../../packages/nongeo/bench/input.mjs";
import { distUrl, median, MiB, measurePeakRss, reply } from "./lib.mjs";

const { runs } = JSON.parse(process.argv[2]);
const { nongeoResultToPixel } = await import(distUrl("nongeo"));

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
