import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FeatureCollection } from "@picterra/core";
import { createPlotsGroup, downloadPlotsGroupToFile } from "@picterra/node-fs/tracer";
import type { PrecheckData, ReportArtifact } from "@picterra/tracer";
import type { DemoContext } from "./context";
import { StepError } from "./failure";
import {
  DUPLICATED_PLOT,
  EUDR_PERIOD,
  METHODOLOGY_SEARCH,
  PLOT_IDS,
  REPORT_TYPE,
  SELF_INTERSECTING_PLOT,
  plotsCollection,
} from "./eudr-plots";
import { type Outcome, type PlotShape, writePlotsPictures } from "./plots-picture";
import { formatBytes } from "./progress";

/** The files the EUDR part writes, in `<out>/eudr/`. */
export interface EudrFiles {
  /** The cooperative's plots, as uploaded. */
  plots: string;
  /** The report's summary PDF, as Tracer makes it. */
  pdf: string;
  /** The report's GeoJSON for the EU's TRACES NT registry, as Tracer makes it. */
  traces: string;
  /** The plots group exported as GeoJSON and as an Excel workbook. */
  exportGeojson: string;
  exportXlsx: string;
  /** The plots coloured by outcome. */
  svg: string;
  picture: string;
}

/** One plot of the summary table. */
export interface EudrPlot {
  plotId: string;
  /** Hectares, as the report says (null when the plot was not analysed). */
  areaHa: number | null;
  outcome: Outcome;
  /** The day the forest was lost, when deforestation was detected. */
  forestLossDate: string | null;
  /** Why it was left out of the analysis (a critical precheck finding's code), if it was. */
  leftOut: string | null;
}

/** What the EUDR part found. */
export interface EudrSummary {
  methodology: { id: string; name: string };
  /** The analysed period, `YYYY-MM-DD` both. */
  period: { from: string; to: string };
  plotsGroupId: string;
  analysisId: string;
  reportId: string;
  precheck: PrecheckData;
  analysedPlotIds: string[];
  reportTypes: string[];
  /** One row per plot id, in file order. */
  plots: EudrPlot[];
  files: EudrFiles;
}

/**
 * The EUDR workflow on Tracer: a cooperative's cocoa plots (made in code, with a duplicate and a bow tie) → the
 * methodology, found by search → a plots group → the analysis precheck → the analysis of the plots without
 * critical findings → report types → report precheck → report and its files → exports (GeoJSON, Excel) → a
 * picture of the plots coloured by the outcomes the report carries. Tracer's API deletes nothing, so what
 * this part creates stays.
 */
