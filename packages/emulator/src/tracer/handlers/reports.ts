import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { type BaseContext, type RequestContext, paginate } from "../../context";
import type { TracerHandlers, TracerOperations, TracerSchemas } from "../../documents";
import { started } from "../../handlers/operations";
import { readPlotIds, takeUploads } from "../files";
import { GEOJSON, writeTracesGeoJson } from "../files-out";
import { summaryPdf } from "../pdf";
import { type PrecheckData, reportProblems } from "../precheck";
import type { ArtifactRecord, PlotsAnalysisRecord, PlotsAnalysisReportRecord } from "../state";
import { failure, precheckDone } from "../tracer";
import { matchesSearch, shown } from "./account";

type ReportBody = TracerSchemas["PlotsAnalysisReportInput"];

const PASSED: PrecheckData = {
  status: "passed",
  errors: { critical: [], high: [] },
  critical_count: 0,
  high_count: 0,
};

function reportJson(ctx: BaseContext, r: PlotsAnalysisReportRecord): TracerSchemas["PlotsAnalysisReport"] {
  return {
    id: r.id,
    name: r.name,
    created_at: r.createdAt,
    report_type: r.reportType,
    artifacts: r.artifacts.map((a) => ({
      name: a.name,
      filename: a.filename,
      size_bytes: a.sizeBytes,
      description: a.description,
      content_type: a.contentType,
      download_url: ctx.emu.storage.signGet(
        ctx.origin,
        `reports/${r.id}/${a.filename}`,
        a.file,
        a.contentType,
      ),
    })),
  };
}

/** What both the precheck and the report start from: the analysis, its methodology, the body, the ids upload. */
function reportRequest(
  ctx: RequestContext<
    TracerOperations["createPlotsAnalysisReport"] | TracerOperations["createPlotsAnalysisReportPrecheck"]
  >,
) {
  const { store } = ctx.emu.tracer;
  const analysis = store.analysis(ctx.params.plots_analysis_id);
  const { body } = ctx;
  const [upload] = takeUploads(ctx, [{ path: ["upload_id"], id: body.upload_id }]);
  return {
    analysis,
    methodology: store.methodologyOf(analysis),
    body,
    metadata: body.metadata ?? {},
    upload: upload!,
  };
}

/** A file name from a report's name: lower case, runs of anything but letters and digits as one dash. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "report"
  );
}

/** A metadata key as a label: `operator_name` → `Operator name`. */
function humanize(key: string): string {
  const words = key.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The report's files: a summary PDF and the TRACES NT GeoJSON of the reported plots. */
async function writeArtifacts(
  ctx: BaseContext,
  analysis: PlotsAnalysisRecord,
  reportTypeName: string,
  body: ReportBody,
  plotIds: string[],
): Promise<ArtifactRecord[]> {
  const { store } = ctx.emu.tracer;
  const wanted = new Set(plotIds);
  const results = analysis.results.filter((r) => wanted.has(r.plotId));
  const plots = analysis.plots.filter((p) => wanted.has(p.plotId));
  const extra = Object.entries(body.metadata ?? {})
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v))
    .map(([k, v]): [string, string] => [humanize(k), String(v)]);
  const pdf = summaryPdf({
    heading: reportTypeName,
    reportName: body.name,
    analysisName: analysis.name,
    plotsGroupName: store.plotsGroups.get(analysis.plotsGroupId)?.name ?? analysis.plotsGroupId,
    methodologyName: store.methodologyOf(analysis).name,
    dateFrom: analysis.dateFrom,
    dateTo: analysis.dateTo,
    extra,
    results,
  });
  const pdfFile = ctx.emu.store.newFile("tracer-report");
  await writeFile(pdfFile, pdf);
  const geoFile = ctx.emu.store.newFile("tracer-report");
  const geoSize = await writeTracesGeoJson(plots, results, geoFile);
  const base = slug(body.name);
  return [
    {
      name: "Summary",
      filename: `${base}.pdf`,
      description:
        "The analysis of the reported plots: period, counts, and one row per plot with its outcome",
      contentType: "application/pdf",
      file: pdfFile,
      sizeBytes: pdf.byteLength,
    },
    {
      name: "TRACES NT geolocation",
      filename: `${base}-traces-nt.geojson`,
      description: "The reported plots and their outcome, as a GeoJSON file for the EU's TRACES NT registry",
      contentType: GEOJSON,
      file: geoFile,
      sizeBytes: geoSize,
    },
  ];
}

export const reportHandlers = {
  listPlotsAnalysisReportTypes: (ctx) => {
    const { store } = ctx.emu.tracer;
    const methodology = store.methodologyOf(store.analysis(ctx.params.plots_analysis_id));
    const types = methodology.reportTypes
      .filter(
        (t) =>
          matchesSearch(t.name.toLowerCase(), ctx.query.search) ||
          matchesSearch(t.reportType, ctx.query.search),
      )
      .map((t) => ({ report_type: t.reportType, name: t.name }));
    return { status: 200, body: types };
  },

  createPlotsAnalysisReportPrecheck: (ctx) => {
    const { analysis, methodology, body, metadata, upload } = reportRequest(ctx);
    const metadataIds = { plots_analysis_id: analysis.id };
    const op = ctx.emu.tracer.ops.start("plots_analysis_report_precheck", metadataIds, async () => {
      const ids = await readPlotIds(upload);
      if (!Array.isArray(ids)) return failure([ids]);
      const errors = reportProblems(analysis, methodology, body.report_type, ids, metadata);
      if (errors.length > 0) return failure(errors);
      return precheckDone(ctx, upload.id, PASSED);
    });
    return started(ctx, op);
  },

  createPlotsAnalysisReport: (ctx) => {
    const { store, ops } = ctx.emu.tracer;
    const { analysis, methodology, body, metadata, upload } = reportRequest(ctx);
    const id = randomUUID();
    const op = ops.start("plots_analysis_report", { plots_analysis_id: analysis.id }, async () => {
      const ids = await readPlotIds(upload);
      if (!Array.isArray(ids)) return failure([ids]);
      const errors = reportProblems(analysis, methodology, body.report_type, ids, metadata);
      if (errors.length > 0) return failure(errors);
      const type = methodology.reportTypes.find((t) => t.reportType === body.report_type)!;
      const plotIds = [...new Set(ids)];
      const artifacts = await writeArtifacts(ctx, analysis, type.name, body, plotIds);
      return {
        ok: true,
        apply: () => {
          store.addReport(id, {
            name: body.name,
            plotsAnalysisId: analysis.id,
            reportType: body.report_type,
            metadata,
            plotIds,
            artifacts,
          });
        },
        results: () => ({ plots_analysis_report_id: id }),
      };
    });
    return started(ctx, op);
  },

  listPlotsAnalysisReports: (ctx) => {
    const { store } = ctx.emu.tracer;
    const analysis = store.analysis(ctx.params.plots_analysis_id);
    const { report_type } = ctx.query;
    const found = shown(
      store.reports.values(),
      ctx.query,
      (r) => r.plotsAnalysisId === analysis.id && (report_type === undefined || r.reportType === report_type),
    );
    return paginate(ctx, found, (r) => reportJson(ctx, r));
  },

  getPlotsAnalysisReport: (ctx) => {
    const report = ctx.emu.tracer.store.report(ctx.params.plots_analysis_report_id);
    return { status: 200, body: reportJson(ctx, report) };
  },
} satisfies TracerHandlers;
