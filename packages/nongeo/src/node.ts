import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { jsonFault } from "@picterra/core/machinery";
import { NongeoInputError } from "./errors";
import { nongeoResultToPixel } from "./result";
import type { NongeoInput, PixelPolygon } from "./types";

// The same functions under the same names as the browser-safe entry (one name, one behaviour), plus the files.
export {
  NONGEO_GEOTRANSFORM,
  NongeoInputError,
  nongeoPointToPixel,
  nongeoResultToPixel,
  nongeoResultToPixelFeatureCollection,
  pixelToNongeoPoint,
} from "./index";
export type {
  LngLat,
  NongeoInput,
  PixelFeature,
  PixelFeatureCollection,
  PixelMultiPolygonGeometry,
  PixelPolygon,
  PixelPolygonGeometry,
  PixelPosition,
  PixelRing,
} from "./index";

function displayName(file: string | URL): string {
  if (typeof file === "string") return file;
  if (!(file instanceof URL)) return String(file);
  try {
    return file.protocol === "file:" ? fileURLToPath(file) : file.href;
  } catch {
    // a file: URL this platform cannot read (a host on POSIX): readFile says so below
    return file.href;
  }
}

/**
 * Reads and parses a GeoJSON file, e.g. one saved by `downloadResultToFeatureCollection`; rejects with
 * a message naming the file when it is missing, unreadable or not JSON.
 */
export async function readGeoJsonFile(file: string | URL): Promise<NongeoInput> {
  const name = displayName(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : (error as Error).message;
    // Keep `code` so callers can still branch on ENOENT/EACCES as with any fs error.
    throw Object.assign(
      new NongeoInputError(`Cannot read GeoJSON file "${name}": ${reason}`, { cause: error }),
      {
        code,
      },
    );
  }
  try {
    return JSON.parse(text) as NongeoInput;
  } catch (error) {
    throw new NongeoInputError(
      `GeoJSON file "${name}" is not valid JSON: ${jsonFault(error)}`,
      // Not the parser's error: its message quotes the file's text (jsonFault).
      { cause: new SyntaxError(jsonFault(error)) },
    );
  }
}

/**
 * Converts a result on a non-georeferenced image to pixels from a GeoJSON file (as the Python client's
 * `nongeo_result_to_pixel(filename)`), e.g. one saved by `downloadResultToFeatureCollection`. For a GeoJSON
 * object already in memory, `nongeoResultToPixel` does the same synchronously.
 *
 * This is a beta function, subject to change.
 */
export async function nongeoResultFileToPixel(file: string | URL): Promise<PixelPolygon[]> {
  const geojson = await readGeoJsonFile(file);
  try {
    return nongeoResultToPixel(geojson);
  } catch (error) {
    // The structural message alone ("features[3].geometry is …") does not say which file it is about.
    if (error instanceof NongeoInputError) {
      throw new NongeoInputError(`${displayName(file)}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
