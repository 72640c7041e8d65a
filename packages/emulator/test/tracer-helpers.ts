import { PDFArray, PDFDocument, type PDFRawStream, decodePDFRawStream } from "pdf-lib";
import { expect } from "vitest";
import type { Emulator } from "../src/index";
import { type CallInit, type CallResult, boxPolygon, callAt } from "./helpers";

/** A raw Tracer API call (no Tracer client exists yet), with the key unless `key` says otherwise. */
export function tracer(
  emu: Emulator,
  method: string,
  path: string,
  init: CallInit = {},
): Promise<CallResult> {
  return callAt(emu.tracerUrl, emu, method, path, init);
}

/** A call that must answer `status`; its body. */
export async function ok<T = Record<string, unknown>>(
  emu: Emulator,
  method: string,
  path: string,
  json?: unknown,
  status = method === "POST" ? 201 : 200,
): Promise<T> {
  const res = await tracer(emu, method, path, json === undefined ? {} : { json });
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as T;
}

export interface TracerOperation {
  id: string;
  type: string;
  status: "running" | "success" | "failed";
  metadata: Record<string, string>;
  results: Record<string, string> | null;
  errors:
    | { code: string; message: string; filename?: string; feature_index?: number; plot_id?: string }[]
    | null;
}

/** Starts an operation with a POST and polls it (under Tracer's base) until it ends. */
export async function operation(emu: Emulator, path: string, json?: unknown): Promise<TracerOperation> {
  const ref = await ok<{ operation_id: string; poll_interval: number }>(emu, "POST", path, json);
  expect(ref.poll_interval).toBeGreaterThanOrEqual(0);
  for (;;) {
    const op = await ok<TracerOperation>(emu, "GET", `operations/${ref.operation_id}/`);
    if (op.status !== "running") return op;
  }
}

/** An operation that must succeed; its results. */
export async function succeeded(
  emu: Emulator,
  path: string,
  json?: unknown,
): Promise<Record<string, string>> {
  const op = await operation(emu, path, json);
  expect(op.errors, JSON.stringify(op.errors)).toBeNull();
  expect(op.status).toBe("success");
  return op.results!;
}

/** `POST upload/file/`, then one PUT of the bytes to the signed URL (no key); the upload id. */
export async function upload(
  emu: Emulator,
  data: string | Uint8Array<ArrayBuffer>,
  contentType?: string,
): Promise<string> {
  const target = await ok<{ upload_id: string; upload_url: string }>(emu, "POST", "upload/file/");
  const headers: Record<string, string> = contentType ? { "Content-Type": contentType } : {};
  // A string body would get `text/plain`; bytes get no Content-Type, as the Python client sends plots files.
  const body = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const put = await fetch(target.upload_url, { method: "PUT", headers, body });
  expect(put.status).toBe(200);
  return target.upload_id;
}

/** Uploads `{"plot_ids": [...]}` as JSON (or with no Content-Type, as the analysis precheck does). */
export function uploadPlotIds(
  emu: Emulator,
  ids: string[],
  contentType: string | undefined = "application/json",
) {
  return upload(emu, JSON.stringify({ plot_ids: ids }), contentType);
}

/** A plot: a lon/lat box [w, s, e, n] as a counter-clockwise Polygon feature. */
export function plot(
  plotId: string,
  box: [number, number, number, number],
  properties: Record<string, unknown> = {},
) {
  return { type: "Feature", properties: { plot_id: plotId, ...properties }, geometry: boxPolygon(box) };
}

export function collection(...features: unknown[]) {
  return { type: "FeatureCollection", features };
}

/** The id of a seeded methodology, found by search as the worked example does. */
export async function methodologyId(emu: Emulator, name: string): Promise<string> {
  const page = await ok<{ results: { id: string; name: string }[] }>(
    emu,
    "GET",
    `methodologies/?search=${encodeURIComponent(name)}&page_number=1`,
  );
  const found = page.results.find((m) => m.name === name);
  expect(found, name).toBeDefined();
  return found!.id;
}

/** Commits plots files (each uploaded fresh) to a group; the finished operation. */
export async function commit(
  emu: Emulator,
  groupId: string,
  files: Record<string, unknown>,
  overwrite = false,
): Promise<TracerOperation> {
  const list: { filename: string; upload_id: string }[] = [];
  for (const [filename, content] of Object.entries(files)) {
    list.push({ filename, upload_id: await upload(emu, JSON.stringify(content)) });
  }
  return operation(emu, `plots_groups/${groupId}/upload/commit/`, { files: list, overwrite });
}

/** Creates a plots group of a methodology and commits one plots file to it, as the Python client does; its id. */
export async function plotsGroup(
  emu: Emulator,
  name: string,
  methodology: string,
  plots: unknown[],
  columns: Record<string, unknown> = {},
): Promise<string> {
  const { plots_group_id } = await succeeded(emu, "plots_groups/", {
    name,
    methodology_id: await methodologyId(emu, methodology),
    custom_columns_values: columns,
  });
  const committed = await commit(emu, plots_group_id!, { "plots.geojson": collection(...plots) });
  expect(committed.status, JSON.stringify(committed.errors)).toBe("success");
  return plots_group_id!;
}

/** Analyses plots of a group; the analysis id. */
export async function analyse(
  emu: Emulator,
  groupId: string,
  ids: string[],
  dates: [string, string] = ["2021-01-01", "2025-12-31"],
  name = "analysis",
): Promise<string> {
  const upload_id = await uploadPlotIds(emu, ids);
  const results = await succeeded(emu, `plots_groups/${groupId}/analysis/`, {
    analysis_name: name,
    upload_id,
    date_from: dates[0],
    date_to: dates[1],
  });
  return results.analysis_id!;
}

/** GETs a signed URL without the key. */
export async function download(url: string): Promise<Response> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response;
}

/**
 * The text a PDF shows, page by page, read back with pdf-lib: each page's content streams are inflated and the
 * strings of its text operators (hex, as pdf-lib writes the standard fonts' WinAnsi codes) decoded.
 */
export async function pdfText(
  bytes: Uint8Array,
): Promise<{ title?: string; subject?: string; pages: string[] }> {
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const text = streams
      .map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString("latin1"))
      .join("\n");
    return [...text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)]
      .map((m) => Buffer.from(m[1]!, "hex").toString("latin1"))
      .join("\n");
  });
  return { title: doc.getTitle(), subject: doc.getSubject(), pages };
}
