#!/usr/bin/env node
// `pnpm bench`: speed and memory of the packages against a plain baseline measured in the same run, on the
// emulator (a separate process on 127.0.0.1). Prints a markdown table and writes BENCHMARKS.md.
// Not part of `pnpm test`. Exits non-zero only when a case crashed: a missed target is a finding, not a failure.
//
// Environment: BENCH_RUNS_BYTES (default 5), BENCH_RUNS (default 5), BENCH_SIZE_MIB (default 1024),
// BENCH_ONLY (comma-separated case names: upload,download,list,get,nongeo,bundle),
// BENCH_PROFILE=<dir> / BENCH_HEAP_PROFILE=<dir> (a --cpu-prof / --heap-prof per measuring child),
// BENCH_OUT (default BENCHMARKS.md at the root; "-" to only print).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statfsSync } from "node:fs";
import { mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { cpus, freemem, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { bundleSizes } from "./bench/bundle.mjs";
import { MiB, ROOT, killChildren, median, runChild, startServer } from "./bench/lib.mjs";

const started = Date.now();
const loadBefore = loadavg()[0];
// Read once here: these are the bench's own knobs, not inputs of any turbo task.
const env = { ...process.env };
const BYTES_RUNS = Number(env.BENCH_RUNS_BYTES ?? 5);
const RUNS = Number(env.BENCH_RUNS ?? 10);
const SIZE = Number(env.BENCH_SIZE_MIB ?? 1024) * MiB;
const SEED_RASTERS = 10_000;
const PAGE_SIZE = 100;
const ONLY = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(",")) : undefined;
const OUT = env.BENCH_OUT ?? join(ROOT, "BENCHMARKS.md");
const RSS_LIMIT = 64 * MiB;

const results = {};
const failures = [];
const temps = [];
let storageNote = "–";

const sizeLabel = SIZE % (1024 * MiB) === 0 ? `${SIZE / (1024 * MiB)} GiB` : `${SIZE / MiB} MiB`;
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const log = (...args) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s]`, ...args);

async function main() {
  const work = await mkdtemp(join(tmpdir(), "picterra-bench-"));
  temps.push(work);
  // The emulator's storage goes to RAM (tmpfs) when there is room for a few copies, so that its disk is not
  // what is measured; a run holds up to ~2 files at once, and RAM is shared with everything else.
  const shm = existsSync("/dev/shm") ? statfsSync("/dev/shm") : undefined;
  const inRam = shm !== undefined && shm.bavail * shm.bsize >= 4 * SIZE && freemem() >= 6 * SIZE;
  const storage = inRam ? await mkdtemp("/dev/shm/picterra-bench-storage-") : join(work, "storage");
  storageNote = inRam
    ? "a folder in `/dev/shm` (RAM), so that the emulator's disk is not what is measured"
    : `a folder on disk (${work}): /dev/shm was missing or had too little room`;
  temps.push(storage);
  await mkdir(storage, { recursive: true });
  const file = join(work, "raster.bin");
  // A sparse file: no disk space and no disk reads (the kernel answers zeros), so reading it is nearly free.
  // It starts with a PNG header (signature + IHDR, 16384 × 16384, 8-bit grey), as the emulator reads the
  // image's size from it when the upload is committed; the rest is a hole.
  const handle = await open(file, "w");
  const header = Buffer.alloc(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  header.write("IHDR", 12, "latin1");
  header.writeUInt32BE(16384, 16);
  header.writeUInt32BE(16384, 20);
  header.set([8, 0, 0, 0, 0], 24);
  await handle.write(header, 0, header.length, 0);
  await handle.truncate(SIZE);
  await handle.close();

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
      const common = {
        url: emulator.url,
        apiKey: emulator.apiKey,
        emulatorPid: emulator.pid,
        file,
        size: SIZE,
      };
      servers = { common, sink };
    }
    return servers;
  };

  const cases = {
    upload: async () => {
      const { common, sink } = await serversOnce();
      await uploadCase(common, sink);
    },
    download: async () => {
      const { common, sink } = await serversOnce();
      await downloadCase(common, sink, work);
    },
    list: async () => apiCase("list", (await serversOnce()).common),
    get: async () => apiCase("get", (await serversOnce()).common),
    nongeo: () => nongeoCase(),
    bundle: async () => {
      results.bundle = await bundleSizes();
    },
  };
  for (const [name, run] of Object.entries(cases)) {
    if (ONLY && !ONLY.has(name)) continue;
    log(`case ${name}`);
    try {
      await run();
    } catch (error) {
      failures.push({ name, error });
      log(`case ${name} FAILED: ${error.stack ?? error}`);
    }
  }
}

/** Runs each mode `runs` times in a fresh process, rotating the order every run; returns each mode's runs. */
async function alternate(modes, runs, extra) {
  const all = Object.fromEntries(modes.map((m) => [m, []]));
  for (let run = 0; run < runs; run++) {
    const order = modes.map((_, i) => modes[(i + run) % modes.length]);
    for (const mode of order) {
      const r = await runChild("transfer-worker.mjs", { ...extra, mode }, { timeoutMs: 300_000 });
      all[mode].push(r);
      log(
        `  ${mode.padEnd(14)} ${(r.ms / 1000).toFixed(2)} s  ${mbps(SIZE, r.ms).toFixed(0)} MB/s  +${(r.peakGrowth / MiB).toFixed(1)} MiB RSS`,
      );
    }
  }
  return all;
}

function summarize(runs, msOf = (r) => r.ms) {
  const ms = runs.map(msOf);
  return {
    runsMs: ms,
    medianMs: median(ms),
    mbps: mbps(SIZE, median(ms)),
    rssMedian: median(runs.map((r) => r.peakGrowth)),
    rssMax: Math.max(...runs.map((r) => r.peakGrowth)),
    cpu: median(runs.map((r) => r.cpuSeconds / (r.ms / 1000))),
    serverCpu: median(runs.map((r) => (r.serverCpuSeconds ?? Number.NaN) / (r.ms / 1000))),
  };
}

async function uploadCase(common, sink) {
  const runs = await alternate(
    ["ours-upload", "raw-put", "sink-ours-put", "sink-put", "sink-fetch-put"],
    BYTES_RUNS,
    {
      ...common,
      sinkUrl: sink.url,
      sinkPid: sink.pid,
    },
  );
  results.upload = {
    ours: summarize(runs["ours-upload"]),
    oursPut: summarize(runs["ours-upload"], (r) => r.putMs),
    raw: summarize(runs["raw-put"]),
    sinkOurs: summarize(runs["sink-ours-put"]),
    sink: summarize(runs["sink-put"]),
    sinkFetch: summarize(runs["sink-fetch-put"]),
  };
}

async function downloadCase(common, sink, work) {
  log("  uploading the raster to download");
  const { rasterId } = await runChild(
    "transfer-worker.mjs",
    { ...common, mode: "prepare" },
    { timeoutMs: 300_000 },
  );
  const runs = await alternate(
    ["ours-download", "raw-get", "raw-get-fsync", "sink-get", "sink-fetch-get"],
    BYTES_RUNS,
    {
      ...common,
      rasterId,
      target: join(work, "downloaded.bin"),
      sinkUrl: sink.url,
      sinkPid: sink.pid,
    },
  );
  // Out of the listing that follows, and out of RAM.
  await runChild("transfer-worker.mjs", { ...common, mode: "delete-raster", rasterId });
  results.download = {
    ours: summarize(runs["ours-download"]),
    raw: summarize(runs["raw-get"]),
    rawFsync: summarize(runs["raw-get-fsync"]),
    sink: summarize(runs["sink-get"]),
    sinkFetch: summarize(runs["sink-fetch-get"]),
  };
}

async function apiCase(mode, common) {
  if (mode === "list") {
    results.list = await runChild("api-worker.mjs", { ...common, mode, runs: RUNS, pageSize: PAGE_SIZE });
    return;
  }
  results.get = {};
  for (const concurrency of [1, 16]) {
    results.get[concurrency] = await runChild("api-worker.mjs", {
      ...common,
      mode,
      runs: RUNS,
      calls: 1000,
      concurrency,
    });
  }
}

async function nongeoCase() {
  // Each run takes ~0.1 s, so more runs cost little and steady the median.
  results.nongeo = await runChild("nongeo-worker.mjs", { runs: RUNS * 3 });
}

// ---- report ------------------------------------------------------------------------------------------------

const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
const mibs = (bytes) => `${fmt(bytes / MiB, 1)} MiB`;
const pct = (x) => (Number.isFinite(x) ? `${fmt(x * 100)}%` : "–");
const ratioOf = (ours, base) => ours / base;
/** A cost in µs; a negative one is run-to-run noise, and says so. */
const cost = (us) => (us >= 0 ? `${fmt(us)} µs` : "≈ 0 µs (within the noise)");

function rows() {
  const out = [];
  const notes = [];
  const row = (r) => out.push(r);
  const u = results.upload;
  if (u) {
    const ratio = ratioOf(u.ours.mbps, u.raw.mbps);
    const rssOk = u.ours.rssMax <= RSS_LIMIT;
    row({
      name: `upload ${sizeLabel}: node-fs \`uploadRaster\` (create + PUT + commit + wait)`,
      ours: `${fmt(u.ours.mbps)} MB/s`,
      base: `${fmt(u.raw.mbps)} MB/s (\`node:http\` PUT, 1 MiB reads)`,
      ratio,
      target: "≥ 0.90×; RSS growth ≤ 64 MiB",
      met: ratio >= 0.9 && rssOk,
      memory: `${mibs(u.ours.rssMax)} / ${mibs(u.raw.rssMax)}`,
    });
    row({
      name: "… its PUT alone (first to last progress call)",
      ours: `${fmt(u.oursPut.mbps)} MB/s`,
      base: `${fmt(u.raw.mbps)} MB/s`,
      ratio: ratioOf(u.oursPut.mbps, u.raw.mbps),
      target: "(detail)",
    });
    row({
      name: "… node-fs's PUT alone against the trivial sink (the transport without the emulator)",
      ours: `${fmt(u.sinkOurs.mbps)} MB/s`,
      base: `${fmt(u.sink.mbps)} MB/s`,
      ratio: ratioOf(u.sinkOurs.mbps, u.sink.mbps),
      target: "(detail)",
      memory: `${mibs(u.sinkOurs.rssMax)} / ${mibs(u.sink.rssMax)}`,
    });
    row({
      name: "transport choice: `fetch` PUT (body `fs.openAsBlob(file)`) vs `node:http`, to the trivial sink",
      ours: `${fmt(u.sinkFetch.mbps)} MB/s`,
      base: `${fmt(u.sink.mbps)} MB/s`,
      ratio: ratioOf(u.sinkFetch.mbps, u.sink.mbps),
      target: "(why node-fs uses `node:http`)",
      memory: `${mibs(u.sinkFetch.rssMax)} / ${mibs(u.sink.rssMax)}`,
    });
    row({
      name: "emulator raw: `node:http` PUT to the emulator's storage vs a trivial sink",
      ours: `${fmt(u.raw.mbps)} MB/s (emulator, server CPU ${pct(u.raw.serverCpu)})`,
      base: `${fmt(u.sink.mbps)} MB/s (sink, server CPU ${pct(u.sink.serverCpu)})`,
      ratio: ratioOf(u.raw.mbps, u.sink.mbps),
      target: "(< 1×: the emulator is slower than a trivial server)",
    });
    const fixed = (u.ours.medianMs - u.oursPut.medianMs) / 1000;
    if (ratio < 0.9) {
      notes.push(
        `**upload, missed (${fmt(ratio, 2)}×)**: the PUT alone runs at ${fmt(ratioOf(u.oursPut.mbps, u.raw.mbps), 2)}× ` +
          `the baseline; the create, commit and wait steps add ${fmt(fixed, 2)} s to each upload.`,
      );
    }
    if (!rssOk) notes.push(`**upload, RSS**: peak growth ${mibs(u.ours.rssMax)} > 64 MiB.`);
  }
  if (u && ratioOf(u.raw.mbps, u.sink.mbps) < 0.9) {
    notes.push(
      `**the emulator's storage limits uploads** (${fmt(u.raw.mbps)} MB/s against ${fmt(u.sink.mbps)} MB/s for a ` +
        `trivial sink, its CPU at ${pct(u.raw.serverCpu)}): ours and the baseline PUT to the same storage, so their ` +
        `ratio still compares the clients, and node-fs's PUT against the sink shows the transport alone ` +
        `(${fmt(ratioOf(u.sinkOurs.mbps, u.sink.mbps), 2)}×).`,
    );
  }
  const d = results.download;
  if (d) {
    const ratio = ratioOf(d.ours.mbps, d.raw.mbps);
    const rssOk = d.ours.rssMax <= RSS_LIMIT;
    row({
      name: `download ${sizeLabel}: node-fs \`downloadRasterToFile\` (URL + GET + fsync + rename)`,
      ours: `${fmt(d.ours.mbps)} MB/s`,
      base: `${fmt(d.raw.mbps)} MB/s (\`node:http\` GET piped to a file)`,
      ratio,
      target: "≥ 0.90×; RSS growth ≤ 64 MiB",
      met: ratio >= 0.9 && rssOk,
      memory: `${mibs(d.ours.rssMax)} / ${mibs(d.raw.rssMax)}`,
    });
    row({
      name: "… against the same baseline plus an fsync before close",
      ours: `${fmt(d.ours.mbps)} MB/s`,
      base: `${fmt(d.rawFsync.mbps)} MB/s`,
      ratio: ratioOf(d.ours.mbps, d.rawFsync.mbps),
      target: "(detail)",
      memory: `${mibs(d.ours.rssMax)} / ${mibs(d.rawFsync.rssMax)}`,
    });
    row({
      name: "transport choice: `fetch` GET piped to a file vs `node:http`, from the in-memory source",
      ours: `${fmt(d.sinkFetch.mbps)} MB/s`,
      base: `${fmt(d.sink.mbps)} MB/s`,
      ratio: ratioOf(d.sinkFetch.mbps, d.sink.mbps),
      target: "(why node-fs uses `node:http`)",
      memory: `${mibs(d.sinkFetch.rssMax)} / ${mibs(d.sink.rssMax)}`,
    });
    row({
      name: "emulator raw: `node:http` GET from the emulator's storage vs a trivial source",
      ours: `${fmt(d.raw.mbps)} MB/s (emulator, server CPU ${pct(d.raw.serverCpu)})`,
      base: `${fmt(d.sink.mbps)} MB/s (in-memory source, server CPU ${pct(d.sink.serverCpu)})`,
      ratio: ratioOf(d.raw.mbps, d.sink.mbps),
      target: "(< 1×: the emulator is slower than a trivial server)",
    });
    if (ratio < 0.9) {
      const withSync = ratioOf(d.ours.mbps, d.rawFsync.mbps);
      notes.push(
        `**download, missed (${fmt(ratio, 2)}×)**: against the baseline that also fsyncs, ours runs at ` +
          `${fmt(withSync, 2)}×. ` +
          (withSync >= 0.9
            ? "The gap is the fsync of the atomic write (node-fs `writeAtomically` calls `file.sync()` before " +
              "the rename): it waits until the whole file is on disk, which the plain pipe never does."
            : "More than the fsync is missing; see the profile notes."),
      );
    }
    if (!rssOk) notes.push(`**download, RSS**: peak growth ${mibs(d.ours.rssMax)} > 64 MiB.`);
    if (ratioOf(d.raw.mbps, d.sink.mbps) < 0.9) {
      notes.push(
        `**the emulator's storage limits downloads** (${fmt(d.raw.mbps)} MB/s against ${fmt(d.sink.mbps)} MB/s from ` +
          `an in-memory source): both sides read the same file from it, so the ratio still compares the clients.`,
      );
    }
  }
  const l = results.list;
  if (l) {
    const ratio = ratioOf(l.ours.perSecond, l.baseline.perSecond);
    row({
      name: `iterate ${fmt(l.ours.count)} rasters, ${PAGE_SIZE} a page: \`listRasters().all()\``,
      ours: `${fmt(l.ours.perSecond)} items/s`,
      base: `${fmt(l.baseline.perSecond)} items/s (\`fetch\` loop following \`next\`)`,
      ratio,
      target: "≥ 0.90×",
      met: ratio >= 0.9,
      memory: `client CPU ${pct(l.ours.clientCpu)} / ${pct(l.baseline.clientCpu)}; emulator CPU ${pct(l.ours.emulatorCpu)} / ${pct(l.baseline.emulatorCpu)}`,
    });
    row({
      name: "… ours page by page (`next()`, a sync loop over each page)",
      ours: `${fmt(l.oursPages.perSecond)} items/s`,
      base: `${fmt(l.baseline.perSecond)} items/s`,
      ratio: ratioOf(l.oursPages.perSecond, l.baseline.perSecond),
      target: "(detail)",
    });
    row({
      name: "… openapi-fetch alone (what core builds on), same pages",
      ours: `${fmt(l.openapiFetch.perSecond)} items/s`,
      base: `${fmt(l.baseline.perSecond)} items/s`,
      ratio: ratioOf(l.openapiFetch.perSecond, l.baseline.perSecond),
      target: "(detail)",
    });
    if (ratio < 0.9) {
      const pages = Math.ceil(l.ours.count / PAGE_SIZE);
      const perPage = (x) => (x.medianMs * 1000) / pages;
      notes.push(
        `**listing, missed (${fmt(ratio, 2)}×)**: the client is the bottleneck (client CPU ${pct(l.ours.clientCpu)}, ` +
          `emulator ${pct(l.ours.emulatorCpu)}). Per page of ${PAGE_SIZE}: baseline ${fmt(perPage(l.baseline))} µs, ` +
          `openapi-fetch alone ${fmt(perPage(l.openapiFetch))} µs, ours page by page ${fmt(perPage(l.oursPages))} µs, ` +
          `ours with \`all()\` ${fmt(perPage(l.ours))} µs. So openapi-fetch costs ` +
          `${cost(perPage(l.openapiFetch) - perPage(l.baseline))} a page, core's request path ` +
          `${cost(perPage(l.oursPages) - perPage(l.openapiFetch))}, and the async iteration of \`all()\` ` +
          `${cost(perPage(l.ours) - perPage(l.oursPages))} (one await per item).`,
      );
    }
  }
  for (const [concurrency, g] of Object.entries(results.get ?? {})) {
    const ratio = ratioOf(g.ours.perSecond, g.baseline.perSecond);
    row({
      name: `1,000 \`getRaster\` calls, ${concurrency === "1" ? "one at a time" : `${concurrency} at a time`}`,
      ours: `${fmt(g.ours.perSecond)} calls/s`,
      base: `${fmt(g.baseline.perSecond)} calls/s (raw \`fetch\`, same headers)`,
      ratio,
      target: "≥ 0.90×",
      met: ratio >= 0.9,
      memory: `client CPU ${pct(g.ours.clientCpu)} / ${pct(g.baseline.clientCpu)}; emulator CPU ${pct(g.ours.emulatorCpu)} / ${pct(g.baseline.emulatorCpu)}`,
    });
    row({
      name: "… `client.api.GET` (core's request path without the method layer)",
      ours: `${fmt(g.oursApi.perSecond)} calls/s`,
      base: `${fmt(g.baseline.perSecond)} calls/s`,
      ratio: ratioOf(g.oursApi.perSecond, g.baseline.perSecond),
      target: "(detail)",
    });
    row({
      name: "… openapi-fetch alone (what core builds on)",
      ours: `${fmt(g.openapiFetch.perSecond)} calls/s`,
      base: `${fmt(g.baseline.perSecond)} calls/s`,
      ratio: ratioOf(g.openapiFetch.perSecond, g.baseline.perSecond),
      target: "(detail)",
    });
    if (ratio < 0.9) {
      const us = (x) => (x.medianMs * 1000) / x.count;
      notes.push(
        `**getRaster ×${concurrency}, missed (${fmt(ratio, 2)}×)**: the client is the bottleneck (client CPU ` +
          `${pct(g.ours.clientCpu)}, emulator ${pct(g.ours.emulatorCpu)}). Per call: baseline ${fmt(us(g.baseline))} µs; ` +
          `openapi-fetch adds ${cost(us(g.openapiFetch) - us(g.baseline))}, core's request path (its timeout ` +
          `signal and response bookkeeping) ${cost(us(g.oursApi) - us(g.openapiFetch))}, ` +
          `the method layer ${cost(us(g.ours) - us(g.oursApi))}.`,
      );
    }
  }
  const n = results.nongeo;
  if (n) {
    const ratio = ratioOf(n.ours.perSecond, n.baseline.perSecond);
    row({
      name: `\`nongeoResultToPixel\` on ${fmt(n.vertices)} vertices (${fmt(n.features)} features)`,
      ours: `${fmt(n.ours.perSecond / 1e6, 2)} M vertices/s`,
      base: `${fmt(n.baseline.perSecond / 1e6, 2)} M vertices/s (plain loop, same formula)`,
      ratio,
      target: "≥ 0.80×; report memory",
      met: ratio >= 0.8,
      memory: `held ${mibs(n.ours.heldBytes)} / ${mibs(n.baseline.heldBytes)}; peak RSS +${mibs(n.ours.peakRssGrowth)} / +${mibs(n.baseline.peakRssGrowth)}`,
    });
    if (ratio < 0.8)
      notes.push(
        `**nongeo, missed (${fmt(ratio, 2)}×)**: profile with \`BENCH_PROFILE=<dir> BENCH_ONLY=nongeo\`.`,
      );
  }
  const b = results.bundle;
  if (b) {
    row({
      name: "core browser bundle (esbuild, minified, gzip -9)",
      ours: `${fmt(b.core.gzipBytes)} B gz (${fmt(b.core.minBytes)} B min)`,
      base: `${fmt(b.openapiFetch.gzipBytes)} B gz (${fmt(b.openapiFetch.minBytes)} B min) (openapi-fetch alone)`,
      ratio: b.core.gzipBytes / b.openapiFetch.gzipBytes,
      ratioLabel: "size",
      target: "report",
    });
    row({
      name: "nongeo browser bundle",
      ours: `${fmt(b.nongeo.gzipBytes)} B gz (${fmt(b.nongeo.minBytes)} B min)`,
      base: `${fmt(b.turf.gzipBytes)} B gz (${fmt(b.turf.minBytes)} B min) (the turf functions it uses)`,
      ratio: b.nongeo.gzipBytes / b.turf.gzipBytes,
      ratioLabel: "size",
      target: "report",
    });
  }
  return { out, notes };
}

