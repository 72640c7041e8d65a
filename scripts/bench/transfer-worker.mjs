// One 1 GiB transfer in a fresh process, so that each run's peak RSS is its own.
// Input (argv[2], JSON): { mode, url, apiKey, file, size, rasterId, target, sinkUrl }. Replies with the time,
// the peak RSS growth and the CPU time of this process during the transfer.
import { createReadStream, createWriteStream, existsSync, openAsBlob } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { request, get } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { cpuSeconds, distUrl, MiB, measurePeakRss, reply } from "./lib.mjs";

const input = JSON.parse(process.argv[2]);
const { mode, file, size, target } = input;

const core = await import(distUrl("core"));
const nodeFs = await import(distUrl("node-fs"));
const client = input.apiKey ? core.createClient({ apiKey: input.apiKey, baseUrl: input.url }) : undefined;

/** The plain baseline: a node:http PUT with Content-Length, piping the file in 1 MiB reads. */
function plainPut(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { "Content-Length": String(size) } }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode >= 200 && res.statusCode < 300
          ? resolve()
          : reject(new Error(`PUT: ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    createReadStream(file, { highWaterMark: MiB }).on("error", reject).pipe(req);
  });
}

/**
 * The plain baseline: a node:http GET piped to a file written through 1 MiB buffers, done when the file is
 * closed. `fsync: true` fsyncs it before the close (`flush`).
 */
function plainGet(url, path, { fsync = false } = {}) {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET: ${res.statusCode}`));
        return;
      }
      const out = createWriteStream(path, { flush: fsync, highWaterMark: MiB });
      out.on("error", reject);
      res.on("error", reject);
      out.on("close", resolve);
      res.pipe(out);
    }).on("error", reject);
  });
}

/** The wire baseline of the atomic download: plainGet into a temp file beside `path`, fsync, rename, fsync the folder. */
async function atomicGet(url, path) {
  const temp = `${path}.${process.pid}.part`;
  await plainGet(url, temp, { fsync: true });
  await rename(temp, path);
  const dir = await open(dirname(path), "r");
  await dir.sync();
  await dir.close();
}

/** One small API call first, so that both sides measure with fetch (undici) already loaded. */
async function warmUp() {
  if (client) await client.listRasters({ pageSize: 1 });
}

async function createUploadUrl(name) {
  const { data, error } = await client.api.POST("/rasters/upload/file/", {
    body: { name, multispectral: false },
  });
  if (error) throw new Error(`create upload: ${JSON.stringify(error)}`);
  return { url: data.upload_url, rasterId: data.raster_id };
}

/** The server on the other end: the trivial sink for the sink modes, else the emulator. */
const serverPid = mode.startsWith("sink-") ? input.sinkPid : input.emulatorPid;

async function timed(fn) {
  await warmUp();
  const server0 = cpuSeconds(serverPid);
  const cpu0 = process.cpuUsage();
  const m = await measurePeakRss(fn);
  const cpu = process.cpuUsage(cpu0);
  const server1 = cpuSeconds(serverPid);
  return {
    ...m,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    serverCpuSeconds: server0 === undefined ? undefined : server1 - server0,
  };
}

async function checkDownloaded(path) {
  const got = (await stat(path)).size;
  await rm(path, { force: true });
  if (got !== size) throw new Error(`downloaded ${got} bytes, expected ${size}`);
}

let result;
switch (mode) {
  case "prepare": {
    // The raster every download reads: uploaded once, with node-fs.
    const rasterId = await nodeFs.uploadRaster(client, file, "bench-download-source");
    result = { rasterId };
    break;
  }
  case "delete-raster": {
    await client.deleteRaster(input.rasterId);
    result = {};
    break;
  }
  case "ours-upload": {
    let putStart;
    let putEnd;
    const onProgress = ({ loaded }) => {
      const now = performance.now();
      if (loaded === 0 && putStart === undefined) putStart = now;
      if (loaded === size) putEnd = now;
    };
    const m = await timed(() => nodeFs.uploadRaster(client, file, "bench-upload", { onProgress }));
    await client.deleteRaster(m.value);
    result = { ...m, value: undefined, putMs: putEnd - putStart };
    break;
  }
  case "raw-put": {
    await warmUp();
    const { url, rasterId } = await createUploadUrl("bench-upload-baseline");
    const m = await timed(() => plainPut(url));
    // Committed before it is deleted: the emulator removes the bytes of a committed upload only.
    const { data: ref } = await client.api.POST("/rasters/{raster_id}/commit/", {
      params: { path: { raster_id: rasterId } },
    });
    await client.waitForOperation(ref);
    await client.deleteRaster(rasterId);
    result = m;
    break;
  }
  case "sink-ours-put": {
    // node-fs's own transfer (the Uploader core calls), to the trivial sink: the transport alone.
    const uploader = await nodeFs.fileUploader(file);
    result = await timed(() => uploader.put(`${input.sinkUrl}/upload`, {}));
    break;
  }
  case "sink-fetch-put": {
    // The other transport Node has: fetch (undici), with the file as a Blob so that it sends a Content-Length.
    const blob = await openAsBlob(file);
    result = await timed(async () => {
      const res = await fetch(`${input.sinkUrl}/upload`, { method: "PUT", body: blob });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`PUT: ${res.status}`);
    });
    break;
  }
  case "sink-fetch-get": {
    const m = await timed(async () => {
      const res = await fetch(`${input.sinkUrl}/bytes/${size}`);
      if (!res.ok) throw new Error(`GET: ${res.status}`);
      await pipeline(Readable.fromWeb(res.body), createWriteStream(target));
    });
    await checkDownloaded(target);
    result = m;
    break;
  }
  case "sink-put": {
    result = await timed(() => plainPut(`${input.sinkUrl}/upload`));
    break;
  }
  case "ours-download": {
    const m = await timed(() => nodeFs.downloadRasterToFile(client, input.rasterId, target));
    await checkDownloaded(target);
    result = m;
    break;
  }
  case "raw-get":
  case "raw-get-atomic": {
    await warmUp();
    const url = await client.getRasterDownloadUrl(input.rasterId);
    const m = await timed(() => (mode === "raw-get" ? plainGet(url, target) : atomicGet(url, target)));
    await checkDownloaded(target);
    result = m;
    break;
  }
  case "ram-ours-get":
  case "ram-raw-get-atomic": {
    // The client's own pipeline, without the disk: from the in-memory source into a file in RAM (/dev/shm),
    // atomically (temp file, fsync, rename), node-fs's downloadRasterToFile against the wire's atomicGet.
    const url = `${input.sinkUrl}/bytes/${size}`;
    const path = join(existsSync("/dev/shm") ? "/dev/shm" : dirname(target), `bench-ram-${process.pid}.bin`);
    const m = await timed(() =>
      mode === "ram-raw-get-atomic"
        ? atomicGet(url, path)
        : nodeFs.downloadRasterToFile(
            { getRasterDownloadUrl: async () => url, storage: client.storage },
            "r",
            path,
          ),
    );
    await checkDownloaded(path);
    result = m;
    break;
  }
  case "sink-get": {
    const m = await timed(() => plainGet(`${input.sinkUrl}/bytes/${size}`, target));
    await checkDownloaded(target);
    result = m;
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
reply(result);
