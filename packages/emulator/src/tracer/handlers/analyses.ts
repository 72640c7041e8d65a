import { type RequestContext, paginate } from "../../context";
import type { TracerHandlers, TracerOperations, TracerSchemas } from "../../documents";
import { started } from "../../handlers/operations";
import { readPlotIds, takeUploads } from "../files";
import { analysePlot } from "../outcome";
import { analysisPageUrl } from "../page";
import { criticalErrors, planAnalysis } from "../precheck";
import type { PlotsAnalysisRecord } from "../state";
import { failure, precheckDone } from "../tracer";
import { shown } from "./account";

export function analysisJson(origin: string, a: PlotsAnalysisRecord): TracerSchemas["PlotsAnalysis"] {
  return {
    id: a.id,
    name: a.name,
    date_from: a.dateFrom,
    date_to: a.dateTo,
    url: analysisPageUrl(origin, a.id),
  };
}

/** What both the precheck and the analysis start from: the group, its methodology, the body, the ids upload. */
function analysisRequest(
  ctx: RequestContext<TracerOperations["analyzePlots"] | TracerOperations["analyzePlotsPrecheck"]>,
) {
  const { store } = ctx.emu.tracer;
  const group = store.plotsGroup(ctx.params.plots_group_id);
  const { body } = ctx;
  const [upload] = takeUploads(ctx, [{ path: ["upload_id"], id: body.upload_id }]);
  return { group, methodology: store.methodologyOf(group), body, upload: upload! };
}

export const analysisHandlers = {
  analyzePlotsPrecheck: (ctx) => {
    const { group, methodology, body, upload } = analysisRequest(ctx);
    const op = ctx.emu.tracer.ops.start("plots_analysis_precheck", { plots_group_id: group.id }, async () => {
      const ids = await readPlotIds(upload);
      if (!Array.isArray(ids)) return failure([ids]);
      const { data } = planAnalysis(group, methodology, ids, body.date_from, body.date_to);
      return precheckDone(ctx, upload.id, data);
    });
    return started(ctx, op);
  },

  analyzePlots: (ctx) => {
    const { store, ops } = ctx.emu.tracer;
    const { group, methodology, body, upload } = analysisRequest(ctx);
    let analysisId = "";
    const op = ops.start("plots_analysis", { plots_group_id: group.id }, async () => {
      const ids = await readPlotIds(upload);
      if (!Array.isArray(ids)) return failure([ids]);
      const { plots, data } = planAnalysis(group, methodology, ids, body.date_from, body.date_to);
      if (data.status === "failed") return failure(criticalErrors(data));
      const results = plots.map((p) => analysePlot(p.plotId, p.geometry, body.date_from, body.date_to));
      return {
        ok: true,
        apply: () => {
          analysisId = store.addAnalysis({
            name: body.analysis_name,
            plotsGroupId: group.id,
            methodologyId: methodology.id,
            dateFrom: body.date_from,
            dateTo: body.date_to,
            plots,
            results,
          }).id;
        },
        results: () => ({ analysis_id: analysisId }),
      };
    });
    return started(ctx, op);
  },

  listPlotsAnalyses: (ctx) => {
    const { store } = ctx.emu.tracer;
    const group = store.plotsGroup(ctx.params.plots_group_id);
    const found = shown(store.analyses.values(), ctx.query, (a) => a.plotsGroupId === group.id);
    return paginate(ctx, found, (a) => analysisJson(ctx.origin, a));
  },

  getPlotsAnalysis: (ctx) => {
    const analysis = ctx.emu.tracer.store.analysis(ctx.params.plots_analysis_id);
    return { status: 200, body: analysisJson(ctx.origin, analysis) };
  },
} satisfies TracerHandlers;