function table(list) {
  const lines = [
    "| case | ours | baseline | ratio | target | met? | memory / CPU (ours / baseline) |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of list) {
    const met = r.met === undefined ? "" : r.met ? "yes" : "**no**";
    const ratio = `${fmt(r.ratio, 2)}×${r.ratioLabel ? ` ${r.ratioLabel}` : ""}`;
    lines.push(`| ${r.name} | ${r.ours} | ${r.base} | ${ratio} | ${r.target} | ${met} | ${r.memory ?? ""} |`);
  }
  return lines.join("\n");
}

function runsDetail() {
  const lines = [];
  const s = (label, x) =>
    lines.push(
      `| ${label} | ${x.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(" ")} | ${fmt(x.mbps)} | ${mibs(x.rssMedian)} | ${mibs(x.rssMax)} | ${pct(x.cpu)} | ${pct(x.serverCpu)} |`,
    );
  if (results.upload || results.download) {
    lines.push(
      "| transfer | runs (s) | median MB/s | peak RSS growth, median | max | client CPU | server CPU |",
    );
    lines.push("|---|---|---|---|---|---|---|");
  }
  if (results.upload) {
    s("uploadRaster (all steps)", results.upload.ours);
    s("uploadRaster (PUT phase)", results.upload.oursPut);
    s("baseline PUT → emulator", results.upload.raw);
    s("node-fs PUT → sink", results.upload.sinkOurs);
    s("baseline PUT → sink", results.upload.sink);
    s("fetch PUT (openAsBlob) → sink", results.upload.sinkFetch);
  }
  if (results.download) {
    s("downloadRasterToFile", results.download.ours);
    s("baseline GET → file", results.download.raw);
    s("baseline GET → file + fsync", results.download.rawFsync);
    s("baseline GET ← in-memory source", results.download.sink);
    s("fetch GET ← in-memory source", results.download.sinkFetch);
  }
  const api = [
    ["listRasters().all()", results.list],
    ["getRaster ×1", results.get?.[1]],
    ["getRaster ×16", results.get?.[16]],
  ].filter(([, r]) => r);
  if (api.length > 0) {
    lines.push("", "| API case | ours runs (ms) | baseline runs (ms) |", "|---|---|---|");
    for (const [label, r] of api) {
      lines.push(
        `| ${label} | ${r.ours.runsMs.map((x) => x.toFixed(0)).join(" ")} | ${r.baseline.runsMs.map((x) => x.toFixed(0)).join(" ")} |`,
      );
    }
  }
  if (results.nongeo) {
    const n = results.nongeo;
    lines.push(
      "",
      `nongeo: ours ${n.ours.runsMs.map((x) => x.toFixed(0)).join(" ")} ms, plain loop ${n.baseline.runsMs.map((x) => x.toFixed(0)).join(" ")} ms; ` +
        `input ${fmt(n.inputMiB, 1)} MiB of JSON; max |ours − plain| = ${n.maxDiff.toExponential(1)} px.`,
    );
  }
  return lines.join("\n");
}

