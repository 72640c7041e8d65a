import { deflateSync } from "node:zlib";
import { type PicterraClient, createClient } from "@picterra/core";
import { writeArrayBuffer } from "geotiff";
import { afterEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../src/index";

const running: Emulator[] = [];

/** Starts an emulator that checks its own answers against the document, and stops it after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ validateResponses: true, ...options });
  running.push(emu);
  return emu;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

/** The @picterra/core client, pointed at an emulator. */
export function client(emu: Emulator): PicterraClient {
  return createClient({ apiKey: emu.apiKey, baseUrl: emu.url });
}

/** A raw API call (for what the client would refuse to send), with the key unless `key` says otherwise. */
export async function call(
  emu: Emulator,
  method: string,
  path: string,
  init: { body?: string; json?: unknown; key?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? emu.apiKey : init.key;
  if (key !== null) headers["X-Api-Key"] = key;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["Content-Type"] ??= "application/json";
  }
  const response = await fetch(new URL(path.replace(/^\//, ""), emu.url), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A single-band GeoTIFF whose top-left corner is `origin` and pixels `pixel` wide, in EPSG:4326 or 3857. */
export function geoTiff(
  width: number,
  height: number,
  { epsg, origin, pixel }: { epsg: 4326 | 3857; origin: [number, number]; pixel: number },
): ArrayBuffer {
  const geo =
    epsg === 4326
      ? { GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4326 }
      : { GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 3857 };
  return writeArrayBuffer(new Uint8Array(width * height), {
    width,
    height,
    ModelPixelScale: [pixel, pixel, 0],
    ModelTiepoint: [0, 0, 0, origin[0], origin[1], 0],
    GTRasterTypeGeoKey: 1,
    ...geo,
  });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(8 + data.byteLength + 4);
  out.writeUInt32BE(data.byteLength, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.byteLength);
  return out;
}

/** A valid grey PNG of the given size. */
export function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height); // filter byte 0 + pixels per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The head of a baseline JPEG (SOI, an APP0 and a SOF0 with the size), as far as a size reader looks. */
export function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

type Ring = [number, number][];

/** A FeatureCollection of axis-aligned boxes [w, s, e, n], with optional properties. */
export function boxes(
  list: [number, number, number, number][],
  properties: Record<string, unknown> | null = null,
): {
  type: "FeatureCollection";
  features: {
    type: "Feature";
    geometry: { type: "Polygon"; coordinates: Ring[] };
    properties: Record<string, unknown> | null;
  }[];
} {
  return {
    type: "FeatureCollection",
    features: list.map(([w, s, e, n]) => ({
      type: "Feature" as const,
      properties,
      geometry: {
        type: "Polygon" as const,
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    })),
  };
}

/** Web Mercator, as PROTOCOL.md gives it, to check the non-georeferenced placement independently. */
export function lonLatToPixel([lon, lat]: [number, number]): [number, number] {
  const R = 6378137;
  const x = (R * lon * Math.PI) / 180;
  const y = R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  return [x / 0.1, y / -0.1];
}

export function pixelToLonLat([px, py]: [number, number]): [number, number] {
  const R = 6378137;
  const x = px * 0.1;
  const y = py * -0.1;
  return [(x / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)];
}
