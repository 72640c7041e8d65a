// Speed of nongeoResultToPixel against a plain hand-written loop with the same formula, in one process.
// Run from packages/nongeo after `pnpm build`:  node --expose-gc bench/nongeo.bench.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { nongeoResultToPixel } from "../dist/index.js";
import { buildResult, plainLoop } from "./input.mjs";

const rssStart = process.memoryUsage.rss();

const TARGET_VERTICES = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const gc = globalThis.gc ?? (() => {});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const rate = (v, ms) => `${(((v / ms) * 1000) / 1e6).toFixed(2)} M vertices/s`;

const { result, vertices } = buildResult(TARGET_VERTICES);
const json = JSON.stringify(result);
const rssInput = process.memoryUsage.rss();

// Same answer, or the comparison means nothing.
const a = nongeoResultToPixel(result);
const b = plainLoop(result);
let maxDiff = 0;
for (let i = 0; i < a.length; i++) {
  for (let j = 0; j < a[i].length; j++) {
    for (let k = 0; k < a[i][j].length; k++) {
      const [x, y] = a[i][j][k];
      maxDiff = Math.max(maxDiff, Math.abs(x - b[i][j][k][0]), Math.abs(y - b[i][j][k][1]));
    }
  }
}

gc();
const times = { ours: [], plain: [] };
// CPU time too (all threads, GC helpers included): on a shared machine wall time also measures the neighbours.
const cpuTimes = { ours: [], plain: [] };
let kept;
for (let run = 0; run < RUNS + 1; run++) {
  // Alternate the order each run so neither side always gets the warmer JIT or the fresher heap.
  const order = run % 2 === 0 ? ["ours", "plain"] : ["plain", "ours"];
  for (const name of order) {
    kept = undefined;
    gc();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    kept = name === "ours" ? nongeoResultToPixel(result) : plainLoop(result);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (run > 0) {
      // run 0 warms up
      times[name].push(ms);
      cpuTimes[name].push((cpu.user + cpu.system) / 1000);
    }
  }
}

// Memory per side, each from a collected heap: what one result keeps alive, and how far RSS peaks above
// the starting point while converting (Linux's VmHWM, reset first; elsewhere RSS right after).
function resetPeakRss() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
function peakRss() {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : process.memoryUsage.rss();
}
function memoryOf(convert) {
  kept = undefined;
  gc();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage.rss();
  const kernelPeak = resetPeakRss();
  kept = convert(result);
  const peak = kernelPeak ? peakRss() : process.memoryUsage.rss();
  gc();
  return { held: process.memoryUsage().heapUsed - heap0, rssGrowth: peak - rss0 };
}
const memory = { ours: memoryOf(nongeoResultToPixel), plain: memoryOf(plainLoop) };
const rssEnd = process.memoryUsage.rss();

const ours = median(times.ours);
const plain = median(times.plain);
console.log(`input: ${result.features.length} features, ${vertices} vertices (${mib(json.length)} of JSON)`);
console.log(`max |ours − plain| = ${maxDiff.toExponential(2)} px`);
console.log(
  `nongeoResultToPixel: median ${ours.toFixed(1)} ms  ${rate(vertices, ours)}  runs ${times.ours.map((t) => t.toFixed(0)).join(" ")}`,
);
console.log(
  `plain loop:          median ${plain.toFixed(1)} ms  ${rate(vertices, plain)}  runs ${times.plain.map((t) => t.toFixed(0)).join(" ")}`,
);
console.log(`ratio (ours / plain, throughput): ${(plain / ours).toFixed(2)}×  (target ≥ 0.80×)`);
console.log(
  `CPU time, median: ours ${median(cpuTimes.ours).toFixed(1)} ms, plain ${median(cpuTimes.plain).toFixed(1)} ms, ` +
    `ratio ${(median(cpuTimes.plain) / median(cpuTimes.ours)).toFixed(2)}×`,
);
for (const name of ["ours", "plain"]) {
  const { held, rssGrowth } = memory[name];
  console.log(
    `memory, ${name.padEnd(5)}: heap held by one result ${mib(held)}, peak RSS growth ${mib(rssGrowth)}`,
  );
}
console.log(
  `process RSS: ${mib(rssStart)} at start, ${mib(rssInput)} with the input built, ${mib(rssEnd)} at the end` +
    (globalThis.gc ? "" : " (run with --expose-gc for exact heap numbers)"),
);
if (kept.length === 0) throw new Error("unreachable: keeps the result alive until here");
