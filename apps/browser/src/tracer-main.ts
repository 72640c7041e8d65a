import { createTracerClient } from "@picterra/tracer";
import { byId, log, readApiAccess, runPage, showLegend } from "./dom";
import { FARMS_NORTH, FARMS_SOUTH, OUTCOME_COLORS, drawPlots, plotsCollection } from "./tracer-plots";

/** What the page reports when it is done (in `#summary`), for people and for the browser test. */
export interface TracerSummary {
  methodology: string;
  plotsGroupId: string;
  precheck: string;
  analysisId: string;
  reportTypes: string[];
  outcomes: Record<string, string>;
  artifacts: { contentType: string; size: number; head: string }[];
  /** Each plot's centre on the canvas, to check its colour. */
  centers: Record<string, [number, number]>;
}

const ANALYSIS_FROM = "2021-01-01";
const ANALYSIS_TO = "2025-12-31";

async function main(): Promise<void> {
  const tracer = createTracerClient(readApiAccess("<emulator site root>"));
  byId("endpoint", HTMLElement).textContent = tracer.baseUrl;

  const methodology = (await tracer.listMethodologies({ search: "cocoa" })).at(0);
  if (!methodology) throw new Error("no cocoa methodology");
  log(`methodology ${methodology.name} (${methodology.id})`);

  // One plots file as a File the user picked (its name goes with it), one as a Blob made in the page.
  const north = plotsCollection(FARMS_NORTH);
  const south = plotsCollection(FARMS_SOUTH);
  const picked = new File([JSON.stringify(north)], "farms-north.geojson", { type: "application/geo+json" });
  const made = new Blob([JSON.stringify(south)], { type: "application/json" });
  const plotsGroupId = await tracer.createPlotsGroup("Soubré cooperative", methodology.id, [picked, made]);
  log(`created plots group ${plotsGroupId} from farms-north.geojson and a Blob`);

  const plotIds = [...FARMS_NORTH, ...FARMS_SOUTH].map((p) => p.plotId);
  const precheck = await tracer.analyzePlotsPrecheck(
    plotsGroupId,
    "Harvest 2025",
    plotIds,
    ANALYSIS_FROM,
    ANALYSIS_TO,
  );
  log(`precheck ${precheck.status} (${precheck.critical_count} critical, ${precheck.high_count} high)`);

  const analysisId = await tracer.analyzePlots(
    plotsGroupId,
    "Harvest 2025",
    plotIds,
    new Date(ANALYSIS_FROM),
    ANALYSIS_TO,
  );
  log(`analysis ${analysisId}`);

  const reportTypes = (await tracer.listPlotsAnalysisReportTypes(analysisId)).map((t) => t.report_type);
  const reportId = await tracer.createPlotsAnalysisReport(analysisId, "TRACES NT", plotIds, "eudr_export");
  const report = await tracer.getPlotsAnalysisReport(reportId);
  log(`report ${reportId} with ${report.artifacts.length} artifacts`);

  const artifacts: TracerSummary["artifacts"] = [];
  let outcomes: Record<string, string> = {};
  for (const artifact of report.artifacts) {
    const response = await tracer.downloadPlotsAnalysisReportArtifact(artifact);
    const bytes = new Uint8Array(await response.arrayBuffer());
    artifacts.push({
      contentType: artifact.content_type,
      size: bytes.byteLength,
      head: new TextDecoder().decode(bytes.subarray(0, 5)),
    });
    if (artifact.content_type === "application/geo+json") {
      const traces = JSON.parse(new TextDecoder().decode(bytes)) as {
        features: { properties: { plot_id: string; outcome: string } }[];
      };
      outcomes = Object.fromEntries(traces.features.map((f) => [f.properties.plot_id, f.properties.outcome]));
    }
  }
  log(`downloaded ${artifacts.map((a) => a.contentType).join(", ")}`);

  const everything = plotsCollection([...FARMS_NORTH, ...FARMS_SOUTH]);
  const projection = drawPlots(byId("plots", HTMLCanvasElement), everything, outcomes);
  showLegend(
    Object.entries(OUTCOME_COLORS).map(([outcome, color]) => ({
      color,
      text: `${outcome}: ${Object.values(outcomes).filter((o) => o === outcome).length}`,
    })),
  );
  log("drew the plots coloured by outcome");

  const centers = Object.fromEntries(
    [...FARMS_NORTH, ...FARMS_SOUTH].map((p) => [p.plotId, projection.toPixel(p.lon, p.lat).map(Math.round)]),
  ) as TracerSummary["centers"];
  const summary: TracerSummary = {
    methodology: methodology.name,
    plotsGroupId,
    precheck: precheck.status,
    analysisId,
    reportTypes,
    outcomes,
    artifacts,
    centers,
  };
  byId("summary", HTMLPreElement).textContent = JSON.stringify(summary, null, 2);
}

runPage(main);
