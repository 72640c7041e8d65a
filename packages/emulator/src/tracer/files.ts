import { readFile } from "node:fs/promises";
import type { BaseContext } from "../context";
import { HttpError } from "../errors";
import { NOT_UPLOADED } from "../handlers/uploads";
import { type FieldErrors, addFieldError } from "../spec";
import type { UploadRecord } from "../state";
import { plotGeometry } from "./geometry";
import type { Plot } from "./state";
import type { OperationError } from "./tracer";

/** A failed operation lists at most this many problems of one file, then says how many more there were. */
const MAX_FILE_ERRORS = 50;

/** An upload a request body names, and where in the body it is named (for a field error). */
export interface UploadRef {
  path: string[];
  id: string;
}

/**
 * Checks the uploads a body names, then marks them used: an upload serves exactly one call (the Python client
 * makes a fresh one for each), so a client that reuses one gets a 400 here rather than a surprise later.
 */
export function takeUploads(ctx: BaseContext, refs: UploadRef[]): UploadRecord[] {
  const errors: FieldErrors = {};
  const taken = new Set<string>();
  const uploads: UploadRecord[] = [];
  for (const { path, id } of refs) {
    const upload = ctx.emu.store.uploads.get(id);
    if (upload?.kind !== "tracer_file") {
      addFieldError(errors, path, `Invalid pk "${id}" - object does not exist.`);
    } else if (upload.committed || taken.has(id)) {
      addFieldError(errors, path, "This upload was already used: make a fresh upload for every call.");
    } else {
      uploads.push(upload);
    }
    taken.add(id);
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, errors);
  for (const upload of uploads) upload.committed = true;
  return uploads;
}

async function readJson(upload: UploadRecord): Promise<{ value: unknown } | { problem: string }> {
  if (!upload.received) return { problem: NOT_UPLOADED };
  try {
    return { value: JSON.parse(await readFile(upload.file, "utf8")) };
  } catch {
    return { problem: "the file is not JSON" };
  }
}

/** The ids of a plot ids file (`{"plot_ids": ["PLOT-1", ...]}`), in its order, or why it is not one. */
export async function readPlotIds(upload: UploadRecord): Promise<string[] | OperationError> {
  const read = await readJson(upload);
  if ("problem" in read) {
    return { code: "invalid_plot_ids_file", message: `plot ids file: ${read.problem}` };
  }
  const ids = (read.value as { plot_ids?: unknown } | null)?.plot_ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string" && id !== "")) {
    return {
      code: "invalid_plot_ids_file",
      message:
        'plot ids file: expected {"plot_ids": [...]} with at least one plot id, each a non-empty string',
    };
  }
  return ids as string[];
}

/**
 * The plots of a plots file: a GeoJSON FeatureCollection of Polygon or MultiPolygon features, each with a string
 * `properties.plot_id`. Otherwise every problem found, naming the file and the feature (by index, from 0).
 */
export async function readPlotsFile(
  upload: UploadRecord,
  filename: string,
): Promise<{ plots: Plot[] } | { errors: OperationError[] }> {
  const read = await readJson(upload);
  if ("problem" in read) {
    return { errors: [{ code: "invalid_plots_file", message: `${filename}: ${read.problem}`, filename }] };
  }
  const fc = read.value as { type?: unknown; features?: unknown } | null;
  if (
    fc === null ||
    typeof fc !== "object" ||
    fc.type !== "FeatureCollection" ||
    !Array.isArray(fc.features)
  ) {
    const message = `${filename}: not a GeoJSON FeatureCollection`;
    return { errors: [{ code: "invalid_plots_file", message, filename }] };
  }
  const plots: Plot[] = [];
  const errors: OperationError[] = [];
  for (const [index, value] of (fc.features as unknown[]).entries()) {
    const problem = (code: string, what: string) =>
      errors.push({ code, message: `${filename}: feature ${index} ${what}`, filename, feature_index: index });
    const f = value as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
    if (f === null || typeof f !== "object" || f.type !== "Feature") {
      problem("invalid_feature", "is not a GeoJSON Feature");
      continue;
    }
    const properties = (f.properties ?? {}) as Record<string, unknown>;
    const plotId = properties.plot_id;
    const geometry = plotGeometry(f.geometry);
    if (typeof plotId !== "string" || plotId === "") {
      problem("missing_plot_id", "has no plot id: properties.plot_id must be a non-empty string");
    }
    if (typeof geometry === "string") problem("invalid_geometry_type", geometry);
    if (typeof plotId === "string" && plotId !== "" && typeof geometry !== "string") {
      plots.push({ plotId, geometry, properties: { ...properties }, filename });
    }
  }
  if (errors.length > MAX_FILE_ERRORS) {
    const more = errors.length - MAX_FILE_ERRORS;
    errors.length = MAX_FILE_ERRORS;
    errors.push({ code: "more_errors", message: `${filename}: ${more} more problems`, filename });
  }
  return errors.length > 0 ? { errors } : { plots };
}
