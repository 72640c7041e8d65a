import { basename, join, resolve } from "node:path";
import { writeFileAtomically } from "@picterra/node-fs";
import {
  createPlotsGroup,
  downloadPlotsAnalysisReportArtifactToFile,
  downloadPlotsGroupToFile,
} from "@picterra/node-fs/tracer";
import type { TracerClient } from "@picterra/tracer";
import type { Command } from "commander";
import { action } from "../action";
import type { Journal } from "../bulk/journal";
import { nameOutputs, openOutDir, serverFileRequest } from "../bulk/out-dir";
import type { Context } from "../context";
import { UsageError } from "../errors";
import { type PlotInput, type PlotOutcome, writePlotsTable } from "../gis/plots-table";
import { jsonText } from "../output";
import { isoDate, readJsonFile } from "../parse";
import { type PageFlags, pageOptions, pageQuery, printDone, printList, showCommand } from "./common";

/** The plots a plots GeoJSON file holds: each feature with a plot_id (node-fs checks the file before it streams it). */
async function plotsOf(path: string): Promise<{ ids: string[]; plots: PlotInput[] }> {
  const collection = (await readJsonFile("<plots.geojson>", path)) as {
    features?: { properties?: { plot_id?: unknown }; geometry?: { type?: unknown } | null }[];
  };
  const features = Array.isArray(collection.features) ? collection.features : [];
  const ids: string[] = [];
  const plots: PlotInput[] = [];
  for (const f of features) {
    const id = f?.properties?.plot_id;
    if (typeof id !== "string") continue;
    ids.push(id);
    const type = f.geometry?.type;
    if (type === "Polygon" || type === "MultiPolygon") {
      plots.push({ plotId: id, geometry: f.geometry as PlotInput["geometry"] });
    }
  }
  return { ids, plots };
}

/** A methodology given by id or by name (exact, case-insensitive), as Tracer knows it. */
async function methodologyId(tracer: TracerClient, given: string): Promise<string> {
  const page = await tracer.listMethodologies({ search: given });
  const all = await page.toArray();
  const found =
    all.find((m) => m.id === given) ?? all.find((m) => m.name.toLowerCase() === given.toLowerCase());
  if (found) return found.id;
  const every = await (await tracer.listMethodologies()).toArray();
  const byId = every.find((m) => m.id === given);
  if (byId) return byId.id;
  throw new UsageError(`no methodology '${given}': one of ${every.map((m) => `'${m.name}'`).join(", ")}`);
}

interface AnalyzeFlags {
  methodology: string;
  from: string;
  to: string;
  report?: string;
  name?: string;
  out: string;
  journal?: string;
}

/**
 * The EUDR flow end to end, each step journaled (a re-run goes on from the first unfinished one): plots group,
 * analysis precheck, analysis, report (precheck, create, artifacts), export of the group as GeoJSON.
 */
