import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { get } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/index";
import { call, emulator, png } from "./helpers";

async function rasterUpload(emu: Awaited<ReturnType<typeof emulator>>) {
  const res = await call(emu, "POST", "rasters/upload/file/", { json: { name: "r" } });
  expect(res.status).toBe(201);
  return res.body as { upload_url: string; raster_id: string };
}

describe("signed URLs", () => {
  it("are unguessable, on the emulator's own origin, and carry the signature in the query", async () => {
    const emu = await emulator();
    const { upload_url } = await rasterUpload(emu);
    const url = new URL(upload_url);
    expect(url.origin).toBe(new URL(emu.url).origin);
    expect(url.pathname).toMatch(/^\/storage\/uploads\/raster\/[\w-]+$/);
    expect(url.searchParams.get("X-Emulator-Signature")).toMatch(/^[\w-]{32}$/);
    const forged = new URL(upload_url);
    forged.searchParams.set("X-Emulator-Signature", "A".repeat(32));
    const res = await fetch(forged, { method: "PUT", body: "x" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  it("expire: a URL used after signedUrlTtlMs answers 403 expired", async () => {
    const emu = await emulator({ signedUrlTtlMs: 50 });
    const { upload_url } = await rasterUpload(emu);
    await sleep(120);
    const res = await fetch(upload_url, { method: "PUT", body: "late" });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/xml");
    expect(await res.text()).toContain("<Message>Request has expired</Message>");
    expect(emu.stats().uploads).toBe(0);
  });

  it("take exactly one PUT: a second one is rejected and the first bytes stay", async () => {
    const emu = await emulator();
    const { upload_url } = await rasterUpload(emu);
    expect((await fetch(upload_url, { method: "PUT", body: "first" })).status).toBe(200);
    const again = await fetch(upload_url, { method: "PUT", body: "second" });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("already used");
    const upload = emu.state().uploads[0]!;
    expect(await readFile(upload.file, "utf8")).toBe("first");
    expect(emu.stats()).toMatchObject({ uploads: 1, bytesStored: 5 });
  });

  it("reject any request carrying X-Api-Key with 400, saying the key leaked", async () => {
    const emu = await emulator();
    const { upload_url } = await rasterUpload(emu);
    const res = await fetch(upload_url, { method: "PUT", body: "x", headers: { "X-Api-Key": emu.apiKey } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("must not carry the X-Api-Key header");
    // Nothing was stored: the URL still takes its one PUT.
    expect((await fetch(upload_url, { method: "PUT", body: "x" })).status).toBe(200);
    const wrongKey = await fetch(upload_url, { headers: { "X-Api-Key": "anything" } });
    expect(wrongKey.status).toBe(400);
  });

  it("are good for their method only", async () => {
    const emu = await emulator();
    const { upload_url } = await rasterUpload(emu);
    expect((await fetch(upload_url)).status).toBe(403);
    expect((await fetch(upload_url, { method: "DELETE" })).status).toBe(405);
  });
});

describe("bytes on disk", () => {
  it("deleting a raster whose upload was never committed removes its bytes too", async () => {
    const emu = await emulator();
    const { upload_url, raster_id } = await rasterUpload(emu);
    expect((await fetch(upload_url, { method: "PUT", body: new Uint8Array(png(8, 8)) })).status).toBe(200);
    expect(await readdir(emu.dataDir)).toHaveLength(1);
    expect((await call(emu, "DELETE", `rasters/${raster_id}/`)).status).toBe(204);
    expect(await readdir(emu.dataDir)).toEqual([]);
  });

  it("streams an upload to a file in the data dir, serves it back with Content-Length, and removes the dir on close", async () => {
    const emu = await startEmulator();
    const image = new Uint8Array(png(64, 32));
    const { upload_url, raster_id } = await rasterUpload(emu);
    expect((await fetch(upload_url, { method: "PUT", body: image })).status).toBe(200);
    const files = await readdir(emu.dataDir);
    expect(files).toHaveLength(1);
    expect((await stat(join(emu.dataDir, files[0]!))).size).toBe(image.byteLength);

    const commit = await call(emu, "POST", `rasters/${raster_id}/commit/`);
    const opId = (commit.body as { operation_id: string }).operation_id;
    for (let i = 0; i < 3; i++) await call(emu, "GET", `operations/${opId}/`);
    const { download_url } = (await call(emu, "GET", `rasters/${raster_id}/download/`)).body as {
      download_url: string;
    };
    const download = await fetch(download_url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-length")).toBe(String(image.byteLength));
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(image))).toBe(true);

    await emu.close();
    expect(existsSync(emu.dataDir)).toBe(false);
  });

  it("serves the next download whole after a client went away in the middle of one", async () => {
    const emu = await emulator();
    // Larger than the socket buffers and the emulator's two 1 MiB read buffers, so the body is still being sent.
    const image = Buffer.concat([png(64, 32), Buffer.alloc(24 * 1024 * 1024, 1)]);
    const { upload_url, raster_id } = await rasterUpload(emu);
    expect((await fetch(upload_url, { method: "PUT", body: image })).status).toBe(200);
    const commit = await call(emu, "POST", `rasters/${raster_id}/commit/`);
    const opId = (commit.body as { operation_id: string }).operation_id;
    for (let i = 0; i < 3; i++) await call(emu, "GET", `operations/${opId}/`);
    const { download_url } = (await call(emu, "GET", `rasters/${raster_id}/download/`)).body as {
      download_url: string;
    };
    await new Promise<void>((resolve, reject) => {
      get(download_url, (res) => {
        res.once("data", () => {
          res.destroy();
          resolve();
        });
      }).on("error", reject);
    });
    await sleep(50);
    const again = await fetch(download_url);
    expect(Buffer.from(await again.arrayBuffer()).equals(image)).toBe(true);
    await emu.close();
  });

  it("keeps a data dir it was given", async () => {
    const first = await startEmulator();
    const dir = join(first.dataDir, "given");
    const emu = await startEmulator({ dataDir: dir });
    expect(emu.dataDir).toBe(dir);
    await emu.close();
    expect(existsSync(dir)).toBe(true);
    await first.close();
  });
});

describe("CORS", () => {
  it("answers preflights on API and storage routes, echoing the asked headers", async () => {
    const emu = await emulator();
    const { upload_url } = await rasterUpload(emu);
    for (const url of [`${emu.url}rasters/`, upload_url]) {
      const res = await fetch(url, {
        method: "OPTIONS",
        headers: {
          Origin: "http://example.test",
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": "x-api-key, content-type",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, PUT, DELETE, OPTIONS");
      expect(res.headers.get("access-control-allow-headers")).toBe("x-api-key, content-type");
      expect(res.headers.get("access-control-expose-headers")).toBe(
        "Retry-After, Content-Length, Content-Range, Accept-Ranges, ETag",
      );
    }
    const api = await call(emu, "GET", "rasters/");
    expect(api.headers.get("access-control-allow-origin")).toBe("*");
    // The preflight named x-api-key, but the actual storage request carrying it is still refused.
    expect(
      (await fetch(upload_url, { method: "PUT", body: "x", headers: { "X-Api-Key": "k" } })).status,
    ).toBe(400);
  });
});
