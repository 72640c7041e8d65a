import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Progress } from "@picterra/core";

// No nock here: importing nock switches its interception on, and large-upload.test.ts must run without it.

export const API_KEY = "test-key-0123456789";
export const API_ORIGIN = "https://api.picterra.test";
export const API_PATH = "/public/api/v2";
export const BASE_URL = `${API_ORIGIN}${API_PATH}`;

/** What the local storage server saw of one request. */
export interface StorageRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body, unless the server was told not to keep it. */
  body: Buffer;
  bytes: number;
  sha256: string;
}

export type StorageHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface Storage {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  requests: StorageRequest[];
  close(): Promise<void>;
}

/**
 * A real `node:http` storage server on 127.0.0.1 (port 0). It reads each body (hashing it while it streams,
 * keeping it unless `keepBodies` is false), records the request, then lets `handle` answer. A request that
 * carries an API key is answered 403 and recorded too, so tests can assert that none arrived.
 */
export async function startStorage(handle: StorageHandler, { keepBodies = true } = {}): Promise<Storage> {
  const requests: StorageRequest[] = [];
  const server = createServer((req, res) => {
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      if (keepBodies) chunks.push(chunk);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        bytes,
        sha256: hash.digest("hex"),
      });
      if (req.headers["x-api-key"] !== undefined) {
        res.writeHead(403).end("an API key was sent to storage");
        return;
      }
      Promise.resolve(handle(req, res, body)).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal in-process fake of the API calls a raster upload makes, on a real server (for tests without nock). */
export async function startFakeApi(storageUrl: string): Promise<{ baseUrl: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls.push(`${req.method} ${req.url} key=${req.headers["x-api-key"] === API_KEY}`);
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method === "POST" && req.url === `${API_PATH}/rasters/upload/file/`) {
        return json(201, { upload_url: `${storageUrl}/upload/r1?signature=secret`, raster_id: "r1" });
      }
      if (req.method === "POST" && req.url === `${API_PATH}/rasters/r1/commit/`) {
        return json(201, { operation_id: "op1", poll_interval: 0 });
      }
      if (req.method === "GET" && req.url === `${API_PATH}/operations/op1/`) {
        return json(200, { type: "raster_upload", status: "success", metadata: { raster_id: "r1" } });
      }
      json(404, { detail: "Not found." });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${API_PATH}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh temporary directory, and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "picterra-node-fs-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The names in a directory, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** SHA-256 of a file, computed by streaming it. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Deterministic bytes (not all zeros), so that reordered or dropped chunks change the content. */
export function patternBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Polls `condition` every 5 ms until it holds (or fails the test after `timeoutMs`). */
export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error("waitFor: condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The size of the first `.part` temporary file in `dir`, or -1 when there is none. */
export async function partFileSize(dir: string): Promise<number> {
  const part = (await readdir(dir)).find((name) => name.endsWith(".part"));
  if (!part) return -1;
  return (await stat(join(dir, part))).size;
}

/** Checks what every progress sequence must be: starts at 0, never goes back, ends exactly once at `total`. */
export function checkProgress(events: Progress[], total: number): string | null {
  if (events.length < 2) return `only ${events.length} progress events`;
  if (events[0]?.loaded !== 0) return `first event at ${events[0]?.loaded}`;
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.loaded < events[i - 1]!.loaded) return `event ${i} goes back`;
  }
  if (events.some((e) => e.total !== total)) return "an event has the wrong total";
  const atTotal = events.filter((e) => e.loaded === total);
  if (atTotal.length !== 1 || events.at(-1)?.loaded !== total) return "progress does not end once at total";
  return null;
}