async function analyze(ctx: Context, files: string[], o: AnalyzeFlags): Promise<number> {
  const tracer = await ctx.tracer();
  const plotsFiles = files.map((f) => resolve(f));
  const { dir: out, journal } = await openOutDir(o.out, o.journal, {
    command: "plots analyze",
    api: tracer.baseUrl,
    options: {
      methodology: o.methodology,
      from: o.from,
      to: o.to,
      report: o.report ?? null,
      name: o.name ?? null,
      plots: plotsFiles,
    },
  });
  const item = `plots:${plotsFiles.join(",")}`;
  const name = o.name ?? `${basename(files[0]!, ".geojson")} ${o.from}..${o.to}`;
  const step = async <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const done = journal.entries.find((e) => e.step === "plots" && e.item === item && e.key === key);
    if (done?.step === "plots") return done.value as T;
    const value = await run();
    await journal.append({ step: "plots", item, key, value });
    ctx.out.note(`${key}: ${typeof value === "string" ? value : "done"}`);
    return value;
  };
  try {
    const given = await Promise.all(files.map(plotsOf));
    const plotIds = given.flatMap((g) => g.ids);
    const plots = given.flatMap((g) => g.plots);
    if (plotIds.length === 0)
      throw new UsageError("the plots files hold no features with a properties.plot_id");
    const methodology = await step("methodology", () => methodologyId(tracer, o.methodology));
    const group = await step("plots_group", () => createPlotsGroup(tracer, name, methodology, files));
    const precheck = await step("analysis_precheck", () =>
      tracer.analyzePlotsPrecheck(group, name, plotIds, o.from, o.to),
    );
    await writeFileAtomically(join(out, "precheck.json"), `${jsonText(precheck, 2)}\n`);
    if ((precheck.critical_count ?? 0) > 0) {
      // No analysis runs: every plot is "not analysed", with the precheck's reason.
      const table = await writePlotsTable(out, plots, {
        precheck,
        analysisId: null,
        reportId: null,
        reportGeoJson: [],
      });
      ctx.out.result({ plots_group_id: group, precheck, plots: plotsSummary(table) }, () => [
        `the precheck found critical errors: see ${join(out, "precheck.json")}`,
        `plots: ${describeOutcomes(table.outcomes)}`,
        ...table.files.map((f) => `wrote ${f}`),
      ]);
      return 1;
    }
    const analysis = await step("analysis", () => tracer.analyzePlots(group, name, plotIds, o.from, o.to));
    const written: string[] = [join(out, "precheck.json")];
    let report: string | null = null;
    const reportGeoJson: string[] = [];
    if (o.report) {
      const reportType = o.report;
      const types = await tracer.listPlotsAnalysisReportTypes(analysis);
      if (!types.some((t) => t.report_type === reportType)) {
        throw new UsageError(
          `no report type '${reportType}': one of ${types.map((t) => t.report_type).join(", ")}`,
        );
      }
      report = await step("report", async () => {
        await tracer.createPlotsAnalysisReportPrecheck(analysis, name, plotIds, reportType);
        return tracer.createPlotsAnalysisReport(analysis, name, plotIds, reportType);
      });
      const artifacts = await downloadArtifacts(tracer, report, out, journal);
      written.push(...artifacts.map((a) => a.file));
      reportGeoJson.push(...artifacts.filter((a) => a.geojson).map((a) => a.file));
    }
    const groupFile = join(out, "plots-group.geojson");
    await downloadPlotsGroupToFile(tracer, group, "geojson", groupFile);
    written.push(groupFile);
    // Each plot's outcome, from the report's GeoJSON (the TRACES NT file), and the precheck's reasons.
    const table = await writePlotsTable(out, plots, {
      precheck,
      analysisId: analysis,
      reportId: report,
      reportGeoJson,
    });
    written.push(...table.files);
    const summary = {
      methodology_id: methodology,
      plots_group_id: group,
      analysis_id: analysis,
      report_id: report,
      plots: plotsSummary(table),
      files: written,
    };
    await writeFileAtomically(join(out, "summary.json"), `${jsonText(summary, 2)}\n`);
    ctx.out.result(summary, () => [
      `plots group ${group}`,
      `analysis ${analysis}`,
      ...(report ? [`report ${report}`] : []),
      `plots: ${describeOutcomes(table.outcomes)}`,
      ...written.map((f) => `wrote ${f}`),
    ]);
    return 0;
  } finally {
    await journal.close();
  }
}

/**
 * Downloads a report's artifacts into `out`, each under a name made of the one the server gives (names.ts): a
 * safe name in `out`, never one of the run's own files, unique in the folder, the same on a re-run.
 */
async function downloadArtifacts(
  tracer: TracerClient,
  report: string,
  out: string,
  journal: Journal,
): Promise<{ file: string; geojson: boolean }[]> {
  const { artifacts } = await tracer.getPlotsAnalysisReport(report);
  const requests = artifacts.map((artifact, i) =>
    serverFileRequest(`artifact:${report}:${i}`, String(artifact.filename ?? "")),
  );
  const names = await nameOutputs(out, journal, requests, [""]);
  const written: { file: string; geojson: boolean }[] = [];
  for (const [i, artifact] of artifacts.entries()) {
    // Through the client's storage settings (idle timeout, retries), never the key; streamed to disk, so that
    // an artifact of any size (or a server's endless one) never sits in memory.
    const target = join(out, names.get(requests[i]!.item)!);
    await downloadPlotsAnalysisReportArtifactToFile(tracer, artifact, target);
    // The TRACES NT file, by its content type (or its name when the server gives none).
    const type = typeof artifact.content_type === "string" ? artifact.content_type.toLowerCase() : "";
    const geojson = type.startsWith("application/geo+json") || (type === "" && /\.geojson$/i.test(target));
    written.push({ file: target, geojson });
  }
  return written;
}

/** What the summary says of the plots table: its files and how many plots got each outcome. */
function plotsSummary(table: { files: string[]; outcomes: Map<PlotOutcome, number> }) {
  return { files: table.files, outcomes: Object.fromEntries(table.outcomes) };
}

