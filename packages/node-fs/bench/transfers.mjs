// Speed and memory of @picterra/node-fs's byte path against plain node:http code doing the same job.
//
//   pnpm --filter @picterra/node-fs... build
//   node packages/node-fs/bench/transfers.mjs [--size-mib=1024] [--rounds=5] [--only=download|upload]
//
// Cases (each run in a fresh process, so that its peak RSS is its own, after one small transfer of its own
// kind so that first-call costs are not timed; the order of the sides turns every round; medians reported):
//   download: downloadRasterToFile (API call + GET + temporary file + fsync + rename) against http.get piped
//             into fs.createWriteStream (1 MiB buffers, `flush: true` = fsync before close) + rename.
//   upload:   uploadRaster (create + PUT + commit + poll) against a node:http PUT of fs.createReadStream with
//             1 MiB reads; and node-fs's PUT alone (fileUploader(file, client).put) against the same.
// Target: ours ≥ 0.95× the plain side's MB/s, peak RSS growth ≤ 64 MiB.
// The API and the storage run in one child process (answering at once; GET bodies come from a 1 MiB buffer
// in memory, PUT bodies are counted and dropped), so that the measured process is the client alone. Upload
// source: a sparse file (no disk cost). Downloads go to a real file under os.tmpdir(), deleted after each run.
// NODE_FS_DIST=/path/to/dist measures another build of node-fs (e.g. the one before a change) as "ours".
// Not part of the tests.

import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, open, rename, rm, stat } from "node:fs/promises";
import { createServer, get, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MiB = 1024 * 1024;
/** The transfer each side makes before the measured one. */
const WARM_UP_SIZE = 4 * MiB;
const SCRIPT = fileURLToPath(import.meta.url);
const RESULT = "BENCH_RESULT ";

const role = process.argv[2];
if (role === "--server") runServer(Number(process.argv[3]));
else if (role === "--run") await runOne(JSON.parse(process.argv[3]));
else await main();

// ---------------------------------------------------------------------------------------------- the server

/** API (the calls of an upload and a download, answered at once) and storage, in one process. */
function runServer(size) {
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + (i >> 10)) & 0xff;
  let lastPut = -1;
  const server = createServer(async (req, res) => {
    const origin = `http://127.0.0.1:${server.address().port}`;
    const json = (status, body) => {
      req.resume();
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const path = (req.url ?? "").split("?")[0];
    const route = `${req.method} ${path}`;
    if (route === "POST /public/api/v2/rasters/upload/file/") {
      return json(201, { upload_url: `${origin}/storage/up?X-Amz-Signature=sig`, raster_id: "r1" });
    }
    if (route === "POST /public/api/v2/rasters/r1/commit/")
      return json(201, { operation_id: "op1", poll_interval: 0 });
    if (route === "GET /public/api/v2/operations/op1/")
      return json(200, { type: "raster_upload", status: "success" });
    const download = /^GET \/public\/api\/v2\/rasters\/(r1|small)\/download\/$/.exec(route);
    if (download) return json(200, { download_url: `${origin}/storage/${download[1]}?X-Amz-Signature=sig` });
    if (route === "GET /stats") return json(200, { lastPut });
    if (route === "PUT /storage/up") {
      let bytes = 0;
      req.on("data", (chunk) => {
        bytes += chunk.length;
      });
      await once(req, "end");
      lastPut = bytes;
      res.writeHead(200, { "content-length": "0" }).end();
      return;
    }
    if (route === "GET /storage/r1" || route === "GET /storage/small") {
      const length = route === "GET /storage/r1" ? size : WARM_UP_SIZE;
      res.writeHead(200, {
        "content-length": String(length),
        "content-type": "application/octet-stream",
        "accept-ranges": "bytes",
        etag: '"bench"',
      });
      for (let left = length; left > 0; ) {
        const chunk = left >= block.length ? block : block.subarray(0, left);
        left -= chunk.length;
        if (!res.write(chunk)) await once(res, "drain");
      }
      res.end();
      return;
    }
    json(404, { detail: "Not found." });
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${RESULT}${JSON.stringify({ port: server.address().port })}\n`);
  });
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}

// ------------------------------------------------------------------------------------ one measured transfer

async function runOne({ variant, origin, file, size, target, nodeFsDist }) {
  const { createClient } = await import("@picterra/core");
  const nodeFs = await import(pathToFileURL(join(nodeFsDist, "index.js")).href);
  const client = createClient({ apiKey: "bench-key", baseUrl: `${origin}/public/api/v2/` });
  const small = `${file}.small`;
  const sizeOf = (path) => (path === small ? WARM_UP_SIZE : size);
  const runs = {
    "ours-download": (id) => nodeFs.downloadRasterToFile(client, id, target),
    "plain-download": (id) => plainDownload(`${origin}/storage/${id}?X-Amz-Signature=sig`, target),
    "ours-upload": (path) => nodeFs.uploadRaster(client, path, "bench"),
    "ours-put": async (path) =>
      (await nodeFs.fileUploader(path, client)).put(`${origin}/storage/up?X-Amz-Signature=sig`, {}),
    "plain-upload": (path) => plainPut(`${origin}/storage/up?X-Amz-Signature=sig`, path, sizeOf(path)),
  };
  // Each side runs its own path once on a small transfer first (fetch and core's API calls included), so that
  // the timing is of the 1 GiB transfer, not of loading and compiling code for the first time.
  await runs[variant](variant.endsWith("download") ? "small" : small);
  const measured = await measurePeakRss(() => runs[variant](variant.endsWith("download") ? "r1" : file));
  process.stdout.write(`${RESULT}${JSON.stringify(measured)}\n`);
}

/** The download baseline: http.get piped into a 1 MiB-buffered file stream, fsynced before close, renamed. */
function plainDownload(url, target) {
  const temp = `${target}.plain-part`;
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET: ${res.statusCode}`));
      const out = createWriteStream(temp, { highWaterMark: MiB, flush: true });
      out.on("error", reject);
      res.on("error", reject);
      out.on("close", () => rename(temp, target).then(resolve, reject));
      res.pipe(out);
    }).on("error", reject);
  });
}

