import { open, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { APIError, NetworkError, PicterraError, createClient } from "@picterra/core";
import { retryingFetch } from "@picterra/retry";
import { beforeEach, describe, expect, it } from "vitest";
import { downloadRasterToFile, fileUploader } from "../src/index";
import { API_KEY, closedPort, listDir, patternBytes, useTestBed } from "./helpers";

// What a storage failure looks like to the caller: the call named (method, URL without its query), never the
// signature, and the runtime's own error as `cause`.

const SIGNATURE = "9f2c4e1d7a8b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH";
const QUERY = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Signature=${SIGNATURE}`;
/** What S3 answers to a bad signature: it echoes the signature and the string it signed, token included. */
const S3_ERROR = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>
<SignatureProvided>${SIGNATURE}</SignatureProvided>
<CanonicalRequest>GET /bucket/obj X-Amz-Security-Token=${encodeURIComponent(TOKEN)}</CanonicalRequest>
<StringToSign>${TOKEN}</StringToSign></Error>`;

type Route = (req: IncomingMessage, res: ServerResponse) => unknown;
const routes = new Map<string, Route>();
const bed = useTestBed(async (req, res) => {
  const route = routes.get((req.url ?? "").split("?")[0]!);
  if (route) await route(req, res);
  else res.writeHead(404).end("no such object");
});
beforeEach(() => routes.clear());
const client = () => createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl });

function download(url: string) {
  bed.api.reply("GET /rasters/r1/download/", 200, { download_url: url });
  return downloadRasterToFile(client(), "r1", join(bed.dir, "out.tif")).catch((e: unknown) => e);
}

async function upload(url: string) {
  const file = join(bed.dir, "in.tif");
  await writeFile(file, patternBytes(2 * 1024 * 1024, 3));
  return (await fileUploader(file, client())).put(url, {}).catch((e: unknown) => e);
}

function expectNoSecret(error: unknown) {
  const text = `${(error as Error).message} ${JSON.stringify((error as APIError).body ?? "")}`;
  expect(text).not.toContain(SIGNATURE);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(encodeURIComponent(TOKEN));
}

describe("storage error bodies", () => {
  it("lose the signature and the security token the URL carried (GET)", async () => {
    routes.set("/obj", (_req, res) =>
      res.writeHead(403, { "content-type": "application/xml" }).end(S3_ERROR),
    );
    const error = await download(`${bed.storage.url}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(403);
    expect((error as APIError).url).toBe(`${bed.storage.url}/obj?…`);
    expect((error as APIError).body).toContain("<Code>SignatureDoesNotMatch</Code>");
    expectNoSecret(error);
  });

  it("lose the signature of the URL storage redirected to, and of the first one (GET)", async () => {
    routes.set("/first", (_req, res) => res.writeHead(307, { location: `/obj?${QUERY}` }).end());
    routes.set("/obj", (_req, res) => res.writeHead(403).end(`${S3_ERROR} first=${SIGNATURE.slice(0, 40)}`));
    const error = await download(`${bed.storage.url}/first?X-Amz-Signature=${SIGNATURE.slice(0, 40)}`);
    expect((error as APIError).url).toBe(`${bed.storage.url}/obj?…`);
    expectNoSecret(error);
    expect((error as Error).message).not.toContain(SIGNATURE.slice(0, 40));
  });

  it("lose the signature and the security token the URL carried (PUT)", async () => {
    routes.set("/obj", (_req, res) => res.writeHead(403).end(S3_ERROR));
    const error = await upload(`${bed.storage.url}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).method).toBe("PUT");
    expect((error as APIError).body).toContain("<Code>SignatureDoesNotMatch</Code>");
    expectNoSecret(error);
  });
});

describe("network errors", () => {
  it("a refused connection is a NetworkError naming the call (GET)", async () => {
    const port = await closedPort();
    const error = await download(`http://127.0.0.1:${port}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).method).toBe("GET");
    expect((error as NetworkError).url).toBe(`http://127.0.0.1:${port}/obj?…`);
    expect((error as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/obj\?… failed: .*ECONNREFUSED/);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
    expectNoSecret(error);
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("a refused connection is a NetworkError naming the call (PUT)", async () => {
    const port = await closedPort();
    const error = await upload(`http://127.0.0.1:${port}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).method).toBe("PUT");
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
    expectNoSecret(error);
  });

  it("a connection closed before the answer (socket hang up) is a NetworkError", async () => {
    routes.set("/obj", (req) => req.socket.destroy());
    const error = await download(`${bed.storage.url}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(NetworkError);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNRESET");
    expect((error as Error).message).toBe(`GET ${bed.storage.url}/obj?… failed: socket hang up (ECONNRESET)`);
  });

  it("a body reset mid-way is a NetworkError, and the temporary file is gone", async () => {
    routes.set("/obj", (_req, res) => {
      res.writeHead(200, { "content-length": String(4 * 1024 * 1024) });
      res.write(patternBytes(1024 * 1024), () => res.socket?.resetAndDestroy());
    });
    const error = await download(`${bed.storage.url}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(NetworkError);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNRESET");
    expect(await listDir(bed.dir)).toEqual([]);
  });

  it("an upload cut mid-body is a NetworkError", async () => {
    bed.storage.onData = (received, req) => {
      if (received >= 512 * 1024) req.socket.resetAndDestroy();
    };
    const error = await upload(`${bed.storage.url}/obj?${QUERY}`);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).method).toBe("PUT");
    expect((error as NetworkError).url).toBe(`${bed.storage.url}/obj?…`);
  });

  it("a name that does not resolve is a NetworkError", async () => {
    const error = await download(`http://storage.invalid/obj?${QUERY}`);
    expect(error).toBeInstanceOf(NetworkError);
    expect(["ENOTFOUND", "EAI_AGAIN"]).toContain(((error as Error).cause as NodeJS.ErrnoException).code);
    expect((error as NetworkError).url).toBe("http://storage.invalid/obj?…");
  });

  it("a storage URL that is not http(s) is refused before any request, naming it without its query", async () => {
    const error = await download(`ftp://storage.test/obj?${QUERY}`);
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(
      "GET ftp://storage.test/obj?… is not an absolute http(s) URL for storage",
    );
  });
});

describe("file errors", () => {
  it("a file that shrinks while it is sent is a PicterraError naming it, not retried", async () => {
    const file = join(bed.dir, "shrinks.tif");
    await writeFile(file, patternBytes(8 * 1024 * 1024, 5));
    const retrying = createClient({
      apiKey: API_KEY,
      baseUrl: bed.api.baseUrl,
      storageFetch: retryingFetch({ backoffFactorMs: 0 }),
    });
    const uploader = await fileUploader(file, retrying);
    const puts = new Set<IncomingMessage>();
    bed.storage.onData = (received, req) => {
      if (puts.has(req) || received < 1024 * 1024) return;
      puts.add(req);
      void open(file, "r+").then((h) => h.truncate(2 * 1024 * 1024).then(() => h.close()));
    };
    routes.set("/obj", (_req, res) => res.writeHead(200).end());
    const error = await uploader.put(`${bed.storage.url}/obj?${QUERY}`, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toMatch(
      new RegExp(`^${file.replace(/[.]/g, "\\.")} changed while it was uploaded`),
    );
    expect(puts.size).toBe(1);
  });
});