/** "2 deforestation_detected, 3 no_deforestation", in a fixed order. */
function describeOutcomes(outcomes: ReadonlyMap<PlotOutcome, number>): string {
  const order: PlotOutcome[] = ["deforestation_detected", "no_deforestation", "not_analysed", "unknown"];
  const parts = order.filter((o) => outcomes.has(o)).map((o) => `${outcomes.get(o)} ${o}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** `picterra plots …`: Tracer (EUDR plots analysis), on `@picterra/tracer`. */
export function registerPlots(program: Command): void {
  const plots = program
    .command("plots")
    .description(
      "Tracer (EUDR plots analysis): methodologies, plots groups, analyses, reports (needs @picterra/tracer)",
    );

  plots
    .command("analyze")
    .description("the EUDR flow end to end: plots group, precheck, analysis, report, export; resumable")
    .argument("<plots.geojson...>", "FeatureCollections of polygons, each with a properties.plot_id")
    .requiredOption("--methodology <name|id>", 'e.g. "Coffee - EUDR"')
    .requiredOption("--from <date>", "start of the analysis, YYYY-MM-DD", isoDate)
    .requiredOption("--to <date>", "end of the analysis, YYYY-MM-DD", isoDate)
    .requiredOption(
      "--out <dir>",
      "where the precheck, report artifacts, export, plots.csv and plots.gpkg (each plot's outcome), summary and journal go",
    )
    .option("--report <type>", "also make a report of this type (e.g. eudr_export) and download its files")
    .option(
      "--name <name>",
      "the plots group's and analysis's name (default: the first file's name and the dates)",
    )
    .option("--journal <file>", "journal of finished steps (default <out>/journal.jsonl)")
    .action(action<AnalyzeFlags>(async (ctx, [files], o) => analyze(ctx, files as string[], o)));

  pageOptions(
    plots.command("methodologies").description("list the methodologies").option("--search <text>"),
  ).action(
    action<PageFlags & { search?: string }>(async (ctx, _a, o) => {
      const page = await (await ctx.tracer()).listMethodologies({ search: o.search, ...pageQuery(o) });
      await printList(ctx, page, o, [
        { header: "id", cell: (m) => m.id },
        { header: "name", cell: (m) => m.name },
      ]);
    }),
  );

  const groups = plots.command("groups").description("plots groups");
  pageOptions(
    groups
      .command("list")
      .description("list plots groups")
      .option("--search <text>")
      .option("--methodology <name>")
      .option("--archived", "include archived ones"),
  ).action(
    action<PageFlags & { search?: string; methodology?: string; archived?: boolean }>(async (ctx, _a, o) => {
      const page = await (await ctx.tracer()).listPlotsGroups({
        search: o.search,
        methodology: o.methodology,
        includeArchived: o.archived,
        pageNumber: o.page,
      });
      await printList(ctx, page, o, [
        { header: "id", cell: (g) => g.id },
        { header: "name", cell: (g) => g.name },
        { header: "methodology", cell: (g) => g.methodology },
      ]);
    }),
  );
  showCommand(groups, ["get", "<group-id>"], "show a plots group", async (ctx, id) =>
    (await ctx.tracer()).getPlotsGroup(id),
  );
  groups
    .command("create")
    .description("create a plots group from GeoJSON files; prints its id")
    .argument("<plots.geojson...>")
    .requiredOption("--name <name>")
    .requiredOption("--methodology <name|id>")
    .action(
      action<{ name: string; methodology: string }>(async (ctx, [files], o) => {
        const tracer = await ctx.tracer();
        const id = await createPlotsGroup(
          tracer,
          o.name,
          await methodologyId(tracer, o.methodology),
          files as string[],
        );
        printDone(ctx, { id }, id);
      }),
    );
  groups
    .command("export")
    .description("export a plots group's plots")
    .argument("<group-id>")
    .requiredOption("--out <file>")
    .option("--format <format>", "geojson or excel", "geojson")
    .action(
      action<{ out: string; format: "geojson" | "excel" }>(async (ctx, [id], o) => {
        await downloadPlotsGroupToFile(await ctx.tracer(), id as string, o.format, o.out);
        printDone(ctx, { id, file: o.out }, `wrote ${o.out}`);
      }),
    );

  showCommand(plots, ["analysis", "<analysis-id>"], "show a plots analysis", async (ctx, id) =>
    (await ctx.tracer()).getPlotsAnalysis(id),
  );
  showCommand(
    plots,
    ["report", "<report-id>"],
    "show a plots analysis report and its artifacts",
    async (ctx, id) => (await ctx.tracer()).getPlotsAnalysisReport(id),
  );
}
