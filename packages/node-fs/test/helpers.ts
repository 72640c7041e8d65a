import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PicterraClient, type Progress, createClient } from "@picterra/core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

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

/** Answers a storage request; may return a promise (a rejection destroys the response). */
export type StorageHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;

export interface Storage {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  requests: StorageRequest[];
  /** Called as body bytes arrive, with the running count for that request (and the request). */
  onData?: (bytesSoFar: number, req: IncomingMessage) => void;
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
    // a client that gives up mid-body is part of what is tested, not a server failure
    req.on("error", () => {});
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      if (keepBodies) chunks.push(chunk);
      storage.onData?.(bytes, req);
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
  const storage: Storage = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return storage;
}

/** One call the fake API received. */
export interface ApiCall {
  method: string;
  /** Path and query, e.g. /public/api/v2/rasters/r1/download/ */
  path: string;
  body: unknown;
  /** Whether the right API key came with it. */
  key: boolean;
}

export interface FakeApi {
  /** The base URL to give createClient, e.g. http://127.0.0.1:40123/public/api/v2 */
  baseUrl: string;
  calls: ApiCall[];
  /** Queues a JSON answer for "METHOD /path/" (relative to the base path); each answer is used once. */
  reply(route: string, status: number, body: unknown): void;
  /** Forgets the calls and any unused answers. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A minimal in-process fake of the Picterra API on a real server, recording every call. Tests that move
 * real storage bytes use it instead of nock, because nock also intercepts `node:http`: it buffers every
 * body in memory and can drop the end of a response when the server closes the connection.
 */
export async function startFakeApi(): Promise<FakeApi> {
  const calls: ApiCall[] = [];
  const answers = new Map<string, { status: number; body: unknown }[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "";
      calls.push({
        method: req.method ?? "",
        path,
        body: text === "" ? undefined : JSON.parse(text),
        key: req.headers["x-api-key"] === API_KEY,
      });
      const answer = answers.get(`${req.method} ${path.slice(API_PATH.length)}`)?.shift();
      const { status, body } = answer ?? { status: 404, body: { detail: "Not found." } };
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${API_PATH}`,
    calls,
    reply(route, status, body) {
      const queue = answers.get(route) ?? [];
      queue.push({ status, body });
      answers.set(route, queue);
    },
    reset() {
      calls.length = 0;
      answers.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        answers.clear();
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

/** A fresh temporary directory for each test of the file (`dir`), removed after it. */
export function useTempDir(): { readonly dir: string } {
  const current = { dir: "" };
  let cleanup = async () => {};
  beforeEach(async () => {
    ({ dir: current.dir, cleanup } = await tempDir());
  });
  afterEach(() => cleanup());
  return current;
}

/** A client no request of which can succeed: a call that gets past the checks fails with a network error. */
export function offlineClient(): PicterraClient {
  return createClient({
    apiKey: API_KEY,
    baseUrl: "http://127.0.0.1:9/public/api/v2",
    fetch: () => Promise.reject(new Error("a request was made")),
  });
}

/** What `useTestBed` gives a test file: its servers, and a fresh directory for each test. */
export interface TestBed {
  /** The storage server, for the whole file; its `requests` and `onData` are cleared before each test. */
  readonly storage: Storage;
  /** The fake API, for the whole file; reset before each test. */
  readonly api: FakeApi;
  /** A fresh temporary directory for each test, removed after it. */
  readonly dir: string;
}

/**
 * Registers the hooks the transfer tests share: a storage server answering with `handle` (`startStorage`) and a
 * fake API, started before the file's tests and closed after them; before each test a fresh `dir`, the API
 * reset and storage's records and `onData` cleared. A file's own `beforeEach`, registered after this call,
 * runs after these.
 */
export function useTestBed(handle: StorageHandler, options?: { keepBodies?: boolean }): TestBed {
  const bed = {} as { storage: Storage; api: FakeApi; dir: string };
  let cleanup = async () => {};
  beforeAll(async () => {
    bed.storage = await startStorage(handle, options);
    bed.api = await startFakeApi();
  });
  afterAll(async () => {
    await bed.storage.close();
    await bed.api.close();
  });
  beforeEach(async () => {
    ({ dir: bed.dir, cleanup } = await tempDir());
    bed.storage.requests.length = 0;
    bed.storage.onData = undefined;
    bed.api.reset();
  });
  afterEach(() => cleanup());
  return bed;
}

/** The names in a directory, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** SHA-256 of a file, computed by streaming it. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
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

/** Polls `condition` every 5 ms until it holds (the test's own timeout bounds the wait). */
export async function waitFor(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A port on 127.0.0.1 that nothing listens on any more: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How `serveObject` answers one GET. */
export interface ObjectOptions {
  /** Sent as ETag; an If-Range that differs gets the whole object (200), as HTTP says. */
  etag?: string;
  /** Serve byte ranges (`Accept-Ranges: bytes`, 206 for `Range: bytes=N-`). */
  ranges?: boolean;
  /** Drop the connection after this many bytes of the body. */
  dropAfter?: number;
}

/**
 * Answers a GET of `bytes` as object storage does: Content-Length, an ETag, ranges when told, and a connection
 * dropped part-way through the body when told (after those bytes have reached the socket).
 */
export function serveObject(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
  { etag, ranges = false, dropAfter }: ObjectOptions = {},
): void {
  const headers: Record<string, string> = {};
  if (etag) headers.etag = etag;
  if (ranges) headers["accept-ranges"] = "bytes";
  let from = 0;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  const ifRange = req.headers["if-range"];
  if (ranges && range && (ifRange === undefined || ifRange === etag)) {
    from = Number(range[1]);
    headers["content-range"] = `bytes ${from}-${bytes.length - 1}/${bytes.length}`;
  }
  const body = bytes.subarray(from);
  res.writeHead(from > 0 ? 206 : 200, { ...headers, "content-length": String(body.length) });
  if (dropAfter === undefined || dropAfter >= body.length) {
    res.end(body);
    return;
  }
  res.write(body.subarray(0, dropAfter), () => res.socket?.destroy());
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
