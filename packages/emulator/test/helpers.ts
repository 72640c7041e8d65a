import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import { type PicterraClient, createClient } from "@picterra/core";
import { writeArrayBuffer } from "geotiff";
import { encode as encodeJpeg } from "jpeg-js";
import { parse } from "yaml";
import { afterEach, expect } from "vitest";
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

export interface CallInit {
  body?: string;
  json?: unknown;
  key?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A raw API call (for what the client would refuse to send), with the key unless `key` says otherwise. */
export function call(emu: Emulator, method: string, path: string, init: CallInit = {}): Promise<CallResult> {
  return callAt(emu.url, emu, method, path, init);
}

/** A raw call to a path under `base` (one of the emulator's APIs), or to an absolute URL. */
export async function callAt(
  base: string,
  emu: Emulator,
  method: string,
  path: string,
  init: CallInit = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? emu.apiKey : init.key;
  if (key !== null) headers["X-Api-Key"] = key;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["Content-Type"] ??= "application/json";
  }
  const response = await fetch(new URL(path.replace(/^\//, ""), base), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Where a test GeoTIFF lies: its CRS, its top-left corner and its square pixels' size, in CRS units. */
export interface GeoPlacement {
  epsg: number;
  origin: [number, number];
  pixel: number;
  /** Whether `epsg` is a geographic CRS (degrees). Default: only for 4326. */
  geographic?: boolean;
}

function geoKeys({ epsg, geographic = epsg === 4326 }: GeoPlacement): Record<string, number> {
  return geographic
    ? { GTModelTypeGeoKey: 2, GeographicTypeGeoKey: epsg }
    : { GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: epsg };
}

/** A single-band, uncompressed GeoTIFF whose top-left corner is `origin`, in any EPSG CRS. */
export function geoTiff(width: number, height: number, placement: GeoPlacement): ArrayBuffer {
  const { origin, pixel } = placement;
  return writeArrayBuffer(new Uint8Array(width * height), {
    width,
    height,
    ModelPixelScale: [pixel, pixel, 0],
    ModelTiepoint: [0, 0, 0, origin[0], origin[1], 0],
    GTRasterTypeGeoKey: 1,
    ...geoKeys(placement),
  });
}

/** A TIFF tag: SHORT (3), LONG (4) or DOUBLE (12) values. */
interface TiffEntry {
  tag: number;
  type: 3 | 4 | 12;
  values: number[];
}

const TIFF_TYPE_SIZE = { 3: 2, 4: 4, 12: 8 } as const;

/** A little-endian TIFF of one image whose one strip is `strip`; StripOffsets is filled in here. */
function tiffFile(entries: TiffEntry[], strip: Uint8Array): Buffer {
  const all = [...entries, { tag: 273, type: 4 as const, values: [0] }].sort((a, b) => a.tag - b.tag);
  const ifdSize = 2 + 12 * all.length + 4;
  let extra = 8 + ifdSize; // values too big for an entry go after the IFD
  const placed = all.map((e) => {
    const size = TIFF_TYPE_SIZE[e.type] * e.values.length;
    const offset = size > 4 ? extra : null;
    if (offset !== null) extra += size + (size % 2);
    return { ...e, size, offset };
  });
  const stripOffset = extra;
  const out = Buffer.alloc(stripOffset + strip.byteLength);
  out.write("II", 0, "latin1");
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(placed.length, 8);
  const write = (type: 3 | 4 | 12, at: number, value: number) => {
    if (type === 3) out.writeUInt16LE(value, at);
    else if (type === 4) out.writeUInt32LE(value, at);
    else out.writeDoubleLE(value, at);
  };
  placed.forEach((e, i) => {
    const at = 10 + 12 * i;
    const values = e.tag === 273 ? [stripOffset] : e.values;
    out.writeUInt16LE(e.tag, at);
    out.writeUInt16LE(e.type, at + 2);
    out.writeUInt32LE(values.length, at + 4);
    const base = e.offset ?? at + 8;
    if (e.offset !== null) out.writeUInt32LE(e.offset, at + 8);
    for (const [k, v] of values.entries()) write(e.type, base + k * TIFF_TYPE_SIZE[e.type], v);
  });
  out.set(strip, stripOffset);
  return out;
}

/**
 * An RGB GeoTIFF whose one strip is JPEG-compressed (Compression 7, YCbCr as JPEG stores it), every pixel the
 * grey `value`: geotiff's writer writes no JPEG, so the TIFF structure is written here around a jpeg-js image.
 */
export function jpegGeoTiff(width: number, height: number, placement: GeoPlacement, value = 200): Buffer {
  const rgba = Buffer.alloc(width * height * 4, value);
  const strip = encodeJpeg({ data: rgba, width, height }, 90).data;
  const keys = Object.entries({ GTRasterTypeGeoKey: 1, ...geoKeys(placement) });
  const ids: Record<string, number> = {
    GTModelTypeGeoKey: 1024,
    GTRasterTypeGeoKey: 1025,
    GeographicTypeGeoKey: 2048,
    ProjectedCSTypeGeoKey: 3072,
  };
  const sorted = keys.map(([name, v]) => [ids[name]!, v] as const).sort((a, b) => a[0] - b[0]);
  const { origin, pixel } = placement;
  return tiffFile(
    [
      { tag: 256, type: 4, values: [width] },
      { tag: 257, type: 4, values: [height] },
      { tag: 258, type: 3, values: [8, 8, 8] },
      { tag: 259, type: 3, values: [7] }, // JPEG
      { tag: 262, type: 3, values: [6] }, // YCbCr
      { tag: 277, type: 3, values: [3] },
      { tag: 278, type: 4, values: [height] },
      { tag: 279, type: 4, values: [strip.byteLength] },
      { tag: 284, type: 3, values: [1] },
      { tag: 530, type: 3, values: [1, 1] }, // jpeg-js does not subsample
      { tag: 33550, type: 12, values: [pixel, pixel, 0] },
      { tag: 33922, type: 12, values: [0, 0, 0, origin[0], origin[1], 0] },
      {
        tag: 34735,
        type: 3,
        values: [1, 1, 0, sorted.length, ...sorted.flatMap(([id, v]) => [id, 0, 1, v])],
      },
    ],
    strip,
  );
}

/** A raster as the emulator's state holds it. */
export function rasterState(emu: Emulator, id: string) {
  return emu.state().rasters.find((r) => r.id === id)!;
}

/** Polls an operation over raw HTTP until it ends (start the emulator with `pollsUntilDone: 0`). */
export async function finished(emu: Emulator, ref: unknown): Promise<Record<string, unknown>> {
  const { operation_id } = ref as { operation_id: string };
  for (let i = 0; i < 100; i++) {
    const op = (await call(emu, "GET", `operations/${operation_id}/`)).body as Record<string, unknown>;
    if (op.status !== "running") return op;
  }
  throw new Error(`operation ${operation_id} still running after 100 polls`);
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
    features: list.map((box) => ({ type: "Feature" as const, properties, geometry: boxPolygon(box) })),
  };
}

/** A lon/lat box [w, s, e, n] as a counter-clockwise Polygon. */
export function boxPolygon([w, s, e, n]: [number, number, number, number]): {
  type: "Polygon";
  coordinates: Ring[];
} {
  return {
    type: "Polygon",
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
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

/** The settings a new detector gets for what it leaves out: the document's DetectorConfiguration defaults. */
export const DETECTOR_DEFAULTS = {
  detection_type: "count",
  output_type: "polygon",
  training_steps: 500,
  backbone: "resnet34",
  tile_size: 256,
  background_sample_ratio: 0.25,
};

/** The operationIds of a package's OpenAPI document (by module specifier), read from the YAML itself. */
export function documentedOperationIds(document: string): string[] {
  const file = createRequire(import.meta.url).resolve(document);
  const doc = parse(readFileSync(file, "utf8")) as { paths: Record<string, Record<string, unknown>> };
  return Object.values(doc.paths).flatMap((item) =>
    ["get", "put", "post", "delete"]
      .filter((m) => item[m])
      .map((m) => (item[m] as { operationId: string }).operationId),
  );
}

/** Checks the 401s of one API (`send` makes a request with that key, or none for null), as DRF words them. */
export async function expectKeyRefusals(send: (key: string | null) => Promise<CallResult>): Promise<void> {
  const missing = await send(null);
  expect([missing.status, missing.body]).toEqual([
    401,
    { detail: "Authentication credentials were not provided." },
  ]);
  expect(missing.headers.get("www-authenticate")).toBe("Api-Key");
  const wrong = await send("not-the-key");
  expect([wrong.status, wrong.body]).toEqual([401, { detail: "Invalid API key." }]);
  expect(wrong.headers.get("www-authenticate")).toBe("Api-Key");
}
