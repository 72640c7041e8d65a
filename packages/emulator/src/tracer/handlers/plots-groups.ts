import { type BaseContext, paginate } from "../../context";
import type { TracerHandlers, TracerSchemas } from "../../documents";
import { started } from "../../handlers/operations";
import { type OperationError, failure } from "../tracer";
import { takeUploads, readPlotsFile } from "../files";
import { GEOJSON, XLSX, writeExcelExport, writeGeoJsonExport } from "../files-out";
import type { Plot, PlotsGroupRecord, TracerStore } from "../state";
import { shown } from "./account";
import { timestamp } from "../state";

export function plotsGroupJson(store: TracerStore, g: PlotsGroupRecord): TracerSchemas["PlotsGroup"] {
  return { id: g.id, name: g.name, created_at: g.createdAt, methodology: store.methodologyOf(g).name };
}

/**
 * The `methodology` filter: Python's docstring gives a name ("Coffee - EUDR") and its test a part of one
 * (`cocoa`), so a name matches case-insensitively and in part; a methodology id matches exactly.
 */
function matchesMethodology(store: TracerStore, g: PlotsGroupRecord, filter: unknown): boolean {
  if (typeof filter !== "string") return true;
  const m = store.methodologyOf(g);
  return m.id === filter || m.nameLower.includes(filter.toLowerCase());
}

/** Merges new plots into a group's: a plot id already there is replaced (every plot with that id goes). */
export function mergePlots(current: Plot[], added: Plot[]): Plot[] {
  const replaced = new Set(added.map((p) => p.plotId));
  return [...current.filter((p) => !replaced.has(p.plotId)), ...added];
}

/** A signed download of a file this operation wrote, with when the URL expires. */
export function downloadResults(ctx: BaseContext, object: string, file: string, contentType: string) {
  return (origin: string) => {
    const { url, expiresAt } = ctx.emu.storage.signGetExpiring(origin, object, file, contentType);
    return { download_url: url, expiration: timestamp(new Date(expiresAt)) };
  };
}

export const plotsGroupHandlers = {
  listPlotsGroups: (ctx) => {
    const { store } = ctx.emu.tracer;
    const found = shown(store.plotsGroups.values(), ctx.query, (g) =>
      matchesMethodology(store, g, ctx.query.methodology),
    );
    return paginate(ctx, found, (g) => plotsGroupJson(store, g));
  },

  createPlotsGroup: (ctx) => {
    const { store, ops } = ctx.emu.tracer;
    const { body } = ctx;
    const methodology = store.methodologyField("methodology_id", body.methodology_id);
    let groupId = "";
    const op = ops.start("plots_group_creation", { methodology_id: methodology.id }, () => ({
      ok: true,
      apply: () => {
        groupId = store.addPlotsGroup({
          name: body.name,
          methodologyId: methodology.id,
          customColumns: { ...body.custom_columns_values },
        }).id;
      },
      results: () => ({ plots_group_id: groupId }),
    }));
    return started(ctx, op);
  },

  getPlotsGroup: (ctx) => {
    const { store } = ctx.emu.tracer;
    return { status: 200, body: plotsGroupJson(store, store.plotsGroup(ctx.params.plots_group_id)) };
  },

  commitPlotsGroupUpload: (ctx) => {
    const { store, ops } = ctx.emu.tracer;
    const group = store.plotsGroup(ctx.params.plots_group_id);
    const { files, overwrite } = ctx.body;
    const uploads = takeUploads(
      ctx,
      files.map((f, i) => ({ path: ["files", String(i), "upload_id"], id: f.upload_id })),
    );
    const op = ops.start("plots_group_upload", { plots_group_id: group.id }, async () => {
      const added: Plot[] = [];
      const errors: OperationError[] = [];
      for (const [i, upload] of uploads.entries()) {
        const read = await readPlotsFile(upload, files[i]!.filename);
        if ("errors" in read) errors.push(...read.errors);
        else added.push(...read.plots);
      }
      if (errors.length > 0) return failure(errors);
      return {
        ok: true,
        apply: () => {
          group.plots = overwrite === true ? added : mergePlots(group.plots, added);
        },
        results: () => ({ plots_group_id: group.id }),
      };
    });
    return started(ctx, op);
  },

  exportPlotsGroup: (ctx) => {
    const { store, ops } = ctx.emu.tracer;
    const group = store.plotsGroup(ctx.params.plots_group_id);
    const { format } = ctx.body;
    const op = ops.start("plots_group_export", { plots_group_id: group.id }, async () => {
      const file = ctx.emu.store.newFile("tracer-export");
      if (format === "excel") await writeExcelExport(group, file);
      else await writeGeoJsonExport(group, file);
      const [extension, type] = format === "excel" ? ["xlsx", XLSX] : ["geojson", GEOJSON];
      return {
        ok: true,
        results: downloadResults(ctx, `plots_groups/${group.id}/plots.${extension}`, file, type),
      };
    });
    return started(ctx, op);
  },
} satisfies TracerHandlers;