export async function runEudr(ctx: DemoContext): Promise<EudrSummary> {
  const { tracer, steps, signal, name, log } = ctx;
  const { step } = steps;
  const dir = join(ctx.outDir, "eudr");
  const files: EudrFiles = {
    plots: join(dir, "farms.geojson"),
    pdf: "",
    traces: "",
    exportGeojson: join(dir, "plots-export.geojson"),
    exportXlsx: join(dir, "plots-export.xlsx"),
    svg: join(dir, "plots.svg"),
    picture: join(dir, "plots.png"),
  };

  await step(
    "write the cooperative's plots file",
    async () => {
      await mkdir(dir, { recursive: true });
      const plots = plotsCollection();
      await writeFile(files.plots, `${JSON.stringify(plots, null, 2)}\n`);
      return plots.features.length;
    },
    (n) =>
      `${n} polygons, ${PLOT_IDS.length} plot ids (${DUPLICATED_PLOT} typed twice, ${SELF_INTERSECTING_PLOT} ` +
      `crossing itself) → ${files.plots}`,
  );
  const methodology = await step(
    `find the methodology ("${METHODOLOGY_SEARCH}")`,
    async () => {
      const found = (await tracer.listMethodologies({ search: METHODOLOGY_SEARCH, signal })).results[0];
      if (!found) throw new Error(`no methodology matches "${METHODOLOGY_SEARCH}"`);
      return found;
    },
    (m) => `"${m.name}" (${m.id})`,
  );
  const plotsGroupId = await step(
    "create a plots group from the file",
    async () =>
      createPlotsGroup(tracer, `${name} — cocoa cooperative`, methodology.id, [files.plots], {
        columns: { cooperative: "Soubré sample cooperative", commodity: "cocoa" },
        signal,
      }),
    (id) => id,
  );

  const analysisName = `${name} — harvest ${EUDR_PERIOD.to.slice(0, 4)}`;
  const precheck = await step(
    "precheck an analysis of every plot",
    () =>
      tracer.analyzePlotsPrecheck(
        plotsGroupId,
        analysisName,
        [...PLOT_IDS],
        EUDR_PERIOD.from,
        EUDR_PERIOD.to,
        {
          signal,
        },
      ),
    (p) => `${p.status}: ${p.critical_count} critical, ${p.high_count} high`,
  );
  for (const [severity, issues] of Object.entries(precheck.errors)) {
    for (const issue of issues)
      log(`    ${severity.padEnd(8)}  ${issue.plot_id ?? "(request)"}  ${issue.code}: ${issue.message}`);
  }
  const leftOut = new Map(
    precheck.errors.critical.filter((i) => i.plot_id !== null).map((i) => [i.plot_id!, i.code]),
  );
  const analysedPlotIds = PLOT_IDS.filter((id) => !leftOut.has(id));
  const analysisId = await step(
    "analyse the plots without critical findings",
    () =>
      tracer.analyzePlots(plotsGroupId, analysisName, analysedPlotIds, EUDR_PERIOD.from, EUDR_PERIOD.to, {
        signal,
      }),
    (id) => `${analysedPlotIds.length} plots, ${EUDR_PERIOD.from} to ${EUDR_PERIOD.to} → analysis ${id}`,
  );

  // ---- the report ------------------------------------------------------------------------------------------
  const reportTypes = await step(
    "list the analysis's report types",
    () => tracer.listPlotsAnalysisReportTypes(analysisId, { signal }),
    (types) => types.map((t) => `${t.report_type} ("${t.name}")`).join(", "),
  );
  if (!reportTypes.some((t) => t.report_type === REPORT_TYPE)) {
    throw new StepError("list the analysis's report types", new Error(`${REPORT_TYPE} is not offered`));
  }
  const reportName = `${name} EUDR export`;
  await step(
    `precheck the ${REPORT_TYPE} report`,
    () =>
      tracer.createPlotsAnalysisReportPrecheck(analysisId, reportName, analysedPlotIds, REPORT_TYPE, {
        signal,
      }),
    (p) => p.status,
  );
  const reportId = await step(
    `make the ${REPORT_TYPE} report`,
    () => tracer.createPlotsAnalysisReport(analysisId, reportName, analysedPlotIds, REPORT_TYPE, { signal }),
    (id) => id,
  );
  const artifacts = await step(
    "download the report's files",
    async () => {
      const report = await tracer.getPlotsAnalysisReport(reportId, { signal });
      const saved: { artifact: ReportArtifact; path: string }[] = [];
      for (const artifact of report.artifacts) {
        const path = join(dir, artifact.filename);
        const response = await tracer.downloadPlotsAnalysisReportArtifact(artifact, { signal });
        await writeFile(path, Buffer.from(await response.arrayBuffer()));
        saved.push({ artifact, path });
      }
      return saved;
    },
    (saved) =>
      saved
        .map(
          ({ artifact, path }) => `${path} (${artifact.content_type}, ${formatBytes(artifact.size_bytes)})`,
        )
        .join(", "),
  );
  files.pdf = artifactPath(artifacts, "application/pdf");
  files.traces = artifactPath(artifacts, "application/geo+json");

  const reported = await step(
    "read the outcomes from the TRACES NT GeoJSON",
    async () => outcomesOf(JSON.parse(await readFile(files.traces, "utf8")) as FeatureCollection),
    (byId) => {
      const detected = [...byId.values()].filter((r) => r.outcome === "deforestation_detected").length;
      return `${byId.size} plots: ${detected} with deforestation detected, ${byId.size - detected} without`;
    },
  );

  // ---- exports and the picture --------------------------------------------------------------------------------
  for (const [format, path] of [
    ["geojson", files.exportGeojson],
    ["excel", files.exportXlsx],
  ] as const) {
    await step(
      `export the plots group (${format})`,
      async () => {
        await downloadPlotsGroupToFile(tracer, plotsGroupId, format, path, { signal });
        return (await stat(path)).size;
      },
      (size) => `${path} (${formatBytes(size)})`,
    );
  }
  const exported = JSON.parse(await readFile(files.exportGeojson, "utf8")) as FeatureCollection;
  const shapes = plotShapes(exported, reported);
  await step(
    "draw the plots by outcome",
    () =>
      writePlotsPictures(
        shapes,
        `${methodology.name}: ${EUDR_PERIOD.from} to ${EUDR_PERIOD.to}`,
        "Each plot coloured by the outcome in the report's TRACES NT GeoJSON",
        files.svg,
        files.picture,
      ),
    () => `${files.svg}, ${files.picture}`,
  );

  return {
    methodology: { id: methodology.id, name: methodology.name },
    period: { ...EUDR_PERIOD },
    plotsGroupId,
    analysisId,
    reportId,
    precheck,
    analysedPlotIds,
    reportTypes: reportTypes.map((t) => t.report_type),
    plots: shapes.map(({ plotId }) => {
      const row = reported.get(plotId);
      return {
        plotId,
        areaHa: row?.areaHa ?? null,
        outcome: row?.outcome ?? null,
        forestLossDate: row?.forestLossDate ?? null,
        leftOut: leftOut.get(plotId) ?? null,
      };
    }),
    files,
  };
}

