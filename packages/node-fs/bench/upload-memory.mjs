// Upload speed and memory of @picterra/node-fs's uploadRaster against a plain node:http PUT of the same file.
//
//   pnpm --filter @picterra/node-fs build
//   node --expose-gc packages/node-fs/bench/upload-memory.mjs [--size-mib=1024] [--rounds=3]
//
// A sparse file (no disk cost) is PUT to a storage server running in a child process (so this process's RSS
// is the client's alone) that hashes the bytes and discards them; the three API calls of an upload are faked
// in-process. Every variant's bytes are checked against the file's SHA-256. Not part of the tests.

import { fork } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const MiB = 1024 * 1024;

if (process.argv[2] === "--storage") runStorage();
else await main();

/** Child process: a storage server that hashes and discards every PUT body, reporting each over IPC. */
function runStorage() {
  const server = createServer((req, res) => {
    const hash = createHash("sha256");
    let bytes = 0;
    req.on("data", (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on("end", () => {
      process.send({
        type: "received",
        url: req.url,
        bytes,
        sha256: hash.digest("hex"),
        key: req.headers["x-api-key"],
      });
      res.writeHead(200).end();
    });
  });
  server.listen(0, "127.0.0.1", () => process.send({ type: "ready", port: server.address().port }));
  process.on("disconnect", () => process.exit(0));
}

async function main() {
  const args = Object.fromEntries(
    process.argv
      .slice(2)
      .map((a) => a.replace(/^--/, "").split("="))
      .map(([k, v]) => [k, Number(v)]),
  );
  const size = (args["size-mib"] || 1024) * MiB;
  const rounds = args.rounds || 3;

  const { createClient } = await import("@picterra/core");
  const { uploadRaster } = await import(new URL("../dist/index.js", import.meta.url).href);

  const dir = await mkdtemp(join(tmpdir(), "picterra-bench-"));
  const path = join(dir, "large.tif");
  const file = await open(path, "w");
  await file.truncate(size);
  // a few written blocks make the hash order-sensitive; the rest stays sparse
  for (const at of [0, 0.37, 0.5, 0.999]) {
    await file.write(Buffer.alloc(4096, `block at ${at} `), 0, 4096, Math.floor((at * size) / 4096) * 4096);
  }
  await file.close();
  const expected = await sha256File(path);

  const storage = fork(fileURLToPath(import.meta.url), ["--storage"]);
  const received = [];
  const storagePort = await new Promise((resolve) => {
    storage.on("message", (m) => {
      if (m.type === "ready") resolve(m.port);
      else received.push(m);
    });
  });
  const storageUrl = `http://127.0.0.1:${storagePort}`;
  const api = await startFakeApi(storageUrl);
  const client = createClient({ apiKey: "bench-key", baseUrl: api.baseUrl });

  const variants = [
    ["uploadRaster (@picterra/node-fs)", () => uploadRaster(client, path, "bench")],
    [
      "node:http PUT, createReadStream 64 KiB (default)",
      () => plainPut(`${storageUrl}/plain`, path, size, 64 * 1024),
    ],
    ["node:http PUT, createReadStream 1 MiB", () => plainPut(`${storageUrl}/plain`, path, size, MiB)],
  ];
  // warm-up, not counted: loads fetch (undici), core and the hot paths, so that round 1 is not charged for them
  const small = join(dir, "warm-up.tif");
  const warm = await open(small, "w");
  await warm.truncate(8 * MiB);
  await warm.close();
  await uploadRaster(client, small, "warm-up");
  await plainPut(`${storageUrl}/plain`, small, 8 * MiB, MiB);
  await waitUntil(() => received.length === 2);

  const results = new Map(variants.map(([name]) => [name, []]));
  // interleaved rounds, so that a warm-up or a noisy moment does not favour one variant
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of variants) {
      received.length = 0;
      results.get(name).push(await measure(run));
      await waitUntil(() => received.length === 1);
      const [got] = received;
      if (got.bytes !== size || got.sha256 !== expected || got.key !== undefined) {
        throw new Error(`${name}: storage got ${got.bytes} bytes, sha256 ${got.sha256}, key ${got.key}`);
      }
    }
  }

  console.log(`${(size / MiB).toFixed(0)} MiB sparse file, ${rounds} rounds, node ${process.version}`);
  console.log(
    `every upload verified: ${size} bytes, sha256 ${expected.slice(0, 16)}…, no API key at storage\n`,
  );
  const header = ["variant".padEnd(50), "time (median)".padStart(14), "MB/s".padStart(7)];
  console.log(`${header.join("")}   peak RSS growth (median / max)`);
  const seconds = (name) => median(results.get(name).map((r) => r.seconds));
  for (const [name] of variants) {
    const growth = results.get(name).map((r) => r.growthMiB);
    const time = `${seconds(name).toFixed(2)} s`.padStart(14);
    const mbps = (size / 1e6 / seconds(name)).toFixed(0).padStart(7);
    console.log(
      `${name.padEnd(50)}${time}${mbps}   +${median(growth).toFixed(0)} / +${Math.max(...growth).toFixed(0)} MiB`,
    );
  }
  const ours = seconds(variants[0][0]);
  console.log(
    `\nuploadRaster time ÷ baseline: ${(ours / seconds(variants[1][0])).toFixed(2)} (64 KiB reads), ` +
      `${(ours / seconds(variants[2][0])).toFixed(2)} (1 MiB reads)`,
  );

  storage.disconnect();
  await api.close();
  await rm(dir, { recursive: true, force: true });
}

async function measure(run) {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const start = performance.now();
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - start) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, growthMiB: (peak - before) / MiB };
}

/** The baseline: what a hand-written node:http upload does. */
function plainPut(url, path, size, highWaterMark) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { "content-length": size } }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    createReadStream(path, { highWaterMark }).pipe(req);
  });
}

/** The three API calls of a raster upload (create, commit, poll), answered at once. */
async function startFakeApi(storageUrl) {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const json = (status, body) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method === "POST" && req.url === "/v2/rasters/upload/file/") {
        return json(201, { upload_url: `${storageUrl}/upload/r1?signature=s`, raster_id: "r1" });
      }
      if (req.method === "POST" && req.url === "/v2/rasters/r1/commit/") {
        return json(201, { operation_id: "op1", poll_interval: 0 });
      }
      if (req.method === "GET" && req.url === "/v2/operations/op1/") {
        return json(200, { type: "raster_upload", status: "success" });
      }
      json(404, { detail: "Not found." });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v2`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function sha256File(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) hash.update(chunk);
  return hash.digest("hex");
}

async function waitUntil(condition) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
