import {
  type FeatureCollection,
  type UploadBody,
  ValidationError,
  checkKeyedPolygonCollection,
  checkUploadBody,
  show,
} from "@picterra/core/machinery";
import { checkName } from "./checks";

/**
 * A plots file whose name and bytes are given apart: `body` is anything core uploads (a Blob, bytes, a stream,
 * or an `Uploader` such as `@picterra/node-fs` makes for a file on disk).
 */
export interface NamedPlotsFile {
  /** The file's base name (e.g. `farms.geojson`), as the commit names it. */
  filename: string;
  /** The file's bytes: a Blob, bytes, a stream, or an `Uploader`. */
  body: UploadBody;
}

/**
 * One plots file: a `File` (its name is the commit's `filename`), a `Blob` (named `plots-<n>.geojson`), a
 * GeoJSON FeatureCollection (named the same), or a `NamedPlotsFile`.
 */
export type PlotsFile = Blob | FeatureCollection | NamedPlotsFile;

/** What the plots methods take: one plots file or several. */
export type PlotsFiles = PlotsFile | readonly PlotsFile[];

/** A plots file ready to upload: the name the commit gives it, and bytes that PUT with no Content-Type. */
export interface PreparedPlotsFile {
  filename: string;
  body: UploadBody;
}

/**
 * Checks every plots file and turns each into a name and bytes, before any request. A FeatureCollection must
 * hold Polygon/MultiPolygon features each with a non-empty string `properties.plot_id`. Files (Blobs, bytes,
 * Uploaders) go as they are, unread: the commit's operation fails naming the file and the feature that is
 * wrong (an `OperationFailedError`), and a file may be large or in another format than GeoJSON.
 */
export function preparePlotsFiles(value: unknown): PreparedPlotsFile[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new ValidationError("plotsFiles is empty: give at least one plots file");
  return list.map((item, index) => prepareOne(`plotsFiles[${index}]`, item, `plots-${index + 1}.geojson`));
}

function prepareOne(what: string, item: unknown, generatedName: string): PreparedPlotsFile {
  if (typeof item === "string") {
    throw new ValidationError(
      `${what} is a string (${show(item)}), not a file: for a path, see @picterra/node-fs`,
    );
  }
  if (isBlob(item)) {
    const name = (item as Partial<File>).name;
    return { filename: typeof name === "string" && name !== "" ? name : generatedName, body: untyped(item) };
  }
  const named = item as Partial<NamedPlotsFile> | null;
  if (typeof named === "object" && named !== null && "body" in named) {
    const filename = checkName(`${what}.filename`, named.filename);
    checkUploadBody(named.body, `${what}.body`);
    return { filename, body: isBlob(named.body) ? untyped(named.body) : named.body };
  }
  return { filename: generatedName, body: new Blob([JSON.stringify(checkPlotsCollection(what, item))]) };
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

/** The Blob's bytes without its type: Picterra's client PUTs plots files with no Content-Type. */
function untyped(blob: Blob): Blob {
  return blob.slice(0, blob.size);
}

/** A FeatureCollection of Polygon/MultiPolygon features, each with a non-empty string `properties.plot_id`. */
export function checkPlotsCollection(what: string, value: unknown): FeatureCollection {
  return checkKeyedPolygonCollection(what, value, "plot_id");
}