function artifactPath(saved: { artifact: ReportArtifact; path: string }[], contentType: string): string {
  const found = saved.find((s) => s.artifact.content_type === contentType);
  if (!found)
    throw new StepError("download the report's files", new Error(`the report has no ${contentType} file`));
  return found.path;
}

/** What a report says about one plot. */
interface Reported {
  outcome: Exclude<Outcome, null>;
  areaHa: number;
  forestLossDate: string | null;
}

/** The outcome of each plot of a TRACES NT GeoJSON (`plot_id` or `ProductionPlace`, `outcome`, `Area`). */
export function outcomesOf(traces: FeatureCollection): Map<string, Reported> {
  const byId = new Map<string, Reported>();
  for (const { properties } of traces.features) {
    const id = properties?.["plot_id"] ?? properties?.["ProductionPlace"];
    const outcome = properties?.["outcome"];
    if (typeof id !== "string" || (outcome !== "deforestation_detected" && outcome !== "no_deforestation")) {
      throw new Error(`a feature has no plot id or no known outcome: ${JSON.stringify(properties)}`);
    }
    const lost = properties?.["forest_loss_date"];
    byId.set(id, {
      outcome,
      areaHa: Number(properties?.["Area"]),
      forestLossDate: typeof lost === "string" ? lost : null,
    });
  }
  return byId;
}

/**
 * The group's plots to draw, one per plot id (the last of a duplicated id, the one Tracer analyses), with the
 * outcome the report gives them (none for a plot left out of the analysis).
 */
export function plotShapes(exported: FeatureCollection, reported: Map<string, Reported>): PlotShape[] {
  const byId = new Map<string, PlotShape>();
  for (const { properties, geometry } of exported.features) {
    const plotId = String(properties?.["plot_id"]);
    const polygons =
      geometry.type === "Polygon"
        ? [geometry.coordinates]
        : geometry.type === "MultiPolygon"
          ? geometry.coordinates
          : [];
    byId.set(plotId, { plotId, polygons, outcome: reported.get(plotId)?.outcome ?? null });
  }
  return [...byId.values()];
}
