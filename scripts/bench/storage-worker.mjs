// One storage round in a fresh process: PUT the file, then GET it back, each timed alone, against the emulator's
// signed URLs (create → PUT → commit → download URL → GET, the API calls untimed) or the trivial file server.
// The client is the same for both: node:http piping the file in 1 MiB reads (PUT), discarding the body (GET).
// Input (argv[2], JSON): { side: "emulator" | "trivial", url, apiKey, file, size, trivialUrl, serverPid }. Replies
// each transfer's time and the server's CPU seconds during it (from /proc: a steadier measure on a busy machine).
import { createReadStream } from "node:fs";
import { request } from "node:http";
import { pipeline } from "node:stream/promises";
import { MiB, cpuSeconds, reply } from "./lib.mjs";

const { side, url, apiKey, file, size, trivialUrl, serverPid } = JSON.parse(process.argv[2]);

/** A connection per transfer: a pooled one may have been closed by the server's keep-alive timeout. */
function put(target) {
  return new Promise((resolve, reject) => {
    const headers = { "Content-Length": String(size) };
    const req = request(target, { method: "PUT", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT: ${res.statusCode}`))));
    });
    req.on("error", reject);
    pipeline(createReadStream(file, { highWaterMark: MiB }), req).catch(reject);
  });
}

function get(target) {
  return new Promise((resolve, reject) => {
    request(target, { agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => {
        bytes += chunk.length;
      });
      res.on("end", () =>
        bytes === size ? resolve() : reject(new Error(`GET: ${res.statusCode}, ${bytes} bytes`)),
      );
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

async function api(method, path, body) {
  const response = await fetch(`${url}/${path}`, {
    method,
    headers: { "X-Api-Key": apiKey, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** The time of `fn` and the server's CPU seconds meanwhile, as `{ [key]Ms, [key]Cpu }`. */
async function timed(key, fn) {
  const cpu = cpuSeconds(serverPid);
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  return { [`${key}Ms`]: ms, [`${key}Cpu`]: cpuSeconds(serverPid) - cpu };
}

async function emulatorRound() {
  const { upload_url, raster_id } = await api("POST", "rasters/upload/file/", { name: "bench-storage" });
  const putTime = await timed("put", () => put(upload_url));
  const { operation_id } = await api("POST", `rasters/${raster_id}/commit/`);
  for (let op = { status: "running" }; op.status === "running"; ) {
    op = await api("GET", `operations/${operation_id}/`);
    if (op.status === "failed") throw new Error(`commit: ${JSON.stringify(op.errors)}`);
  }
  const { download_url } = await api("GET", `rasters/${raster_id}/download/`);
  const getTime = await timed("get", () => get(download_url));
  await api("DELETE", `rasters/${raster_id}/`);
  return { ...putTime, ...getTime };
}

async function trivialRound() {
  return { ...(await timed("put", () => put(trivialUrl))), ...(await timed("get", () => get(trivialUrl))) };
}

reply(side === "emulator" ? await emulatorRound() : await trivialRound());
