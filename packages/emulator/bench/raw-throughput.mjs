#!/usr/bin/env node
// Raw storage throughput of the emulator against a bare node:http server doing the same work (stream the body
// to a file; stream a file back with 1 MiB reads), each in its own process, over loopback. The client is the
// same for both: node:http piping a 1 MiB-chunk read stream (PUT), and discarding the body (GET).
// Run after `pnpm exec tsup`: node bench/raw-throughput.mjs   (BENCH_MIB=256 BENCH_RUNS=3 by default)
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MIB ?? 256) * MIB;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The server side, in a child process: the emulator, or the bare node:http baseline. */
async function serve(kind) {
  if (kind === "emulator") {
    const { startEmulator } = await import("../dist/index.js");
    const emu = await startEmulator({ pollsUntilDone: 0 });
    console.log(JSON.stringify({ url: emu.url, apiKey: emu.apiKey }));
    process.on("SIGTERM", () => emu.close().then(() => process.exit(0)));
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "raw-baseline-"));
  const file = join(dir, "blob");
  const server = createServer(async (req, res) => {
    try {
      if (req.method === "PUT") {
        await pipeline(req, createWriteStream(file));
        res.writeHead(200, { "Content-Length": "0" }).end();
        return;
      }
      const { size } = await stat(file);
      res.writeHead(200, { "Content-Length": String(size) });
      await pipeline(createReadStream(file, { highWaterMark: MIB }), res);
    } catch {
      res.destroy();
    }
  });
  server.listen(0, "127.0.0.1", () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/blob` }));
  });
  process.on("SIGTERM", () => rm(dir, { recursive: true, force: true }).then(() => process.exit(0)));
}

async function startServer(kind) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve", kind], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) return { child, ...JSON.parse(line) };
  throw new Error(`the ${kind} server did not start`);
}

function put(url, file) {
  return new Promise((resolve, reject) => {
    // A connection per transfer: a pooled one may be closed by the server's keep-alive timeout under load.
    const headers = { "Content-Length": String(SIZE) };
    const req = request(url, { method: "PUT", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT: ${res.statusCode}`))));
    });
    req.on("error", reject);
    pipeline(createReadStream(file, { highWaterMark: MIB }), req).catch(reject);
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => (bytes += chunk.length));
      res.on("end", () =>
        bytes === SIZE ? resolve() : reject(new Error(`GET: ${res.statusCode}, ${bytes} bytes`)),
      );
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

async function api(server, method, path, body) {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: { "X-Api-Key": server.apiKey, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** One round trip through the emulator's real flow: create → PUT (timed) → commit → GET (timed). */
async function emulatorRound(server, file) {
  const { upload_url, raster_id } = await api(server, "POST", "rasters/upload/file/", { name: "bench" });
  const putMs = await timed(() => put(upload_url, file));
  const { operation_id } = await api(server, "POST", `rasters/${raster_id}/commit/`);
  const op = await api(server, "GET", `operations/${operation_id}/`);
  if (op.status !== "success") throw new Error(`commit: ${JSON.stringify(op)}`);
  const { download_url } = await api(server, "GET", `rasters/${raster_id}/download/`);
  const getMs = await timed(() => get(download_url));
  await api(server, "DELETE", `rasters/${raster_id}/`).catch(() => {});
  return { putMs, getMs };
}

async function baselineRound(server, file) {
  return { putMs: await timed(() => put(server.url, file)), getMs: await timed(() => get(server.url)) };
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const mbps = (ms) => SIZE / 1e6 / (ms / 1000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  // A sparse file that starts like a PNG, so that the emulator commits it as a (non-georeferenced) image.
  const dir = await mkdtemp(join(tmpdir(), "raw-throughput-"));
  const file = join(dir, "upload.png");
  const handle = await open(file, "w");
  const ihdr = Buffer.from("89504e470d0a1a0a0000000d4948445200000400000004000800000000", "hex");
  await handle.write(ihdr, 0, ihdr.length, 0);
  await handle.truncate(SIZE);
  await handle.close();

  const results = {};
  try {
    for (const kind of ["baseline", "emulator"]) {
      const server = await startServer(kind);
      try {
        const rounds = [];
        for (let i = 0; i < RUNS; i++) {
          rounds.push(
            kind === "emulator" ? await emulatorRound(server, file) : await baselineRound(server, file),
          );
        }
        results[kind] = {
          put: mbps(median(rounds.map((r) => r.putMs))),
          get: mbps(median(rounds.map((r) => r.getMs))),
        };
      } finally {
        server.child.kill("SIGTERM");
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { baseline, emulator } = results;
  console.log(`raw storage throughput, ${SIZE / MIB} MiB over loopback, median of ${RUNS} (MB/s = 10^6 B/s)`);
  console.log(`            PUT MB/s   GET MB/s`);
  console.log(`baseline  ${baseline.put.toFixed(0).padStart(9)}  ${baseline.get.toFixed(0).padStart(9)}`);
  console.log(`emulator  ${emulator.put.toFixed(0).padStart(9)}  ${emulator.get.toFixed(0).padStart(9)}`);
  console.log(
    `ratio     ${(emulator.put / baseline.put).toFixed(2).padStart(9)}  ${(emulator.get / baseline.get).toFixed(2).padStart(9)}`,
  );
}

if (process.argv[2] === "--serve") await serve(process.argv[3]);
else await main();
