// The transfer cases of `pnpm bench`: upload and download of one large file, ours (node-fs) against the Python
// peer (Picterra's client's requests calls) and the wire (`node:http`), each run in a fresh process so that
// its peak RSS is its own, the order rotating every run (ours, python, wire, ...).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pythonTransfer } from "./python.mjs";
import { MiB, median, runChild } from "./lib.mjs";

const TIMEOUT_MS = 300_000;

/**
 * The modes of each case: `target` ones make the table's row (a failure there fails the case); `details`
 * split the gap and are skipped by --quick (a failure there drops that mode and is reported).
 */
const MODES = {
  upload: {
    target: ["ours-upload", "python-upload", "raw-put"],
    details: ["sink-ours-put", "sink-put", "python-sink-put", "sink-fetch-put"],
  },
  download: {
    target: ["ours-download", "python-download", "raw-get-atomic"],
    details: [
      "python-download-plain",
      "raw-get",
      "sink-get",
      "python-sink-get",
      "sink-fetch-get",
      "ram-ours-get",
      "ram-raw-get-atomic",
    ],
  },
};

const PYTHON_MODES = {
  "python-upload": "upload",
  "python-download": "download",
  "python-download-plain": "download-plain",
  "python-sink-put": "sink-put",
  "python-sink-get": "sink-get",
};

/**
 * Runs `mode` once in a fresh process (Node or Python), after `sync`: what earlier runs left for the kernel to
 * write back (a download without fsync leaves up to 1 GiB of dirty pages) is written before, not during, it.
 */
function runMode(mode, input, python) {
  execFileSync("sync");
  if (mode in PYTHON_MODES) return pythonTransfer(python, { ...input, mode: PYTHON_MODES[mode] }, TIMEOUT_MS);
  return runChild("transfer-worker.mjs", { ...input, mode }, { timeoutMs: TIMEOUT_MS });
}

/**
 * Runs each target mode once untimed (the emulator's storage path and the page cache warm, as the API cases
 * warm up), then each mode `runs` times, rotating the order every run; returns each mode's runs and the failed
 * details.
 */
async function alternate(modes, targets, runs, input, { python, log, size }) {
  const all = Object.fromEntries(modes.map((m) => [m, []]));
  const failed = {};
  let live = [...modes];
  for (const mode of targets.filter((m) => live.includes(m))) {
    const r = await runMode(mode, input, python);
    log(`  ${mode.padEnd(21)} ${(r.ms / 1000).toFixed(2)} s  (warm-up, not counted)`);
  }
  for (let run = 0; run < runs; run++) {
    const order = live.map((_, i) => live[(i + run) % live.length]);
    for (const mode of order) {
      let r;
      try {
        r = await runMode(mode, input, python);
      } catch (error) {
        if (targets.includes(mode)) throw error;
        failed[mode] = String(error.message).split("\n")[0];
        live = live.filter((m) => m !== mode);
        log(`  ${mode} FAILED (dropped): ${failed[mode]}`);
        continue;
      }
      all[mode].push(r);
      log(
        `  ${mode.padEnd(21)} ${(r.ms / 1000).toFixed(2)} s  ${(size / 1e6 / (r.ms / 1000)).toFixed(0)} MB/s  +${(r.peakGrowth / MiB).toFixed(1)} MiB RSS`,
      );
    }
  }
  return { all, failed };
}

/** Median time, throughput, RSS growth and CPU of a mode's runs. */
function summarize(runs, size, msOf = (r) => r.ms) {
  if (runs.length === 0) return undefined;
  const ms = runs.map(msOf);
  return {
    runsMs: ms,
    medianMs: median(ms),
    mbps: size / 1e6 / (median(ms) / 1000),
    rssMedian: median(runs.map((r) => r.peakGrowth)),
    rssMax: Math.max(...runs.map((r) => r.peakGrowth)),
    cpu: median(runs.map((r) => r.cpuSeconds / (r.ms / 1000))),
    serverCpu: median(runs.map((r) => (r.serverCpuSeconds ?? Number.NaN) / (r.ms / 1000))),
  };
}

function modesOf(name, { python, quick }) {
  const { target, details } = MODES[name];
  const modes = [...target, ...(quick ? [] : details)];
  return { targets: target, modes: python ? modes : modes.filter((m) => !(m in PYTHON_MODES)) };
}

/** The upload case: { ours, oursPut, python?, raw, sinkOurs?, sink?, sinkFetch?, failed }. */
export async function uploadCase({ common, sink, python, runs, quick, log }) {
  const { targets, modes } = modesOf("upload", { python, quick });
  const { all, failed } = await alternate(
    modes,
    targets,
    runs,
    { ...common, sinkUrl: sink.url, sinkPid: sink.pid },
    { python, log, size: common.size },
  );
  const s = (mode, msOf) => summarize(all[mode] ?? [], common.size, msOf);
  return {
    ours: s("ours-upload"),
    oursPut: s("ours-upload", (r) => r.putMs),
    python: s("python-upload"),
    raw: s("raw-put"),
    sinkOurs: s("sink-ours-put"),
    sink: s("sink-put"),
    sinkPython: s("python-sink-put"),
    sinkFetch: s("sink-fetch-put"),
    failed,
  };
}

/** The download case: { ours, python?, rawAtomic, pythonPlain?, raw?, sink?, sinkFetch?, failed }. */
export async function downloadCase({ common, sink, python, runs, quick, log, work }) {
  log("  uploading the raster to download");
  const { rasterId } = await runChild(
    "transfer-worker.mjs",
    { ...common, mode: "prepare" },
    { timeoutMs: TIMEOUT_MS },
  );
  const { targets, modes } = modesOf("download", { python, quick });
  try {
    const { all, failed } = await alternate(
      modes,
      targets,
      runs,
      { ...common, rasterId, target: join(work, "downloaded.bin"), sinkUrl: sink.url, sinkPid: sink.pid },
      { python, log, size: common.size },
    );
    const s = (mode) => summarize(all[mode] ?? [], common.size);
    return {
      ours: s("ours-download"),
      python: s("python-download"),
      rawAtomic: s("raw-get-atomic"),
      pythonPlain: s("python-download-plain"),
      raw: s("raw-get"),
      sink: s("sink-get"),
      sinkPython: s("python-sink-get"),
      sinkFetch: s("sink-fetch-get"),
      ramOurs: s("ram-ours-get"),
      ramRawAtomic: s("ram-raw-get-atomic"),
      failed,
    };
  } finally {
    // Out of the listing that follows, and out of RAM.
    await runChild("transfer-worker.mjs", { ...common, mode: "delete-raster", rasterId });
  }
}
