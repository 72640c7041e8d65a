// The client side of `node scripts/bench/profile.mjs`, run under `node --cpu-prof`. Each measured stretch is
// preceded by a warm-up and bracketed by a window (process.hrtime in µs, the clock of the profile's
// timestamps), so that the analysis counts only the samples of that stretch.
// argv[2] (JSON): { case: "get1" | "get16" | "list" | "download", url, apiKey, calls, mib, loops, rounds, dir }.
// Replies { windows: [{ label, t0, t1, units, unit, ms, ...extra }] }.
import { createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { Agent, get } from "node:http";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MiB, distUrl, httpGetJson, median, pngHeader, pool, reply } from "./lib.mjs";

const input = JSON.parse(process.argv[2]);
const { url: baseUrl, apiKey } = input;
const core = await import(distUrl("core"));
const nodeFs = await import(distUrl("node-fs"));
const client = core.createClient({ apiKey, baseUrl });
const headers = { "x-api-key": apiKey, "user-agent": `picterra-ts/${core.VERSION}` };

const now = () => Number(process.hrtime.bigint() / 1000n);
// The sides alternate over several rounds, so that a slower stretch of a busy machine does not fall on one side.
const rounds = input.rounds ?? 3;
const windows = [];

/** Runs fn once to warm up (unmeasured), then `repeat` times inside one window. */
async function window(label, unit, fn, { warmUp = true, repeat = 1, extra } = {}) {
  if (warmUp) await fn();
  globalThis.gc?.();
  const times = [];
  let units = 0;
  const t0 = now();
  for (let i = 0; i < repeat; i++) {
    const s = performance.now();
    units += await fn();
    times.push(performance.now() - s);
  }
  const t1 = now();
  windows.push({
    label,
    unit,
    units,
    t0,
    t1,
    ms: (t1 - t0) / 1000,
    medianMs: median(times),
    ...(extra?.() ?? {}),
  });
}

async function apiCase(concurrency) {
  const ids = [];
  for await (const r of (await client.listRasters({ pageSize: 1000 })).all()) {
    ids.push(r.id);
    if (ids.length === input.calls) break;
  }
  const fetchJson = async (id) => {
    const res = await fetch(`${baseUrl}/rasters/${id}/`, { headers });
    return res.json();
  };
  const agent = new Agent({ keepAlive: true });
  const httpJson = (id) => httpGetJson(`${baseUrl}/rasters/${id}/`, { agent, headers });
  for (let round = 0; round < rounds; round++) {
    const warmUp = round === 0;
    await window("ours: getRaster", "call", () => pool(ids, concurrency, (id) => client.getRaster(id)), {
      warmUp,
    });
    await window("raw fetch", "call", () => pool(ids, concurrency, fetchJson), { warmUp });
    await window("node:http, keep-alive agent", "call", () => pool(ids, concurrency, httpJson), { warmUp });
  }
}

async function listCase() {
  const loops = input.loops ?? 10;
  const ours = async () => {
    let pages = 0;
    for (let page = await client.listRasters(); page; page = await page.next()) pages++;
    return pages;
  };
  const ourAll = async () => {
    let n = 0;
    for await (const r of (await client.listRasters()).all()) if (r.id) n++;
    return n / 100;
  };
  const raw = async () => {
    let pages = 0;
    for (let next = `${baseUrl}/rasters/?page_number=1`; next; pages++) {
      next = (await (await fetch(next, { headers })).json()).next;
    }
    return pages;
  };
  for (let round = 0; round < rounds; round++) {
    const warmUp = round === 0;
    await window("ours: listRasters().all()", "page", ourAll, { repeat: loops, warmUp });
    await window("ours: page by page (next())", "page", ours, { repeat: loops, warmUp });
    await window("raw fetch following next", "page", raw, { repeat: loops, warmUp });
  }
}

// ---- download: node-fs against writers that differ in one thing each -----------------------------------

/** GETs `url` and pipes it into `sink`, counting the chunks the socket delivers. */
function getInto(url, sink, stats) {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      res.on("data", (c) => {
        stats.chunks++;
        stats.bytes += c.length;
      });
      pipeline(res, sink).then(resolve, reject);
    }).on("error", reject);
  });
}

