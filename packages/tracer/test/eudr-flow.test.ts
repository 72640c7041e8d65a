import { OperationFailedError } from "@picterra/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The emulator's source, not the package: @picterra/emulator depends on this package (for its document), so
// a devDependency back would make a cycle in the workspace's build graph. Vitest runs the TypeScript as it is.
import { DEFORESTATION_ZONES, type Emulator, startEmulator } from "../../emulator/src/index";
import { type TracerClient, createTracerClient } from "../src/index";
import { plotIn, plots } from "./plots";

/** A square plot of 0.01° whose centroid is (lon, lat). */
const square = (plotId: string, lon: number, lat: number) =>
  plotIn(plotId, [lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005]);

/** A bow tie: a ring that crosses itself, which the precheck must find. */
const bowTie = {
  type: "Feature" as const,
  properties: { plot_id: "PLOT-4" },
  geometry: {
    type: "Polygon" as const,
    coordinates: [
      [
        [10, 10],
        [10.01, 10.01],
        [10.01, 10],
        [10, 10.01],
        [10, 10],
      ],
    ],
  },
};

// Where each plot lies: in which deforestation zone of the emulator, if any (see its README).
const PLACES = {
  "PLOT-1": [-6.6, 5.8], // Soubré, Côte d'Ivoire: forest lost 2022-03-15
  "PLOT-2": [-6.0, 7.0], // farmland outside every zone
  "PLOT-3": [-55.4, -11.8], // Sinop, Mato Grosso: lost 2023-08-01
  "PLOT-5": [101.4, 0.4], // Riau, Sumatra: lost 2021-06-30, before the analysed period
} as const;
const DATE_FROM = "2022-01-01";
const DATE_TO = "2025-12-31";
const ANALYSED = ["PLOT-1", "PLOT-2", "PLOT-3", "PLOT-5"];

/** The outcome the emulator's README rule predicts: centroid in a zone whose loss day is in the period. */
function predicted(plotId: keyof typeof PLACES): string {
  const [lon, lat] = PLACES[plotId];
  const hit = DEFORESTATION_ZONES.some(
    ({ bbox: [w, s, e, n], lostOn }) =>
      lon >= w && lon < e && lat >= s && lat < n && lostOn >= DATE_FROM && lostOn <= DATE_TO,
  );
  return hit ? "deforestation_detected" : "no_deforestation";
}

interface Seen {
  method: string;
  url: string;
  key: string | null;
  contentType: string | null;
}

let emu: Emulator;
let tracer: TracerClient;
const seen: Seen[] = [];
const storageRequests = () => seen.filter((r) => !new URL(r.url).pathname.startsWith("/public/api/"));

beforeAll(async () => {
  emu = await startEmulator({ port: 0, pollInterval: 0, pageSize: 3 });
  // A fetch that records what goes out, then sends it for real.
  const fetch = (request: Request) => {
    seen.push({
      method: request.method,
      url: request.url,
      key: request.headers.get("x-api-key"),
      contentType: request.headers.get("content-type"),
    });
    return globalThis.fetch(request);
  };
  tracer = createTracerClient({ apiKey: emu.apiKey, baseUrl: emu.siteUrl, fetch });
});

afterAll(() => emu?.close());