/** The upload baseline: a node:http PUT with Content-Length, piping the file in 1 MiB reads. */
function plainPut(url, path, size) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { "content-length": String(size) } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT: ${res.statusCode}`))));
    });
    req.on("error", reject);
    createReadStream(path, { highWaterMark: MiB }).on("error", reject).pipe(req);
  });
}

/** Time and peak RSS growth of `fn()`: the kernel's high-water mark (reset first) against the RSS after GCs. */
async function measurePeakRss(fn) {
  globalThis.gc?.();
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  let kernel = true;
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    kernel = false;
  }
  let sampled = before;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const hwm = kernel
    ? Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024
    : 0;
  return {
    seconds,
    cpu: (user + system) / 1e6 / seconds,
    growthMiB: (Math.max(sampled, hwm) - before) / MiB,
  };
}

// ------------------------------------------------------------------------------------------------ the main

async function main() {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
  const size = Number(args["size-mib"] ?? 1024) * MiB;
  const rounds = Number(args.rounds ?? 5);
  const nodeFsDist = process.env.NODE_FS_DIST ?? join(import.meta.dirname, "..", "dist");
  const cases = [
    ["download (downloadRasterToFile: API call + GET + fsync + rename)", "ours-download", "plain-download"],
    ["upload (uploadRaster: create + PUT + commit + poll)", "ours-upload", "plain-upload"],
    ["upload, the PUT alone (fileUploader(file, client).put)", "ours-put", "plain-upload"],
  ].filter(([name]) => !args.only || name.startsWith(args.only));

  const dir = await mkdtemp(join(tmpdir(), "picterra-node-fs-bench-"));
  const server = spawn(process.execPath, [SCRIPT, "--server", String(size)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  try {
    const file = join(dir, "upload.tif");
    const handle = await open(file, "w");
    await handle.truncate(size); // sparse: reading it costs no disk
    await handle.close();
    const smallHandle = await open(`${file}.small`, "w");
    await smallHandle.truncate(WARM_UP_SIZE);
    await smallHandle.close();
    const [line] = await once(server.stdout, "data");
    const { port } = JSON.parse(String(line).slice(RESULT.length));
    const origin = `http://127.0.0.1:${port}`;
    const target = join(dir, "download.tif");

    const results = new Map();
    const run = async (variant, counted = true) => {
      const child = spawn(
        process.execPath,
        ["--expose-gc", SCRIPT, "--run", JSON.stringify({ variant, origin, file, size, target, nodeFsDist })],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      const [code] = await once(child, "close");
      const result = out.split("\n").find((l) => l.startsWith(RESULT));
      if (code !== 0 || !result) throw new Error(`${variant} exited ${code}`);
      await check(variant, origin, target, size);
      if (!counted) return;
      const list = results.get(variant) ?? [];
      list.push(JSON.parse(result.slice(RESULT.length)));
      results.set(variant, list);
    };
    const variants = [...new Set(cases.flatMap(([, ours, plain]) => [ours, plain]))];
    // One run of each, not counted: the server's code warms up, and the sparse file's pages get cached.
    for (const variant of variants) await run(variant, false);
    // The order turns every round, so that no side always follows the same one.
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < variants.length; i++) await run(variants[(i + round) % variants.length]);
    }

    console.log(
      `${size / MiB} MiB, ${rounds} runs a side (order turning every round), node ${process.version}, node-fs from ${nodeFsDist}`,
    );
    console.log(
      `${"variant".padEnd(16)}${"runs (s)".padEnd(6 * rounds + 2)}${"median MB/s".padStart(12)}${"CPU".padStart(6)}   peak RSS growth (median / max)`,
    );
    const mbps = (variant) => size / 1e6 / median(results.get(variant).map((r) => r.seconds));
    for (const variant of variants) {
      const list = results.get(variant);
      const runs = list.map((r) => r.seconds.toFixed(2)).join(" ");
      const cpu = `${(median(list.map((r) => r.cpu)) * 100).toFixed(0)}%`;
      const growth = list.map((r) => r.growthMiB);
      console.log(
        `${variant.padEnd(16)}${runs.padEnd(6 * rounds + 2)}${mbps(variant).toFixed(0).padStart(12)}${cpu.padStart(6)}   +${median(growth).toFixed(1)} / +${Math.max(...growth).toFixed(1)} MiB`,
      );
    }
    for (const [name, ours, plain] of cases) {
      // Runs of the same round are close in time: their ratio suffers less from other work on the machine.
      const paired = results.get(ours).map((r, i) => results.get(plain)[i].seconds / r.seconds);
      console.log(
        `${name}: ours ÷ plain = ${(mbps(ours) / mbps(plain)).toFixed(2)}× (medians); ${median(paired).toFixed(2)}× (median of each round's ratio)`,
      );
    }
  } finally {
    server.stdin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every run moved the whole size: a download left a file of `size` bytes (deleted now), an upload sent them. */
async function check(variant, origin, target, size) {
  if (variant.endsWith("download")) {
    const got = (await stat(target)).size;
    await rm(target);
    // The next run starts once the disk has written this one out and freed it, whichever side it is.
    spawnSync("sync");
    if (got !== size) throw new Error(`${variant}: ${got} bytes on disk, expected ${size}`);
  } else {
    const { lastPut } = await (await fetch(`${origin}/stats`)).json();
    if (lastPut !== size) throw new Error(`${variant}: storage got ${lastPut} bytes, expected ${size}`);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