/** A Writable over a FileHandle, as node-fs writes: one awaited write at a time; `concat` joins a writev batch. */
function handleWritable(file, { concat, hwm }, stats) {
  return new Writable({
    highWaterMark: hwm,
    write(chunk, _e, cb) {
      stats.writes++;
      file.write(chunk).then(() => cb(), cb);
    },
    writev(chunks, cb) {
      stats.writes++;
      const buffers = chunks.map((c) => c.chunk);
      (concat ? file.write(Buffer.concat(buffers)) : file.writev(buffers)).then(() => cb(), cb);
    },
  });
}

async function syncDir(dir) {
  const d = await open(dir, "r");
  await d.sync();
  await d.close();
}

async function downloadCase() {
  const size = input.mib * MiB;
  const file = join(input.dir, "profile-source.bin");
  const h = await open(file, "w");
  // The PNG header the emulator reads at commit, then a hole.
  const header = pngHeader(16384, 16384);
  await h.write(header, 0, header.length, 0);
  await h.truncate(size);
  await h.close();
  const rasterId = await nodeFs.uploadRaster(client, file, "profile-download");
  await rm(file);
  const target = join(input.dir, "downloaded.bin");
  const check = async () => {
    if ((await stat(target)).size !== size) throw new Error("short download");
    await rm(target);
    return input.mib;
  };
  await window(
    "node-fs downloadRasterToFile (URL, GET, temp, fsync, rename)",
    "MiB",
    async () => {
      await nodeFs.downloadRasterToFile(client, rasterId, target);
      return check();
    },
    { repeat: 3 },
  );

  const variant = async (label, makeSink, { fsync = true } = {}) => {
    let stats;
    const fn = async () => {
      stats = { chunks: 0, bytes: 0, writes: 0, fsyncMs: 0 };
      const url = await client.getRasterDownloadUrl(rasterId);
      const temp = `${target}.part`;
      const { sink, close, discard } = await makeSink(temp, stats);
      await getInto(url, sink, stats);
      if (discard) return input.mib;
      const s = performance.now();
      await close(fsync);
      stats.fsyncMs = performance.now() - s;
      await rename(temp, target);
      if (fsync) await syncDir(input.dir);
      return check();
    };
    await window(label, "MiB", fn, {
      repeat: 3,
      extra: () => ({
        chunkKiB: stats.bytes / stats.chunks / 1024,
        writes: stats.writes,
        fsyncMs: stats.fsyncMs,
      }),
    });
  };
  const stream = (hwm) => async (temp) => {
    const out = createWriteStream(temp, { highWaterMark: hwm });
    return {
      sink: out,
      close: async (fsync) => {
        // The stream has closed its fd; reopen to fsync (the page cache is the same file's).
        if (!fsync) return;
        const f = await open(temp, "r+");
        await f.sync();
        await f.close();
      },
    };
  };
  const handle = (opts) => async (temp, stats) => {
    const f = await open(temp, "wx");
    return {
      sink: handleWritable(f, opts, stats),
      close: async (fsync) => {
        if (fsync) await f.sync();
        await f.close();
      },
    };
  };
  await variant(
    "http.get → FileHandle, awaited writes, writev joined by Buffer.concat, 1 MiB (node-fs's writer)",
    handle({ concat: true, hwm: MiB }),
  );
  await variant(
    "http.get → FileHandle, awaited writes, FileHandle.writev (no copy), 1 MiB",
    handle({ concat: false, hwm: MiB }),
  );
  await variant(
    "http.get → FileHandle, awaited writes, 16 KiB high-water mark",
    handle({ concat: true, hwm: 16 * 1024 }),
  );
  await variant("http.get → fs.createWriteStream, 16 KiB (default) high-water mark", stream(16 * 1024));
  await variant("http.get → fs.createWriteStream, 1 MiB high-water mark", stream(MiB));
  await variant("http.get → fs.createWriteStream, 1 MiB, no fsync", stream(MiB), { fsync: false });
  await variant(
    "http.get → discarded (the network and the emulator alone)",
    async () => ({
      sink: new Writable({ write: (_c, _e, cb) => cb(), writev: (_c, cb) => cb() }),
      discard: true,
    }),
    { fsync: false },
  );
  await client.deleteRaster(rasterId);
}

if (input.case === "get1") await apiCase(1);
else if (input.case === "get16") await apiCase(16);
else if (input.case === "list") await listCase();
else if (input.case === "download") await downloadCase();
else throw new Error(`unknown case ${input.case}`);
reply({ windows });
