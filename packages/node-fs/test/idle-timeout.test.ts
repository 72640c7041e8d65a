import { open, readFile, writeFile } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { IdleTimeoutError, type PicterraClient, createClient } from "@picterra/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { downloadRasterToFile, fileUploader } from "../src/index";
import { API_KEY, type FakeApi, listDir, partFileSize, patternBytes, startFakeApi, tempDir } from "./helpers";

// A storage server that stalls on cue, and a client with a short idle timeout. The assertions are on the error
// and on the files left behind, never on how long anything took.

const IDLE_MS = 200;
const MiB = 1024 * 1024;

let handle: (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let storageUrl: string;
let api: FakeApi;
let client: PicterraClient;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  storageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = await startFakeApi();
  client = createClient({ apiKey: API_KEY, baseUrl: api.baseUrl, storageIdleTimeoutMs: IDLE_MS });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await api.close();
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  api.reset();
});
afterEach(async () => {
  vi.useRealTimers();
  // Stalled answers would otherwise hold their connections open.
  server.closeAllConnections();
  await cleanup();
});

function download(target: string, c = client) {
  api.reply("GET /rasters/r1/download/", 200, {
    download_url: `${storageUrl}/obj?X-Amz-Signature=s3cr3t-sig`,
  });
  return downloadRasterToFile(c, "r1", target);
}

/** Polls `condition` on the event loop's check phase (setTimeout may be faked). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}

function expectIdle(error: unknown, method: string) {
  expect(error).toBeInstanceOf(IdleTimeoutError);
  expect((error as IdleTimeoutError).idleTimeoutMs).toBe(IDLE_MS);
  expect((error as Error).message).toBe(
    `${method} ${storageUrl}/obj?… stalled: no data moved for ${IDLE_MS} ms`,
  );
}

describe("storageIdleTimeoutMs", () => {
  it("fails a download whose body stops after the headers and part of it, leaving no temporary file", async () => {
    handle = (_req, res) => {
      res.writeHead(200, { "content-length": String(4 * MiB) });
      res.write(patternBytes(256 * 1024));
    };
    const target = join(dir, "out.tif");
    await writeFile(target, "old content");
    const error = await download(target).catch((e: unknown) => e);
    expectIdle(error, "GET");
    expect(await readFile(target, "utf8")).toBe("old content");
    expect(await listDir(dir)).toEqual(["out.tif"]);
  });

  it("fails a download whose headers never come", async () => {
    handle = () => {};
    const error = await download(join(dir, "out.tif")).catch((e: unknown) => e);
    expectIdle(error, "GET");
    expect(await listDir(dir)).toEqual([]);
  });

  it("does not cut a download whose bytes keep coming, however long it takes in all", async () => {
    // The idle timer runs on fake time; the test advances it by 3/4 of the idle time between two chunks.
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    const chunk = 64 * 1024;
    const chunks = 8;
    handle = async (_req, res) => {
      res.writeHead(200, { "content-length": String(chunk * chunks) });
      for (let i = 1; i <= chunks; i++) {
        res.write(patternBytes(chunk, i));
        if (i === chunks) break;
        await until(async () => (await partFileSize(dir)) >= i * chunk);
        vi.advanceTimersByTime((IDLE_MS * 3) / 4);
      }
      res.end();
    };
    const target = join(dir, "out.tif");
    await download(target);
    expect((await readFile(target)).length).toBe(chunk * chunks);
  });

  it("fails an upload whose socket stops draining", async () => {
    // The server reads nothing of the body: once the socket buffers are full, no byte moves.
    let paused: IncomingMessage | undefined;
    handle = (req) => {
      paused = req;
      req.pause();
    };
    const file = join(dir, "big.tif");
    const handleFile = await open(file, "w");
    await handleFile.truncate(64 * MiB);
    await handleFile.close();
    const uploader = await fileUploader(file, client);
    const error = await uploader
      .put(`${storageUrl}/obj?X-Amz-Signature=s3cr3t-sig`, {})
      .catch((e: unknown) => e);
    expectIdle(error, "PUT");
    expect(paused).toBeDefined();
  });

  it("fails an upload that storage never answers", async () => {
    handle = (req) => req.resume();
    const file = join(dir, "small.tif");
    await writeFile(file, patternBytes(1000));
    const uploader = await fileUploader(file, client);
    const error = await uploader
      .put(`${storageUrl}/obj?X-Amz-Signature=s3cr3t-sig`, {})
      .catch((e: unknown) => e);
    expectIdle(error, "PUT");
  });
});
