import { constants } from "node:fs";
import { access, readFile, realpath, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type FeatureCollection, ValidationError } from "@picterra/core";
import { jsonFault } from "@picterra/core/machinery";

/**
 * The largest GeoJSON file read whole to be checked before it is sent (256 MiB): a larger one is refused with
 * a ValidationError rather than failing (or exhausting memory) while it is parsed.
 */
export const MAX_GEOJSON_FILE_BYTES = 256 * 1024 * 1024;

/** A file to upload: where it is and how many bytes it holds. */
export interface InputFile {
  path: string;
  size: number;
}

/** Checks that `filename` is an existing, readable regular file; returns its size. */
export async function checkInputFile(what: string, filename: unknown): Promise<InputFile> {
  const path = checkPath(what, filename);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ValidationError(`${what} '${path}' is a directory, not a file`);
    if (!info.isFile()) throw new ValidationError(`${what} '${path}' is not a regular file`);
    size = info.size;
    await accessible(path, constants.R_OK);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const code = codeOf(error);
    if (code === "ENOENT") throw new ValidationError(`${what} '${path}' does not exist`);
    throw new ValidationError(`${what} '${path}' cannot be read (${code ?? String(error)})`);
  }
  return { path, size };
}

/**
 * Reads a GeoJSON file (at most MAX_GEOJSON_FILE_BYTES) and checks it with `check` (core's
 * checkPolygonCollection, checkFeatureCollection or checkKeyedPolygonCollection: structure, every position
 * within longitude/latitude ranges, no crs but WGS 84); a ValidationError names the file, then the feature.
 * Returns the file's path and size for the streaming upload that follows.
 */
export async function checkGeoJsonFile(
  what: string,
  filename: unknown,
  check: (what: string, value: unknown) => FeatureCollection,
): Promise<InputFile> {
  const { path, size } = await checkInputFile(what, filename);
  if (size > MAX_GEOJSON_FILE_BYTES) {
    throw new ValidationError(
      `${what} '${path}' is ${size} bytes: GeoJSON files larger than ${MAX_GEOJSON_FILE_BYTES} bytes are not read to be checked`,
    );
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new ValidationError(`${what} '${path}' cannot be read (${codeOf(error) ?? String(error)})`);
  });
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ValidationError(`${what} '${path}' is not valid JSON: ${jsonFault(error)}`);
  }
  try {
    check("geojson", value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`${what} '${path}': ${error.message}`, { cause: error });
  }
  return { path, size: bytes.byteLength };
}

/**
 * Checks that a file can be written at `filename` (not a directory; its directory exists and is writable) and
 * returns the path to write: symlinks are resolved, so that the link is kept and the file it points to replaced.
 */
export async function checkTargetFile(what: string, filename: unknown): Promise<string> {
  const path = checkPath(what, filename);
  let target = resolve(path);
  const existing = await stat(target).catch((error: unknown) => {
    const code = codeOf(error);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new ValidationError(`${what} '${path}' cannot be checked (${code ?? String(error)})`);
  });
  if (existing?.isDirectory()) throw new ValidationError(`${what} '${path}' is a directory, not a file`);
  // A device or FIFO would be replaced by the rename rather than written to.
  if (existing && !existing.isFile()) {
    throw new ValidationError(`${what} '${path}' exists and is not a regular file`);
  }
  if (existing) target = await realpath(target);
  const dir = dirname(target);
  const dirInfo = await stat(dir).catch((error: unknown) => {
    const code = codeOf(error);
    throw new ValidationError(
      code === "ENOENT" || code === "ENOTDIR"
        ? `the directory of ${what} '${path}' does not exist: ${dir}`
        : `the directory of ${what} '${path}' cannot be checked (${code ?? String(error)}): ${dir}`,
    );
  });
  if (!dirInfo.isDirectory()) {
    throw new ValidationError(`the directory of ${what} '${path}' is not a directory: ${dir}`);
  }
  // Write and search permission: a temporary file is created there, then renamed.
  await accessible(dir, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw new ValidationError(
      `the directory of ${what} '${path}' is not writable (${codeOf(error) ?? "EACCES"}): ${dir}`,
    );
  });
  return target;
}

/**
 * `access()`, except under Deno without `--allow-sys=uid`: there Deno's access() needs the user's uid, and its
 * refusal escapes the promise and ends the process, so the check is left to the open or write that follows.
 */
async function accessible(path: string, mode: number): Promise<void> {
  const deno = (globalThis as { Deno?: { permissions: { querySync(p: object): { state: string } } } }).Deno;
  const refused = (kind: string) => deno?.permissions.querySync({ name: "sys", kind }).state !== "granted";
  if (deno && (refused("uid") || refused("gid"))) return;
  await access(path, mode);
}

function checkPath(what: string, filename: unknown): string {
  if (typeof filename !== "string" || filename === "") {
    throw new ValidationError(
      `${what} must be a non-empty path, got ${JSON.stringify(filename) ?? String(filename)}`,
    );
  }
  return filename;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}
