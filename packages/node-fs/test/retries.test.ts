import { readFile, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { APIError, NetworkError, type PicterraClient, createClient } from "@picterra/core";
import { type RetryInfo, retryingFetch } from "@picterra/retry";
import { mulberry32 } from "@picterra/emulator";
import { beforeEach, describe, expect, it } from "vitest";
import { downloadRasterToFile, fileUploader } from "../src/index";
import {
  API_KEY,
  closedPort,
  listDir,
  patternBytes,
  serveObject,
  sha256,
  sha256File,
  useTestBed,
} from "./helpers";

// No nock in this file: it would intercept node:http too. Storage is a real local server that fails on cue.

const MiB = 1024 * 1024;
const OBJECT = patternBytes(3 * MiB + 5, 11);
const OTHER = patternBytes(MiB + 7, 12);

type Route = (req: IncomingMessage, res: ServerResponse, attempt: number) => unknown;
const routes = new Map<string, Route>();
const attempts = new Map<string, number>();
let retries: RetryInfo[];

const bed = useTestBed(async (req, res) => {
  const path = (req.url ?? "").split("?")[0]!;
  const attempt = (attempts.get(path) ?? 0) + 1;
  attempts.set(path, attempt);
  const route = routes.get(path);
  if (route) await route(req, res, attempt);
  else res.writeHead(404).end("no such object");
});
beforeEach(() => {
  routes.clear();
  attempts.clear();
  retries = [];
});

/** A client whose storage fetch is `retryingFetch` (its policy is what node-fs follows), without waits. */
function retryingClient(maxRetries = 3): PicterraClient {
  return createClient({
    apiKey: API_KEY,
    baseUrl: bed.api.baseUrl,
    storageFetch: retryingFetch({
      maxRetries,
      backoffFactorMs: 0,
      onRetry: (info) => {
        retries.push(info);
      },
    }),
  });
}

const signed = (path: string) => `${bed.storage.url}${path}?X-Amz-Signature=0123456789abcdef`;

function download(client: PicterraClient, path: string, target: string, signal?: AbortSignal) {
  bed.api.reply("GET /rasters/r1/download/", 200, { download_url: signed(path) });
  return downloadRasterToFile(client, "r1", target, { signal });
}

/** OBJECT with an ETag and ranges, its first answer dropped after 1 MiB. */
const droppedOnce: Route = (req, res, attempt) =>
  serveObject(req, res, OBJECT, { etag: '"v1"', ranges: true, dropAfter: attempt === 1 ? MiB : undefined });

const storageCalls = () => bed.storage.requests.map((r) => `${r.method} ${r.headers.range ?? "(whole)"}`);

describe("downloads under retryingFetch", () => {
  it("resume a dropped body with Range and If-Range: the file ends byte for byte", async () => {
    routes.set("/obj", droppedOnce);
    const target = join(bed.dir, "out.tif");
    await download(retryingClient(), "/obj", target);
    // Everything that arrived before the drop was kept: the second request asks for the rest only.
    expect(storageCalls()).toEqual(["GET (whole)", `GET bytes=${MiB}-`]);
    expect(bed.storage.requests[1]?.headers["if-range"]).toBe('"v1"');
    expect(await sha256File(target)).toBe(sha256(OBJECT));
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, method: "GET", url: `${bed.storage.url}/obj?…` });
    expect(retries[0]?.error).toBeInstanceOf(NetworkError);
  });

  it("send If-Range with Last-Modified when storage gave no ETag", async () => {
    const lastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
    routes.set("/obj", (req, res, attempt) => {
      res.setHeader("last-modified", lastModified);
      serveObject(req, res, OBJECT, { ranges: true, dropAfter: attempt === 1 ? MiB : undefined });
    });
    const target = join(bed.dir, "out.tif");
    await download(retryingClient(), "/obj", target);
    expect(storageCalls()).toEqual(["GET (whole)", `GET bytes=${MiB}-`]);
    expect(bed.storage.requests[1]?.headers["if-range"]).toBe(lastModified);
    expect(await sha256File(target)).toBe(sha256(OBJECT));
  });

  it("start over when storage serves no ranges, cutting the temporary file", async () => {
    // The second answer is shorter than what the first left on disk: only a cut file ends equal to it.
    routes.set("/obj", (req, res, attempt) =>
      attempt === 1 ? serveObject(req, res, OBJECT, { dropAfter: 2 * MiB }) : serveObject(req, res, OTHER),
    );
    const target = join(bed.dir, "out.tif");
    await download(retryingClient(), "/obj", target);
    expect(storageCalls()).toEqual(["GET (whole)", "GET (whole)"]);
    expect(await sha256File(target)).toBe(sha256(OTHER));
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });

  it("take the whole object again when it changed since (If-Range no longer matches)", async () => {
    routes.set("/obj", (req, res, attempt) =>
      attempt === 1
        ? serveObject(req, res, OBJECT, { etag: '"v1"', ranges: true, dropAfter: 2 * MiB })
        : serveObject(req, res, OTHER, { etag: '"v2"', ranges: true }),
    );
    const target = join(bed.dir, "out.tif");
    await download(retryingClient(), "/obj", target);
    expect(storageCalls()).toEqual(["GET (whole)", `GET bytes=${2 * MiB}-`]);
    expect(await sha256File(target)).toBe(sha256(OTHER));
  });

  it("do not use a 206 for another range than asked: the whole object is fetched in the same attempt", async () => {
    routes.set("/obj", (req, res, attempt) => {
      if (attempt === 2) {
        res.writeHead(206, { "content-range": `bytes 0-99/${OBJECT.length}`, "content-length": "100" });
        res.end(OBJECT.subarray(0, 100));
        return;
      }
      droppedOnce(req, res, attempt);
    });
    const target = join(bed.dir, "out.tif");
    await download(retryingClient(), "/obj", target);
    expect(storageCalls()).toEqual(["GET (whole)", `GET bytes=${MiB}-`, "GET (whole)"]);
    expect(await sha256File(target)).toBe(sha256(OBJECT));
    expect(retries).toHaveLength(1);
  });

  it("retry 503 and 429 as the policy says, honouring Retry-After, calling onRetry before each wait", async () => {
    routes.set("/obj", (req, res, attempt) => {
      if (attempt === 1) return res.writeHead(503, { "retry-after": "0" }).end("busy");
      if (attempt === 2) return res.writeHead(429, { "retry-after": "0" }).end("slow down");
      serveObject(req, res, OBJECT);
    });
    const target = join(bed.dir, "out.tif");
    await download(retryingClient(), "/obj", target);
    expect(bed.storage.requests).toHaveLength(3);
    expect(retries.map((r) => [r.attempt, r.status, r.delayMs])).toEqual([
      [1, 503, 0],
      [2, 429, 0],
    ]);
    expect(await sha256File(target)).toBe(sha256(OBJECT));
  });

  it("say how many attempts were made once the retries are used up (status)", async () => {
    routes.set("/obj", (_req, res) => res.writeHead(503, { "retry-after": "0" }).end("busy"));
    const target = join(bed.dir, "out.tif");
    await writeFile(target, "old content");
    const error = await download(retryingClient(2), "/obj", target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(503);
    expect((error as APIError).attempts).toBe(3);
    expect((error as Error).message).toBe(
      `GET ${bed.storage.url}/obj?… failed with status 503 after 3 attempts: busy`,
    );
    expect(bed.storage.requests).toHaveLength(3);
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(bed.dir)).toEqual(["out.tif"]);
  });

  it("say how many attempts were made once the retries are used up (connection refused)", async () => {
    const port = await closedPort();
    bed.api.reply("GET /rasters/r1/download/", 200, {
      download_url: `http://127.0.0.1:${port}/obj?sig=secret-signature`,
    });
    const error = await downloadRasterToFile(retryingClient(2), "r1", join(bed.dir, "out.tif")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(
      new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/obj\\?… failed after 3 attempts: .*ECONNREFUSED`),
    );
    expect((error as { attempts?: number }).attempts).toBe(3);
    // The last attempt's failure is the cause; the runtime's error is its own.
    const last = (error as Error).cause as NetworkError;
    expect(last).toBeInstanceOf(NetworkError);
    expect((last.cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
    expect(retries).toHaveLength(2);
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("retry nothing without a policy", async () => {
    routes.set("/obj", (_req, res) => res.writeHead(503, { "retry-after": "0" }).end("busy"));
    const client = createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl });
    const error = await download(client, "/obj", join(bed.dir, "out.tif")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).attempts).toBeUndefined();
    expect(bed.storage.requests).toHaveLength(1);
  });

  it("reject with the signal's reason when aborted during a wait", async () => {
    routes.set("/obj", (_req, res) => res.writeHead(503, { "retry-after": "30" }).end("busy"));
    const controller = new AbortController();
    const reason = new Error("stop waiting");
    const client = createClient({
      apiKey: API_KEY,
      baseUrl: bed.api.baseUrl,
      storageFetch: retryingFetch({ onRetry: () => controller.abort(reason) }),
    });
    const error = await download(client, "/obj", join(bed.dir, "out.tif"), controller.signal).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(reason);
    expect(bed.storage.requests).toHaveLength(1);
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("end 20 downloads under seeded faults (503, drops mid-body, with and without ranges) identical", async () => {
    const random = mulberry32(20261129);
    const faults = { unavailable: 0, dropped: 0 };
    const objects = Array.from({ length: 20 }, (_, i) => patternBytes(MiB + 1000 * i, 100 + i));
    routes.set("/fault", (req, res) => {
      const index = Number(new URL(req.url ?? "", bed.storage.url).searchParams.get("i"));
      const bytes = objects[index]!;
      const ranges = index % 2 === 0;
      const roll = random();
      if (roll < 0.2) {
        faults.unavailable++;
        res.writeHead(503, { "retry-after": "0" }).end("busy");
        return;
      }
      const rest = bytes.length - Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "")?.[1] ?? 0);
      const dropAfter = roll < 0.6 ? Math.floor(random() * rest) : undefined;
      if (dropAfter !== undefined) faults.dropped++;
      serveObject(req, res, bytes, { etag: `"o${index}"`, ranges, dropAfter });
    });
    const client = retryingClient(50);
    for (let i = 0; i < objects.length; i++) {
      const target = join(bed.dir, `out-${i}.tif`);
      bed.api.reply("GET /rasters/r1/download/", 200, {
        download_url: `${bed.storage.url}/fault?i=${i}&sig=s3cr3t-signature`,
      });
      await downloadRasterToFile(client, "r1", target);
      expect(await sha256File(target)).toBe(sha256(objects[i]!));
    }
    expect(faults.unavailable).toBeGreaterThan(0);
    expect(faults.dropped).toBeGreaterThan(0);
    // Some attempts resumed with a range; downloads of objects served without ranges never asked for one.
    const ranged = bed.storage.requests.filter((r) => r.headers.range !== undefined);
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged.every((r) => Number(new URL(r.url, bed.storage.url).searchParams.get("i")) % 2 === 0)).toBe(
      true,
    );
    expect((await listDir(bed.dir)).filter((name) => name.endsWith(".part"))).toEqual([]);
  });
});

describe("uploads under retryingFetch", () => {
  it("send the whole file again after a 503 and after a connection dropped mid-body", async () => {
    const bytes = patternBytes(4 * MiB + 3, 21);
    const file = join(bed.dir, "site.tif");
    await writeFile(file, bytes);
    const started = new Set<IncomingMessage>();
    bed.storage.onData = (received, req) => {
      started.add(req);
      // The second PUT is cut once 1 MiB of it arrived.
      if (started.size === 2 && received >= MiB) req.socket.destroy();
    };
    let puts = 0;
    routes.set("/up", (_req, res) => {
      puts++;
      if (puts === 1) res.writeHead(503, { "retry-after": "0" }).end("busy");
      else res.writeHead(200).end();
    });
    const uploader = await fileUploader(file, retryingClient());
    await uploader.put(signed("/up"), {});
    expect(retries.map((r) => [r.attempt, r.method, r.status ?? (r.error as Error).name])).toEqual([
      [1, "PUT", 503],
      [2, "PUT", "NetworkError"],
    ]);
    // The storage server records the PUTs that arrived whole: the first (answered 503) and the last.
    expect(bed.storage.requests.map((r) => [r.bytes, r.sha256])).toEqual([
      [bytes.length, sha256(bytes)],
      [bytes.length, sha256(bytes)],
    ]);
  });

  it("say how many attempts were made once the retries are used up", async () => {
    const file = join(bed.dir, "site.tif");
    await writeFile(file, patternBytes(1000));
    routes.set("/up", (_req, res) => res.writeHead(502).end("bad gateway"));
    const uploader = await fileUploader(file, retryingClient(1));
    const error = await uploader.put(signed("/up"), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toBe(
      `PUT ${bed.storage.url}/up?… failed with status 502 after 2 attempts: bad gateway`,
    );
    expect(bed.storage.requests).toHaveLength(2);
  });

  it("retry nothing through an uploader made without a client", async () => {
    const file = join(bed.dir, "site.tif");
    await writeFile(file, patternBytes(1000));
    routes.set("/up", (_req, res) => res.writeHead(503, { "retry-after": "0" }).end("busy"));
    const error = await (await fileUploader(file)).put(signed("/up"), {}).catch((e: unknown) => e);
    expect((error as APIError).status).toBe(503);
    expect(bed.storage.requests).toHaveLength(1);
  });
});
