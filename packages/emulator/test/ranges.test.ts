import { type IncomingMessage, get } from "node:http";
import { describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../src/index";
import { requestedRange } from "../src/storage-get";
import { call, emulator, finished, geoTiff } from "./helpers";

/** An emulator holding one ready raster whose bytes are known; answers a fresh download URL on demand. */
async function withRaster(options: EmulatorOptions = {}) {
  const emu = await emulator({ pollsUntilDone: 0, ...options });
  const bytes = Buffer.from(geoTiff(200, 100, { epsg: 4326, origin: [8, 47], pixel: 0.001 }));
  const created = (await call(emu, "POST", "rasters/upload/file/", { json: { name: "r" } })).body as {
    upload_url: string;
    raster_id: string;
  };
  await fetch(created.upload_url, { method: "PUT", body: new Uint8Array(bytes) });
  await finished(emu, (await call(emu, "POST", `rasters/${created.raster_id}/commit/`)).body);
  const downloadUrl = async () =>
    ((await call(emu, "GET", `rasters/${created.raster_id}/download/`)).body as { download_url: string })
      .download_url;
  return { emu, bytes, downloadUrl };
}

describe("ranged storage GETs", () => {
  it("send ETag and Accept-Ranges, and answer a Range with 206 and Content-Range", async () => {
    const { bytes, downloadUrl } = await withRaster();
    const url = await downloadUrl();
    const whole = await fetch(url);
    const etag = whole.headers.get("etag")!;
    expect(whole.status).toBe(200);
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const size = bytes.byteLength;

    for (const [range, start, end] of [
      ["bytes=100-", 100, size - 1],
      ["bytes=10-19", 10, 19],
      ["bytes=-5", size - 5, size - 1],
      [`bytes=${size - 3}-${size + 50}`, size - 3, size - 1],
    ] as const) {
      const part = await fetch(url, { headers: { Range: range } });
      expect([range, part.status]).toEqual([range, 206]);
      expect(part.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
      expect(part.headers.get("content-length")).toBe(String(end - start + 1));
      expect(part.headers.get("etag")).toBe(etag);
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it("answer 416 past the end, and the whole file for an If-Range of another version", async () => {
    const { bytes, downloadUrl } = await withRaster();
    const url = await downloadUrl();
    const size = bytes.byteLength;
    const past = await fetch(url, { headers: { Range: `bytes=${size}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${size}`);
    expect(await past.text()).toContain("<Code>InvalidRange</Code>");

    const etag = (await fetch(url, { method: "HEAD" })).headers.get("etag")!;
    const same = await fetch(url, { headers: { Range: "bytes=5-", "If-Range": etag } });
    expect(same.status).toBe(206);
    const changed = await fetch(url, { headers: { Range: "bytes=5-", "If-Range": '"0-0"' } });
    expect(changed.status).toBe(200);
    expect(Buffer.from(await changed.arrayBuffer()).equals(bytes)).toBe(true);
    const head = await fetch(url, { method: "HEAD", headers: { Range: "bytes=0-9" } });
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([206, "10", ""]);
  });

  it("read one range the way RFC 9110 does: several, reversed or malformed ones mean the whole file", () => {
    const etag = '"a-1"';
    expect(requestedRange(undefined, undefined, etag, 100)).toBeNull();
    expect(requestedRange("bytes=0-1,5-6", undefined, etag, 100)).toBeNull();
    expect(requestedRange("bytes=9-2", undefined, etag, 100)).toBeNull();
    expect(requestedRange("items=0-1", undefined, etag, 100)).toBeNull();
    expect(requestedRange("bytes=-", undefined, etag, 100)).toBeNull();
    expect(requestedRange("bytes=-0", undefined, etag, 100)).toBe("unsatisfiable");
    expect(requestedRange("bytes=-500", undefined, etag, 100)).toEqual({ start: 0, end: 99 });
    expect(requestedRange("bytes=0-", undefined, etag, 0)).toBe("unsatisfiable");
    expect(requestedRange("bytes=3-", "Wed, 21 Oct 2015 07:28:00 GMT", etag, 100)).toBeNull();
    expect(requestedRange("bytes=3-", etag, etag, 100)).toEqual({ start: 3, end: 99 });
  });
});

interface Received {
  res: IncomingMessage;
  bytes: Buffer[];
  ended: boolean;
  failed: boolean;
}

/** A GET on its own connection that records what arrives; resolves once `atLeast` body bytes came. */
function receive(url: string, atLeast: number, headers: Record<string, string> = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers }, (res) => {
      const got: Received = { res, bytes: [], ended: false, failed: false };
      let total = 0;
      res.on("data", (chunk: Buffer) => {
        got.bytes.push(chunk);
        total += chunk.byteLength;
        if (total >= atLeast) resolve(got);
      });
      res.on("end", () => {
        got.ended = true;
        resolve(got);
      });
      res.on("error", () => {
        got.failed = true;
        resolve(got);
      });
      res.on("aborted", () => {
        got.failed = true;
        resolve(got);
      });
    });
    req.on("error", reject);
  });
}

describe("body faults on storage downloads", () => {
  it("cut: headers and the first half of the body, then the connection closes; a resume gets the rest", async () => {
    const { emu, bytes, downloadUrl } = await withRaster({
      faults: { rate: 1, kinds: ["cut"], storage: true, methods: [], limit: 1 },
    });
    const url = await downloadUrl();
    const half = Math.floor(bytes.byteLength / 2);
    const cut = await receive(url, bytes.byteLength);
    expect(cut.res.statusCode).toBe(200);
    expect(cut.res.headers["content-length"]).toBe(String(bytes.byteLength));
    expect([cut.ended, cut.failed]).toEqual([false, true]);
    const first = Buffer.concat(cut.bytes);
    expect(first.equals(bytes.subarray(0, half))).toBe(true);
    expect(emu.stats().faults).toBe(1);

    // The limit is spent: resuming from where the body stopped succeeds.
    const rest = await fetch(url, {
      headers: { Range: `bytes=${first.byteLength}-`, "If-Range": String(cut.res.headers.etag) },
    });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([first, Buffer.from(await rest.arrayBuffer())]).equals(bytes)).toBe(true);
  });

  it("stall: headers and the first half of the body, then nothing while the connection stays open", async () => {
    const { emu, bytes, downloadUrl } = await withRaster({
      faults: { rate: 1, kinds: ["stall"], storage: true, methods: [] },
    });
    const url = await downloadUrl();
    const half = Math.floor(bytes.byteLength / 2);
    const stalled = await receive(url, half);
    expect(stalled.res.statusCode).toBe(200);
    expect(Buffer.concat(stalled.bytes).equals(bytes.subarray(0, half))).toBe(true);
    // A full round trip on another connection later, nothing more came and the answer is still open.
    expect((await call(emu, "GET", "rasters/")).status).toBe(200);
    expect(Buffer.concat(stalled.bytes).byteLength).toBe(half);
    expect([stalled.ended, stalled.failed, stalled.res.socket?.destroyed]).toEqual([false, false, false]);
    // A ranged request stalls too, halfway through its range.
    const ranged = await receive(url, 50, { Range: "bytes=0-99" });
    expect([ranged.res.statusCode, Buffer.concat(ranged.bytes).byteLength]).toEqual([206, 50]);
    // Closing the emulator ends the stalled connection.
    const closed = new Promise((resolve) => stalled.res.socket!.once("close", resolve));
    await emu.close();
    await closed;
    expect(stalled.ended).toBe(false);
  });

  it("never hit API calls, even when they are the only kinds named", async () => {
    const emu = await emulator({ faults: { rate: 1, kinds: ["stall", "cut"] } });
    expect((await call(emu, "GET", "rasters/")).status).toBe(200);
    expect(emu.stats().faults).toBe(0);
    const limited = await emulator({ faults: { rate: 1, kinds: ["503"], limit: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(limited, "GET", "rasters/")).status);
    expect(statuses).toEqual([503, 503, 200]);
  });
});