// One flow, in order, as PROTOCOL-2026.md's worked EUDR example runs it; each step checks what it got.
describe.sequential("the EUDR flow on the emulator, through the Tracer client", () => {
  let methodologyId: string;
  let groupId: string;
  let analysisId: string;
  let reportId: string;

  it("answers who the key belongs to, under Tracer's base", async () => {
    expect(tracer.baseUrl).toBe(emu.tracerUrl.replace(/\/$/, ""));
    expect((await tracer.getUserInfo()).organization_name).toBe("Emulated Organization");
  });

  it("finds the coffee methodology by search, and pages through all seven", async () => {
    const coffee = await tracer.listMethodologies({ search: " coffee " });
    expect(coffee.results.map((m) => m.name)).toEqual(["Coffee - EUDR"]);
    methodologyId = coffee.results[0]!.id;
    const first = await tracer.listMethodologies();
    expect(first.length).toBe(3);
    expect(first.count).toBe(7);
    const all = await first.toArray();
    expect(all.map((m) => m.name)).toEqual([
      "Cattle - EUDR",
      "Cocoa - EUDR",
      "Coffee - EUDR",
      "Oil palm - EUDR",
      "Rubber - EUDR",
      "Soy - EUDR",
      "Wood - EUDR",
    ]);
    expect((await tracer.listMethodologies({ pageNumber: 3 })).results.map((m) => m.name)).toEqual([
      "Wood - EUDR",
    ]);
  });

  it("creates a plots group from two files, one a File with its name, with a custom column", async () => {
    const fileA = new File(
      [JSON.stringify(plots(square("PLOT-1", ...PLACES["PLOT-1"]), square("PLOT-2", -6.1, 7.1)))],
      "cooperative-a.geojson",
      { type: "application/geo+json" },
    );
    const fileB = plots(square("PLOT-3", ...PLACES["PLOT-3"]), bowTie);
    groupId = await tracer.createPlotsGroup("Cooperative A", methodologyId, [fileA, fileB], {
      columns: { supplier: "Coop A" },
    });
    expect(await tracer.getPlotsGroup(groupId)).toMatchObject({
      id: groupId,
      name: "Cooperative A",
      methodology: "Coffee - EUDR",
    });
    expect(emu.state().tracer.plotsGroups.find((g) => g.id === groupId)?.plotIds).toEqual([
      "PLOT-1",
      "PLOT-2",
      "PLOT-3",
      "PLOT-4",
    ]);
  });

  it("merges new plots in (a plot with the same id is replaced)", async () => {
    const moved = plots(square("PLOT-2", ...PLACES["PLOT-2"]), square("PLOT-5", ...PLACES["PLOT-5"]));
    const op = await tracer.updatePlotsGroupPlots(groupId, new Blob([JSON.stringify(moved)]));
    expect(op.status).toBe("success");
    const ids = emu.state().tracer.plotsGroups.find((g) => g.id === groupId)?.plotIds ?? [];
    expect([...ids].sort()).toEqual(["PLOT-1", "PLOT-2", "PLOT-3", "PLOT-4", "PLOT-5"]);
  });

  it("prechecks an analysis and finds the real problems: a bow tie, an unknown plot, a repeated id, dates", async () => {
    const data = await tracer.analyzePlotsPrecheck(
      groupId,
      "Harvest 2025",
      ["PLOT-1", "PLOT-4", "PLOT-9", "PLOT-1"],
      DATE_FROM,
      DATE_TO,
    );
    expect(data.status).toBe("failed");
    expect(data.errors.critical.map((e) => [e.plot_id, e.code])).toEqual([
      ["PLOT-4", "self_intersection"],
      ["PLOT-9", "unknown_plot_id"],
    ]);
    expect(data.errors.high.map((e) => [e.plot_id, e.code])).toEqual([["PLOT-1", "repeated_plot_id"]]);
    expect([data.critical_count, data.high_count]).toEqual([2, 1]);

    const early = await tracer.analyzePlotsPrecheck(groupId, "Too early", ["PLOT-1"], "2019-01-01", DATE_TO);
    expect(early.errors.critical.map((e) => e.code)).toEqual(["dates_out_of_range"]);
  });

  it("the analysis itself fails on those problems, with the API's errors", async () => {
    const error = await tracer.analyzePlots(groupId, "Harvest 2025", ["PLOT-4"], DATE_FROM, DATE_TO).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).errors).toMatchObject([
      { code: "self_intersection", plot_id: "PLOT-4" },
    ]);
  });

  it("overwrites the group's plots with a clean file, and the precheck passes", async () => {
    const clean = plots(
      ...ANALYSED.map((id) => {
        const [lon, lat] = PLACES[id as keyof typeof PLACES];
        return square(id, lon, lat);
      }),
    );
    await tracer.updatePlotsGroupPlots(
      groupId,
      [{ filename: "clean.geojson", body: new TextEncoder().encode(JSON.stringify(clean)) }],
      { deleteExistingPlots: true },
    );
    expect(emu.state().tracer.plotsGroups.find((g) => g.id === groupId)?.plotIds).toEqual(ANALYSED);
    const data = await tracer.analyzePlotsPrecheck(groupId, "Harvest 2025", ANALYSED, DATE_FROM, DATE_TO);
    expect(data).toEqual({
      status: "passed",
      errors: { critical: [], high: [] },
      critical_count: 0,
      high_count: 0,
    });
  });

  it("analyses the plots (dates as a Date and a string); outcomes follow the emulator's zones", async () => {
    analysisId = await tracer.analyzePlots(groupId, "Harvest 2025", ANALYSED, new Date(DATE_FROM), DATE_TO);
    const analysis = await tracer.getPlotsAnalysis(analysisId);
    expect(analysis).toMatchObject({
      id: analysisId,
      name: "Harvest 2025",
      date_from: DATE_FROM,
      date_to: DATE_TO,
    });
    expect(analysis.url).toMatch(/^http/);
    const outcomes = Object.fromEntries(
      emu
        .state()
        .tracer.analyses.find((a) => a.id === analysisId)!
        .results.map((r) => [r.plotId, r.outcome]),
    );
    expect(outcomes).toEqual({
      "PLOT-1": "deforestation_detected",
      "PLOT-2": "no_deforestation",
      "PLOT-3": "deforestation_detected",
      "PLOT-5": "no_deforestation",
    });
    for (const id of ANALYSED) expect(outcomes[id]).toBe(predicted(id as keyof typeof PLACES));
    const analyses = await tracer.listPlotsAnalyses(groupId);
    expect(analyses.results.map((a) => a.id)).toEqual([analysisId]);
  });

  it("lists the report types coffee offers, as an array; search narrows them", async () => {
    const types = await tracer.listPlotsAnalysisReportTypes(analysisId);
    expect(types.map((t) => t.report_type).sort()).toEqual(["eudr_due_diligence", "eudr_export"]);
    const dds = await tracer.listPlotsAnalysisReportTypes(analysisId, { search: "due diligence" });
    expect(dds.map((t) => t.report_type)).toEqual(["eudr_due_diligence"]);
  });

  it("prechecks reports: a missing operator or a plot not analysed fails with reasons, a good one passes", async () => {
    const missing = await tracer
      .createPlotsAnalysisReportPrecheck(analysisId, "DDS", ANALYSED, "eudr_due_diligence")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((missing as OperationFailedError).errors).toMatchObject([{ code: "missing_metadata" }]);
    const stranger = await tracer
      .createPlotsAnalysisReportPrecheck(analysisId, "Export", ["PLOT-1", "PLOT-9"], "eudr_export")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((stranger as OperationFailedError).errors).toMatchObject([
      { code: "plot_not_in_analysis", plot_id: "PLOT-9" },
    ]);
    const ok = await tracer.createPlotsAnalysisReportPrecheck(
      analysisId,
      "DDS",
      ANALYSED,
      "eudr_due_diligence",
      {
        metadata: { operator_name: "Coop A Trading" },
      },
    );
    expect(ok).toEqual({ status: "passed" });
  });

  it("makes the TRACES NT export; its PDF and GeoJSON artifacts download without the key", async () => {
    reportId = await tracer.createPlotsAnalysisReport(analysisId, "EUDR export Q4", ANALYSED, "eudr_export");
    const report = await tracer.getPlotsAnalysisReport(reportId);
    expect(report).toMatchObject({ id: reportId, name: "EUDR export Q4", report_type: "eudr_export" });
    const pdf = report.artifacts.find((a) => a.content_type === "application/pdf")!;
    const geojson = report.artifacts.find((a) => a.content_type === "application/geo+json")!;
    const pdfBytes = new Uint8Array(
      await (await tracer.downloadPlotsAnalysisReportArtifact(pdf)).arrayBuffer(),
    );
    expect(new TextDecoder().decode(pdfBytes.subarray(0, 5))).toBe("%PDF-");
    expect(pdfBytes.byteLength).toBe(pdf.size_bytes);
    const traces = (await (await tracer.downloadPlotsAnalysisReportArtifact(geojson)).json()) as {
      type: string;
      features: { properties: { ProductionPlace: string; outcome: string } }[];
    };
    expect(traces.type).toBe("FeatureCollection");
    expect(
      Object.fromEntries(traces.features.map((f) => [f.properties.ProductionPlace, f.properties.outcome])),
    ).toEqual(Object.fromEntries(ANALYSED.map((id) => [id, predicted(id as keyof typeof PLACES)])));
    const listed = await tracer.listPlotsAnalysisReports(analysisId, { reportType: "eudr_export" });
    expect(listed.results.map((r) => r.id)).toEqual([reportId]);
    expect(
      (await tracer.listPlotsAnalysisReports(analysisId, { reportType: "eudr_due_diligence" })).count,
    ).toBe(0);
  });

  it("exports the group as GeoJSON (custom columns included) and as an Excel workbook", async () => {
    const exported = (await (await tracer.downloadPlotsGroup(groupId, "geojson")).json()) as {
      features: { properties: { plot_id: string; supplier?: string } }[];
    };
    expect(exported.features.map((f) => f.properties.plot_id)).toEqual(ANALYSED);
    expect(exported.features.every((f) => f.properties.supplier === "Coop A")).toBe(true);
    const url = await tracer.getPlotsGroupExportUrl(groupId, "excel");
    expect(new URL(url).pathname.startsWith("/public/api/")).toBe(false);
    const xlsx = new Uint8Array(await (await tracer.downloadPlotsGroup(groupId, "excel")).arrayBuffer());
    expect(String.fromCharCode(xlsx[0]!, xlsx[1]!)).toBe("PK");
  });

  it("sets and reads grants on a group, an analysis and a methodology", async () => {
    const grants = [{ grantee: { type: "organization" as const, id: "org-2" }, role: "viewer" as const }];
    for (const [kind, id] of [
      ["plots_group", groupId],
      ["plots_analysis", analysisId],
      ["methodology", methodologyId],
    ] as const) {
      expect(await tracer.getAuthorizationGrants(kind, id)).toEqual({ grants: [] });
      expect(await tracer.setAuthorizationGrants(kind, id, { grants })).toEqual({ grants });
      expect(await tracer.getAuthorizationGrants(kind, id)).toEqual({ grants });
    }
  });

  it("lists plots groups: archived ones only when asked, by methodology name, across pages", async () => {
    const other = await tracer.createPlotsGroup("Old farms", methodologyId, plots(square("OLD-1", 0, 0)));
    const cocoa = (await tracer.listMethodologies({ search: "cocoa" })).results[0]!.id;
    const extra: string[] = [];
    for (let i = 0; i < 3; i++) {
      extra.push(await tracer.createPlotsGroup(`Cocoa ${i}`, cocoa, plots(square(`C-${i}`, 1, 1))));
    }
    emu.archive("plots_group", other);
    const visible = await (await tracer.listPlotsGroups()).toArray();
    expect(visible.map((g) => g.id).sort()).toEqual([groupId, ...extra].sort());
    const all = await tracer.listPlotsGroups({ includeArchived: true });
    expect(all.count).toBe(5);
    expect(all.length).toBe(3);
    expect((await all.toArray()).map((g) => g.id)).toContain(other);
    const coffee = await tracer.listPlotsGroups({ methodology: "Coffee - EUDR", includeArchived: true });
    expect(coffee.results.map((g) => g.id).sort()).toEqual([groupId, other].sort());
    expect((await tracer.listPlotsGroups({ search: "cocoa 1" })).results.map((g) => g.id)).toEqual([
      extra[1],
    ]);
  });

  it("sent the key on every API call and on no storage request; PUT each file with the right Content-Type", () => {
    const apiCalls = seen.filter((r) => new URL(r.url).pathname.startsWith("/public/api/plots_analysis/v1/"));
    expect(apiCalls.length).toBeGreaterThan(50);
    expect(apiCalls.filter((r) => r.key !== emu.apiKey)).toEqual([]);
    expect(seen.filter((r) => new URL(r.url).pathname.startsWith("/public/api/v2/"))).toEqual([]);
    const stored = storageRequests();
    expect(stored.filter((r) => r.key !== null)).toEqual([]);
    const puts = stored.filter((r) => r.method === "PUT");
    // 8 plots files and 3 analysis prechecks' plot ids with no Content-Type; 6 other plot ids files as JSON.
    expect(puts.filter((r) => r.contentType === null).length).toBe(11);
    expect(puts.filter((r) => r.contentType === "application/json").length).toBe(6);
    expect(puts.length).toBe(17);
    // Every upload was fresh: as many uploads as PUTs, none named twice.
    expect(emu.stats().uploads).toBe(17);
    expect(new Set(puts.map((r) => new URL(r.url).pathname)).size).toBe(17);
  });
});
