import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MultiPolygon, Polygon } from "@picterra/core";
import { printable } from "@picterra/core/machinery";
import { type Field, GisInputError, type LayerFeature, geodesicMeasures } from "@picterra/gis";
import { writeLayer } from "@picterra/gis/node";
import { LayerWriteError } from "./result-file";

/** What became of a plot. `unknown`: analysed, but no report said how (see `reason`). */
export type PlotOutcome = "deforestation_detected" | "no_deforestation" | "not_analysed" | "unknown";

/** The outcomes a report's GeoJSON gives, as Tracer writes them. */
const REPORTED: ReadonlySet<string> = new Set(["deforestation_detected", "no_deforestation"]);

/** The files `plots analyze` writes, one row per plot of the plots files (RESERVED_NAMES). */
export const PLOTS_FILES = Object.freeze({ csv: "plots.csv", gpkg: "plots.gpkg" });

const FIELDS: readonly Field[] = [
  { name: "plot_id", type: "text" },
  { name: "outcome", type: "text" },
  { name: "reason", type: "text" },
  { name: "area_ha", type: "real" },
  { name: "analysis_id", type: "text" },
  { name: "report_id", type: "text" },
];

/** One plot as the user's plots file has it. */
export interface PlotInput {
  plotId: string;
  geometry: Polygon | MultiPolygon;
}

/** A precheck finding about one plot, or (plot_id null) about the request. */
interface Issue {
  plotId: string | null;
  text: string;
}

/** What the run knows of the analysis: the precheck's answer, and the analysis and report, if made. */
export interface PlotsRun {
  /** The precheck's data as the server answered it (checked here: anything malformed is left out). */
  precheck: unknown;
  analysisId: string | null;
  reportId: string | null;
  /** The report's GeoJSON artifacts on disk (the TRACES NT file gives each plot's outcome). */
  reportGeoJson: readonly string[];
}

/** The precheck's findings, critical and high, each as one line of text. */
function issuesOf(precheck: unknown): { critical: Issue[]; high: Issue[] } {
  const errors = (precheck as { errors?: { critical?: unknown; high?: unknown } } | null)?.errors;
  const list = (value: unknown): Issue[] =>
    (Array.isArray(value) ? value : []).flatMap((entry) => {
      const e = entry as { plot_id?: unknown; code?: unknown; message?: unknown } | null;
      if (typeof e?.message !== "string") return [];
      const code = typeof e.code === "string" ? `${e.code}: ` : "";
      return [
        { plotId: typeof e.plot_id === "string" ? e.plot_id : null, text: printable(`${code}${e.message}`) },
      ];
    });
  return { critical: list(errors?.critical), high: list(errors?.high) };
}

/** Each plot's outcome as a report's GeoJSON files give it (`plot_id`, else TRACES NT's `ProductionPlace`). */
async function reportedOutcomes(files: readonly string[]): Promise<Map<string, string>> {
  const outcomes = new Map<string, string>();
  for (const file of files) {
    let collection: { features?: unknown };
    try {
      collection = JSON.parse(await readFile(file, "utf8")) as { features?: unknown };
    } catch {
      continue; // not JSON: no outcome from it
    }
    for (const feature of Array.isArray(collection?.features) ? collection.features : []) {
      const p = (feature as { properties?: Record<string, unknown> } | null)?.properties;
      const id = typeof p?.plot_id === "string" ? p.plot_id : p?.ProductionPlace;
      if (typeof id === "string" && typeof p?.outcome === "string") outcomes.set(id, p.outcome);
    }
  }
  return outcomes;
}

/** A plot's geodesic area in hectares, to 4 decimals (a square metre). */
function areaHectares(geometry: Polygon | MultiPolygon): number {
  const parts: Polygon[] =
    geometry.type === "Polygon"
      ? [geometry]
      : geometry.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }));
  const m2 = parts.reduce((sum, polygon) => sum + geodesicMeasures(polygon).area, 0);
  return Number((m2 / 10_000).toFixed(4));
}

/** The outcome and reason of one plot, by the rules the README states. */
function judge(
  plot: PlotInput,
  run: PlotsRun,
  issues: { critical: Issue[]; high: Issue[] },
  reported: ReadonlyMap<string, string>,
): { outcome: PlotOutcome; reason: string | null } {
  const own = (list: Issue[]) => list.filter((i) => i.plotId === plot.plotId).map((i) => i.text);
  const notes = own(issues.high);
  const join = (lines: string[]) => (lines.length > 0 ? lines.join("; ") : null);
  if (run.analysisId === null) {
    const mine = own(issues.critical);
    const request = issues.critical.filter((i) => i.plotId === null).map((i) => i.text);
    const why =
      mine.length > 0
        ? mine
        : request.length > 0
          ? [`the analysis did not run: ${request.join("; ")}`]
          : [
              `the analysis did not run: the precheck found ${issues.critical.length} critical problem(s) with other plots`,
            ];
    return { outcome: "not_analysed", reason: join([...why, ...notes]) };
  }
  if (run.reportId === null) {
    return {
      outcome: "unknown",
      reason: join(["outcomes come with a report: run again with --report (e.g. eudr_export)", ...notes]),
    };
  }
  const given = reported.get(plot.plotId);
  if (given !== undefined && REPORTED.has(given))
    return { outcome: given as PlotOutcome, reason: join(notes) };
  const why =
    given === undefined
      ? "the report's GeoJSON gives no outcome for this plot"
      : `the report's GeoJSON gives the outcome ${JSON.stringify(printable(given))}, not one of ${[...REPORTED].join(", ")}`;
  return { outcome: "unknown", reason: join([why, ...notes]) };
}

/**
 * Writes `plots.csv` and `plots.gpkg` in `dir`: one row per plot of the plots files, with its id, outcome,
 * reason, geodesic area (hectares, from the file's own geometry) and the analysis and report ids; the
 * GeoPackage holds the plots' polygons (WGS 84), the CSV their WKT. Returns the files and the count of each
 * outcome.
 */
export async function writePlotsTable(
  dir: string,
  plots: readonly PlotInput[],
  run: PlotsRun,
): Promise<{ files: string[]; outcomes: Map<PlotOutcome, number> }> {
  const issues = issuesOf(run.precheck);
  const reported = await reportedOutcomes(run.reportGeoJson);
  const outcomes = new Map<PlotOutcome, number>();
  const features: LayerFeature[] = plots.map((plot) => {
    const { outcome, reason } = judge(plot, run, issues, reported);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    return {
      type: "Feature",
      geometry: plot.geometry,
      properties: {
        plot_id: plot.plotId,
        outcome,
        reason,
        area_ha: areaHectares(plot.geometry),
        analysis_id: run.analysisId,
        report_id: run.reportId,
      },
    };
  });
  const files: string[] = [];
  try {
    for (const name of [PLOTS_FILES.csv, PLOTS_FILES.gpkg]) {
      const written = await writeLayer(join(dir, name), features, {
        layer: "plots",
        fields: FIELDS,
        geometryType: "MultiPolygon",
      });
      files.push(...written.files);
    }
  } catch (error) {
    if (error instanceof GisInputError) throw new LayerWriteError(`plots table: ${error.message}`);
    throw error;
  }
  return { files, outcomes };
}
