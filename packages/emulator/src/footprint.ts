import { open } from "node:fs/promises";
import { type Footprint, footprint, nonGeoreferenced } from "./geo";
import { projectionFor } from "./projection";

/** GeoTIFF's code for a CRS defined by its parameters rather than by an EPSG code. */
const USER_DEFINED = 32767;
const NOT_AN_IMAGE = "the uploaded file is not a readable TIFF, PNG or JPEG";

/**
 * Where an uploaded image lies: a GeoTIFF's bounds in its EPSG CRS (reprojected to lon/lat by proj4), or
 * PROTOCOL.md's non-georeferenced placement for a PNG, a JPEG or a TIFF without georeference. Answers an error
 * message when it cannot tell.
 */
export async function readFootprint(file: string): Promise<Footprint | string> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(32);
    const { bytesRead } = await handle.read(head, 0, 32, 0);
    if (bytesRead < 8) return NOT_AN_IMAGE;
    if (isTiff(head)) return await readTiff(file);
    if (head.readUInt32BE(0) === 0x89504e47 && head.readUInt32BE(4) === 0x0d0a1a0a)
      return readPng(head, bytesRead);
    if (head[0] === 0xff && head[1] === 0xd8) return await readJpeg(handle);
    return NOT_AN_IMAGE;
  } finally {
    await handle.close();
  }
}

function isTiff(head: Buffer): boolean {
  const order = head.toString("latin1", 0, 2);
  if (order === "II") return head.readUInt16LE(2) === 42 || head.readUInt16LE(2) === 43;
  if (order === "MM") return head.readUInt16BE(2) === 42 || head.readUInt16BE(2) === 43;
  return false;
}

function readPng(head: Buffer, bytesRead: number): Promise<Footprint | string> | string {
  // The first chunk must be IHDR: length (4), "IHDR" (4), width (4), height (4).
  if (bytesRead < 24 || head.toString("latin1", 12, 16) !== "IHDR") return NOT_AN_IMAGE;
  return sized(head.readUInt32BE(16), head.readUInt32BE(20));
}

async function readJpeg(handle: Awaited<ReturnType<typeof open>>): Promise<Footprint | string> {
  const { size } = await handle.stat();
  const marker = Buffer.alloc(9);
  let offset = 2;
  while (offset + 4 <= size) {
    const { bytesRead } = await handle.read(marker, 0, 9, offset);
    if (bytesRead < 4 || marker[0] !== 0xff) return NOT_AN_IMAGE;
    const code = marker[1]!;
    if (code === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (code === 0xd8 || code === 0x01 || (code >= 0xd0 && code <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (code === 0xd9 || code === 0xda) return NOT_AN_IMAGE; // end of image or start of scan before any frame
    const isFrame = code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc;
    if (isFrame) {
      if (bytesRead < 9) return NOT_AN_IMAGE;
      return sized(marker.readUInt16BE(7), marker.readUInt16BE(5));
    }
    offset += 2 + marker.readUInt16BE(2);
  }
  return NOT_AN_IMAGE;
}

async function sized(width: number, height: number): Promise<Footprint | string> {
  if (!(width > 0 && height > 0)) return NOT_AN_IMAGE;
  const webMercator = await projectionFor(3857);
  if (typeof webMercator === "string") return webMercator;
  return nonGeoreferenced(webMercator, width, height);
}

type GeoTiffModule = typeof import("geotiff");
let geotiff: Promise<GeoTiffModule> | undefined;

/** geotiff is loaded only when a TIFF arrives: most runs never need it. */
function loadGeotiff(): Promise<GeoTiffModule> {
  geotiff ??= import("geotiff");
  return geotiff;
}

async function readTiff(file: string): Promise<Footprint | string> {
  const { fromFile } = await loadGeotiff();
  let tiff: Awaited<ReturnType<GeoTiffModule["fromFile"]>> | undefined;
  try {
    tiff = await fromFile(file);
    const image = await tiff.getImage();
    const width = image.getWidth();
    const height = image.getHeight();
    const keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
    let box: number[];
    try {
      box = image.getBoundingBox();
    } catch {
      return sized(width, height); // no affine transformation: not georeferenced
    }
    const bounds = box as [number, number, number, number];
    const projected = Number(keys.ProjectedCSTypeGeoKey);
    const geographic = Number(keys.GeographicTypeGeoKey);
    const model = Number(keys.GTModelTypeGeoKey);
    // A projected model names its CRS in ProjectedCSTypeGeoKey; GeographicTypeGeoKey is then only its datum.
    const code = model === 1 || (model !== 2 && Number.isFinite(projected)) ? projected : geographic;
    if (!Number.isFinite(code)) return sized(width, height);
    if (code === USER_DEFINED) {
      return "the GeoTIFF's CRS is user-defined (no EPSG code): the emulator reads EPSG codes only";
    }
    const projection = await projectionFor(code);
    if (typeof projection === "string") return `the GeoTIFF's CRS is not usable: ${projection}`;
    if (projection.geographic && (bounds[0] < -180 || bounds[2] > 180 || bounds[1] < -90 || bounds[3] > 90)) {
      return "the GeoTIFF's bounds are not lon/lat";
    }
    return (
      footprint(projection, bounds, width, height, true) ??
      `the GeoTIFF's bounds lie outside the area where EPSG:${code} is defined`
    );
  } catch (error) {
    return `${NOT_AN_IMAGE} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await tiff?.close();
  }
}

/** A small single-band GeoTIFF covering a footprint, for rasters that have no uploaded file (imports, seeds). */
export async function makeGeoTiff(fp: Footprint): Promise<ArrayBuffer> {
  const { writeArrayBuffer } = await loadGeotiff();
  const { width, height } = fp;
  const values = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[y * width + x] = (x ^ y) & 0xff;
  const [minX, minY, maxX, maxY] = fp.bounds;
  const { code, geographic } = fp.projection;
  const geo = geographic
    ? { GTModelTypeGeoKey: 2, GeographicTypeGeoKey: code }
    : { GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: code };
  return writeArrayBuffer(values, {
    width,
    height,
    ModelPixelScale: [(maxX - minX) / width, (maxY - minY) / height, 0],
    ModelTiepoint: [0, 0, 0, minX, maxY, 0],
    GTRasterTypeGeoKey: 1,
    ...geo,
  });
}
