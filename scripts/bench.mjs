#!/usr/bin/env node
// `pnpm bench`: our packages against Picterra's Python client (python3 + requests making the same calls) and
// against the wire (raw fetch / node:http), on the emulator running in its own process on 127.0.0.1. Prints a
// markdown report and, for a full run, writes BENCHMARKS.md. `pnpm bench -- --help` lists the options
// (`--only api`, `--quick` ...). Not part of `pnpm test`. Exits non-zero only when a case crashed: a missed
// target is a finding, not a failure.
import { existsSync, statfsSync } from "node:fs";
import { mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { freemem, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { apiCases } from "./bench/api-case.mjs";
import { bundleSizes } from "./bench/bundle.mjs";
import { firstCallCase } from "./bench/first-call-case.mjs";
import { MiB, killChildren, pngHeader, rasterIds, runChild, startServer } from "./bench/lib.mjs";
import { USAGE, parseOptions } from "./bench/options.mjs";
import { findPython } from "./bench/python.mjs";
import { report } from "./bench/report.mjs";
import { storageCase } from "./bench/storage-case.mjs";
import { downloadCase, uploadCase } from "./bench/transfer-case.mjs";

const started = Date.now();
const options = parseOptions(process.argv.slice(2), { ...process.env });
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const SEED_RASTERS = 10_000;
const PAGE_SIZE = 100;
const SIZE = options.sizeMiB * MiB;

const run = {
  options,
  seedRasters: SEED_RASTERS,
  pageSize: PAGE_SIZE,
  size: SIZE,
  loadBefore: loadavg()[0],
  python: findPython(),
  results: {},
  failures: [],
  storageNote: "–",
};
const temps = [];
const log = (...args) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s]`, ...args);

async function main() {
  log(
    run.python
      ? `python ${run.python.version}, requests ${run.python.requests}`
      : "python3 + requests not found",
  );
  const work = await mkdtemp(join(tmpdir(), "picterra-bench-"));
  temps.push(work);
  // The emulator's storage goes to RAM (tmpfs) when there is room for a few copies, so that its disk is not
  // what is measured; a run holds up to ~2 files at once, and RAM is shared with everything else.
  const shm = existsSync("/dev/shm") ? statfsSync("/dev/shm") : undefined;
  const inRam = shm !== undefined && shm.bavail * shm.bsize >= 4 * SIZE && freemem() >= 6 * SIZE;
  const storage = inRam ? await mkdtemp("/dev/shm/picterra-bench-storage-") : join(work, "storage");
  run.storageNote = inRam
    ? "a folder in `/dev/shm` (RAM), so that the emulator's disk is not what is measured"
    : `a folder on disk (${work}): /dev/shm was missing or had too little room`;
  temps.push(storage);
  await mkdir(storage, { recursive: true });
  const file = join(work, "raster.bin");
  await writeSparsePng(file, SIZE);

  // Started on first use, so that the cases that need no server run without one.
  let servers;
  const serversOnce = async () => {
    if (!servers) {
      log("starting the emulator (seeding", SEED_RASTERS, "rasters) and the trivial sink");
      const emulator = await startServer("emulator-process.mjs", {
        seedRasters: SEED_RASTERS,
        dataDir: storage,
        pageSize: PAGE_SIZE,
      });
      const sink = await startServer("sink-process.mjs", {});
      const url = emulator.url.replace(/\/+$/, "");
      const [warmUpId] = await rasterIds({ url, apiKey: emulator.apiKey }, 1);
      const common = { url, apiKey: emulator.apiKey, emulatorPid: emulator.pid, file, size: SIZE, warmUpId };
      servers = { common, sink };
    }
    return servers;
  };
  const { results } = run;
  const api = ["get1", "get16", "list"].filter((c) => options.cases.includes(c));
  const cases = {
    upload: async () => {
      const { common, sink } = await serversOnce();
      results.upload = await uploadCase({ ...shared(), common, sink, runs: options.byteRuns });
    },
    download: async () => {
      const { common, sink } = await serversOnce();
      results.download = await downloadCase({ ...shared(), common, sink, runs: options.byteRuns, work });
    },
    storage: async () => {
      const { common } = await serversOnce();
      results.storage = await storageCase({ ...shared(), common, dir: storage, runs: options.byteRuns });
    },
    // The three API cases share their two workers: they run as one step, under the first of their names.
    [api[0] ?? "api"]: async () => {
      const { common } = await serversOnce();
      const out = await apiCases({ ...shared(), common, runs: options.runs, names: api });
      run.headers = out.headers;
      Object.assign(results, { get1: out.get1, get16: out.get16, list: out.list });
    },
    "first-call": async () => {
      const { common } = await serversOnce();
      results.firstCall = await firstCallCase({
        ...shared(),
        common,
        runs: options.firstCallRuns,
        rasterId: common.warmUpId,
      });
    },
    nongeo: async () => {
      results.nongeo = await runChild("nongeo-worker.mjs", { runs: options.nongeoRuns });
    },
    bundle: async () => {
      results.bundle = await bundleSizes();
    },
  };
  for (const [name, step] of Object.entries(cases)) {
    if (!options.cases.includes(name)) continue;
    log(`case ${name === api[0] ? api.join(", ") : name}`);
    try {
      await step();
    } catch (error) {
      run.failures.push({ name, error });
      log(`case ${name} FAILED: ${error.stack ?? error}`);
    }
  }
}

function shared() {
  return { python: run.python, quick: options.quick, log, builds: options.compareCore };
}

/**
 * A sparse file: no disk space and no disk reads (the kernel answers zeros), so reading it is nearly free.
 * It starts with a PNG header (16384 × 16384), as the emulator reads the image's size from it when the upload
 * is committed; the rest is a hole.
 */
async function writeSparsePng(file, size) {
  const handle = await open(file, "w");
  const header = pngHeader(16384, 16384);
  await handle.write(header, 0, header.length, 0);
  await handle.truncate(size);
  await handle.close();
}

try {
  await main();
} catch (error) {
  run.failures.push({ name: "setup", error });
  log(`setup FAILED: ${error.stack ?? error}`);
} finally {
  killChildren();
  for (const dir of temps) await rm(dir, { recursive: true, force: true }).catch(() => {});
}
run.elapsedMs = Date.now() - started;
run.loadAfter = loadavg()[0];
const markdown = report(run);
console.log(markdown);
if (options.out !== "-") {
  await writeFile(options.out, markdown);
  log(`wrote ${options.out}`);
}
process.exit(run.failures.length > 0 ? 1 : 0);