function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    // not Linux
  }
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // no coreutils
  }
  return { model, nproc };
}

function report(elapsed) {
  const { out, notes } = rows();
  const { model, nproc } = machine();
  const missed = out.filter((r) => r.met === false).length;
  return `# Benchmarks

Written by \`pnpm bench\` (\`node scripts/bench.mjs\` after a build); not part of the test run.

- date: ${new Date().toISOString()}
- machine: ${nproc} CPUs (\`nproc\`), ${model}; Node ${process.version}; ${process.platform} ${process.arch}; load average ${fmt(loadBefore, 2)} at the start, ${fmt(loadavg()[0], 2)} at the end (other work on the machine makes every number noisier)
- command: \`pnpm bench\` (runs: ${BYTES_RUNS} per side for the ${sizeLabel} transfers, ${RUNS} per side after one warm-up for the API cases, ${RUNS * 3} for nongeo); total ${fmt(elapsed / 1000)} s
- result: ${out.filter((r) => r.met === true).length} targets met, ${missed} missed${failures.length ? `, ${failures.length} case(s) crashed: ${failures.map((f) => f.name).join(", ")}` : ""}

${table(out)}

Ratios are ours ÷ baseline, from medians (throughput: higher is better; bundle: size, lower is better).
MB/s is 10⁶ bytes per second. Memory of the transfers: the largest peak RSS growth over the runs.

## How it is measured

- The emulator runs in its own process (\`scripts/bench/emulator-process.mjs\`, polls every 10 ms and ends an
  operation on the first poll, ${PAGE_SIZE} items a page, ${fmt(SEED_RASTERS)} seeded rasters); the machine has ${nproc} CPUs, so the
  client and the server never share an event loop. Its storage is ${storageNote}.
- Every transfer (ours and each baseline) runs in a **fresh process**, so that one run's heap and freed-but-kept
  memory never count in another's RSS. Peak RSS growth = the kernel's high-water mark (VmHWM, reset through
  \`/proc/self/clear_refs\` just before) minus the RSS right before the transfer, after two full GCs; a sampler
  every 5 ms cross-checks it. Both sides make one API call first, so \`fetch\` (undici) is loaded on both.
  Sides alternate, the order rotating every run.
- The upload source is a **sparse** ${sizeLabel} file (\`truncate\`): it costs no disk, and reading it is nearly
  free (the kernel answers zeros), so the numbers show the transport, not the disk. Downloads are written to
  ${tmpdir()} (a real disk) and deleted after each run, after checking their size.
- Upload baseline: a plain \`node:http\` PUT with Content-Length piping \`fs.createReadStream(file, { highWaterMark: 1 MiB })\`
  to a fresh signed URL (created through \`client.api.POST("/rasters/upload/file/")\` outside the timing). Ours is timed
  over all three steps; its PUT alone is timed from its first to its last \`onProgress\` call.
- Download baseline: \`http.get(signedUrl)\` piped to \`fs.createWriteStream\` (URL fetched outside the timing);
  ours is timed over \`downloadRasterToFile\` whole (the URL call, the GET, the fsync and the rename). The extra
  baseline with an fsync shows what durability costs.
- "Transport choice" runs the other way Node moves bytes, \`fetch\` (undici), against the same trivial server: a PUT
  with \`fs.openAsBlob(file)\` as the body (the one streaming body fetch sends with a Content-Length) and a GET piped
  to a file. It is why node-fs moves storage bytes with \`node:http\`.
- "Emulator raw" compares the baselines against a trivial \`node:http\` server in another process
  (\`scripts/bench/sink-process.mjs\`: drains a PUT; answers a GET from one 1 MiB buffer in memory).
- API cases (\`scripts/bench/api-worker.mjs\`) run in one process: one warm-up of each side, then ${RUNS} alternated
  runs. Two more sides split the gap: \`client.api.GET\` (core's request path without its methods) and
  openapi-fetch alone (what core builds on). The baseline sends exactly the headers core sends (captured from a request): ${(results.get?.[1] ?? results.list)?.headers?.join(", ") ?? "–"}.
- nongeo (\`scripts/bench/nongeo-worker.mjs\`): the input of \`packages/nongeo/bench/nongeo.bench.mjs\`; "held" is the
  heap one converted result keeps after a GC; "peak RSS" the growth while converting once.
- Profiles: \`BENCH_PROFILE=/tmp/prof pnpm bench\` (or \`BENCH_HEAP_PROFILE\`) writes a \`--cpu-prof\` (\`--heap-prof\`) per
  measuring child; \`BENCH_ONLY=upload,download\` runs some cases only.

## Notes on missed targets

${notes.length ? notes.map((n) => `- ${n}`).join("\n") : "None: every target was met."}
${failures.length ? `\n## Crashed cases\n\n${failures.map((f) => `- ${f.name}: ${String(f.error?.message ?? f.error).split("\n")[0]}`).join("\n")}\n` : ""}
## Every run

${runsDetail()}
`;
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  failures.push({ name: "setup", error });
  log(`setup FAILED: ${error.stack ?? error}`);
} finally {
  killChildren();
  for (const dir of temps) await rm(dir, { recursive: true, force: true }).catch(() => {});
}
const markdown = report(Date.now() - started);
console.log(markdown);
if (OUT !== "-") {
  await writeFile(OUT, markdown);
  log(`wrote ${OUT}`);
}
if (failures.length > 0) exitCode = 1;
process.exit(exitCode);
