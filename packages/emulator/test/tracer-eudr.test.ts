import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { emulator } from "./helpers";
import {
  collection,
  commit,
  download,
  methodologyId,
  ok,
  operation,
  pdfText,
  plot,
  succeeded,
  tracer,
  upload,
  uploadPlotIds,
} from "./tracer-helpers";

/** Area of a lon/lat box on @turf/area's sphere (R = 6371008.8 m), in hectares rounded to 1 m² as Tracer does. */
function boxHectares([w, s, e, n]: [number, number, number, number]): number {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const m2 = R * R * (e - w) * rad * (Math.sin(n * rad) - Math.sin(s * rad));
  return Math.round(m2) / 10_000;
}

// Centroids: CI-001 (-6.6, 5.8) lies in the Soubré zone (forest lost 2022-03-15), BR-001 (-55.4, -11.8) in the
// Sinop zone (2023-08-01), CI-002 (-5.3, 6.8) in no zone. BAD-1 is a bow tie: it crosses itself at its centre.
const CI_001: [number, number, number, number] = [-6.61, 5.79, -6.59, 5.81];
const CI_002: [number, number, number, number] = [-5.31, 6.79, -5.29, 6.81];
const BR_001: [number, number, number, number] = [-55.41, -11.81, -55.39, -11.79];
const BOW_TIE = {
  type: "Feature",
  properties: { plot_id: "BAD-1" },
  geometry: {
    type: "Polygon",
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

describe("Tracer: the EUDR worked example of PROTOCOL-2026, end to end over HTTP", () => {
  it("goes from methodologies to plots, prechecks, analysis, reports, artifacts and exports", async () => {
    const emu = await emulator();
    expect(emu.tracerUrl).toBe(emu.url.replace("/public/api/v2/", "/public/api/plots_analysis/v1/"));

    // Methodologies → "Coffee - EUDR".
    const coffee = await methodologyId(emu, "Coffee - EUDR");

    // A plots group, then two GeoJSON files committed with overwrite: false.
    const created = await succeeded(emu, "plots_groups/", {
      name: "Cooperative A",
      methodology_id: coffee,
      custom_columns_values: { supplier: "Coop A", certified: true },
    });
    const group = created.plots_group_id!;
    const committed = await commit(emu, group, {
      "ivory-coast.geojson": collection(
        plot("CI-001", CI_001, { farmer: "Kouassi" }),
        plot("CI-002", CI_002),
        BOW_TIE,
      ),
      "brazil.geojson": collection(plot("BR-001", BR_001, { supplier: "Fazenda Boa Vista" })),
    });
    expect(committed.status).toBe("success");
    expect(committed.results).toEqual({ plots_group_id: group });
    expect(committed.metadata).toEqual({ plots_group_id: group });
    const shown = await ok(emu, "GET", `plots_groups/${group}/`);
    expect(shown).toEqual({
      id: group,
      name: "Cooperative A",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      methodology: "Coffee - EUDR",
    });

    // The precheck finds the real problems; its plot ids file is PUT with no Content-Type, as Python does.
    const precheckIds = await uploadPlotIds(
      emu,
      ["CI-001", "CI-002", "BR-001", "BAD-1", "NOPE-9", "CI-001"],
      undefined,
    );
    const body = {
      analysis_name: "Harvest 2025",
      upload_id: precheckIds,
      date_from: "2021-01-01",
      date_to: "2025-12-31",
    };
    const precheck = await succeeded(emu, `plots_groups/${group}/analysis/precheck/`, body);
    const data = await (await download(precheck.precheck_data_url!)).json();
    expect(data).toEqual({
      status: "failed",
      errors: {
        critical: [
          {
            plot_id: "BAD-1",
            code: "self_intersection",
            message: "plot BAD-1: the polygon intersects itself at [10.005, 10.005]",
          },
          { plot_id: "NOPE-9", code: "unknown_plot_id", message: "plot NOPE-9 is not in the plots group" },
        ],
        high: [
          {
            plot_id: "CI-001",
            code: "repeated_plot_id",
            message: "plot CI-001 is listed 2 times; it is analysed once",
          },
        ],
      },
      critical_count: 2,
      high_count: 1,
    });

    // The analysis fails on those critical problems, with `errors`.
    const failed = await operation(emu, `plots_groups/${group}/analysis/`, {
      ...body,
      upload_id: await uploadPlotIds(emu, ["CI-001", "BAD-1", "NOPE-9"]),
    });
    expect(failed.status).toBe("failed");
    expect(failed.results).toBeNull();
    expect(failed.errors!.map((e) => [e.code, e.plot_id])).toEqual([
      ["self_intersection", "BAD-1"],
      ["unknown_plot_id", "NOPE-9"],
    ]);

    // The analysis of the good plots.
    const analysisIds = ["CI-001", "CI-002", "BR-001"];
    const analysed = await succeeded(emu, `plots_groups/${group}/analysis/`, {
      ...body,
      upload_id: await uploadPlotIds(emu, analysisIds),
    });
    const analysisId = analysed.analysis_id!;
    const analysis = await ok<{ url: string }>(emu, "GET", `plots_analyses/${analysisId}/`);
    expect(analysis).toEqual({
      id: analysisId,
      name: "Harvest 2025",
      date_from: "2021-01-01",
      date_to: "2025-12-31",
      url: `${new URL(emu.tracerUrl).origin}/tracer/plots_analyses/${analysisId}/`,
    });
    const page = await download(analysis.url);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("<h1>Harvest 2025</h1>");
    expect(html).toContain("<td>CI-001</td><td>");

    // Report types: a plain array; search narrows it.
    const types = await ok(emu, "GET", `plots_analyses/${analysisId}/reports/types/`);
    expect(types).toEqual([
      { report_type: "eudr_export", name: "EUDR export (TRACES NT)" },
      { report_type: "eudr_due_diligence", name: "EUDR due diligence statement" },
    ]);
    expect(await ok(emu, "GET", `plots_analyses/${analysisId}/reports/types/?search=TRACES`)).toEqual([
      { report_type: "eudr_export", name: "EUDR export (TRACES NT)" },
    ]);

    // Report precheck (success = valid), then the report.
    const reportBody = { name: "EUDR Q4 2025", report_type: "eudr_export", metadata: {} };
    const reportPrecheck = await operation(emu, `plots_analyses/${analysisId}/reports/precheck/`, {
      ...reportBody,
      upload_id: await uploadPlotIds(emu, analysisIds),
    });
    expect(reportPrecheck.status).toBe("success");
    const passed = await (await download(reportPrecheck.results!.precheck_data_url!)).json();
    expect(passed).toMatchObject({ status: "passed", critical_count: 0, high_count: 0 });
    const made = await succeeded(emu, `plots_analyses/${analysisId}/reports/`, {
      ...reportBody,
      upload_id: await uploadPlotIds(emu, analysisIds),
    });
    const reportId = made.plots_analysis_report_id!;
    const report = await ok<{
      artifacts: { filename: string; content_type: string; size_bytes: number; download_url: string }[];
    }>(emu, "GET", `plots_analysis_reports/${reportId}/`);
    expect(report).toMatchObject({ id: reportId, name: "EUDR Q4 2025", report_type: "eudr_export" });
    expect(report.artifacts.map((a) => [a.filename, a.content_type])).toEqual([
      ["eudr-q4-2025.pdf", "application/pdf"],
      ["eudr-q4-2025-traces-nt.geojson", "application/geo+json"],
    ]);

    // The PDF: a real one, holding the analysis and each plot's outcome.
    const [pdfArtifact, geoArtifact] = report.artifacts;
    const pdfResponse = await download(pdfArtifact!.download_url);
    expect(pdfResponse.headers.get("content-type")).toBe("application/pdf");
    const pdf = new Uint8Array(await pdfResponse.arrayBuffer());
    expect(pdf.byteLength).toBe(pdfArtifact!.size_bytes);
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text.title).toBe("EUDR Q4 2025");
    expect(text.subject).toBe("Harvest 2025");
    expect(text.pages).toHaveLength(1);
    const lines = text.pages[0]!.split("\n");
    expect(lines).toContain("EUDR export (TRACES NT)");
    expect(lines).toContain("Harvest 2025");
    expect(lines).toContain("2021-01-01 to 2025-12-31");
    expect(lines).toContain("3, of which 2 with deforestation detected");
    const row = (id: string) => lines.slice(lines.indexOf(id), lines.indexOf(id) + 4);
    expect(row("CI-001")).toEqual([
      "CI-001",
      boxHectares(CI_001).toFixed(2),
      "Deforestation detected",
      "2022-03-15",
    ]);
    expect(row("CI-002")).toEqual(["CI-002", boxHectares(CI_002).toFixed(2), "No deforestation", "-"]);
    expect(row("BR-001")).toEqual([
      "BR-001",
      boxHectares(BR_001).toFixed(2),
      "Deforestation detected",
      "2023-08-01",
    ]);

    // The TRACES NT GeoJSON: the reported plots and their outcome.
    const geoResponse = await download(geoArtifact!.download_url);
    expect(geoResponse.headers.get("content-type")).toBe("application/geo+json");
    const traces = (await geoResponse.json()) as {
      type: string;
      features: { properties: Record<string, unknown>; geometry: { coordinates: number[][][] } }[];
    };
    expect(traces.type).toBe("FeatureCollection");
    expect(traces.features.map((f) => f.properties)).toEqual([
      {
        ProductionPlace: "CI-001",
        Area: boxHectares(CI_001),
        plot_id: "CI-001",
        outcome: "deforestation_detected",
        forest_loss_date: "2022-03-15",
      },
      {
        ProductionPlace: "CI-002",
        Area: boxHectares(CI_002),
        plot_id: "CI-002",
        outcome: "no_deforestation",
        forest_loss_date: null,
      },
      {
        ProductionPlace: "BR-001",
        Area: boxHectares(BR_001),
        plot_id: "BR-001",
        outcome: "deforestation_detected",
        forest_loss_date: "2023-08-01",
      },
    ]);
    expect(traces.features[0]!.geometry.coordinates[0]![0]).toEqual([-6.61, 5.79]);

    // Export as GeoJSON: every plot of the group, the group's custom columns under each plot's own properties.
    const geojsonExport = await succeeded(emu, `plots_groups/${group}/export/`, { format: "geojson" });
    expect(Date.parse(geojsonExport.expiration!)).toBeGreaterThan(Date.now());
    const exported = (await (await download(geojsonExport.download_url!)).json()) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(exported.features.map((f) => f.properties)).toEqual([
      { supplier: "Coop A", certified: true, plot_id: "CI-001", farmer: "Kouassi" },
      { supplier: "Coop A", certified: true, plot_id: "CI-002" },
      { supplier: "Coop A", certified: true, plot_id: "BAD-1" },
      { supplier: "Fazenda Boa Vista", certified: true, plot_id: "BR-001" },
    ]);

    // Export as Excel: a real .xlsx, one row per plot with its columns.
    const excelExport = await succeeded(emu, `plots_groups/${group}/export/`, { format: "excel" });
    const xlsxResponse = await download(excelExport.download_url!);
    expect(xlsxResponse.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const xlsx = await xlsxResponse.arrayBuffer();
    expect(Buffer.from(xlsx, 0, 2).toString("latin1")).toBe("PK");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx);
    const sheet = workbook.getWorksheet("Plots")!;
    const values = sheet.getSheetValues().slice(1) as unknown[][];
    expect(values.map((r) => r.slice(1))).toEqual([
      ["plot_id", "supplier", "certified", "farmer", "area_ha", "geometry_wkt"],
      [
        "CI-001",
        "Coop A",
        true,
        "Kouassi",
        boxHectares(CI_001),
        "POLYGON ((-6.61 5.79, -6.59 5.79, -6.59 5.81, -6.61 5.81, -6.61 5.79))",
      ],
      [
        "CI-002",
        "Coop A",
        true,
        undefined,
        boxHectares(CI_002),
        expect.stringMatching(/^POLYGON \(\(-5.31 6.79, /),
      ],
      ["BAD-1", "Coop A", true, undefined, 0, expect.stringMatching(/^POLYGON \(\(10 10, 10.01 10.01, /)],
      [
        "BR-001",
        "Fazenda Boa Vista",
        true,
        undefined,
        boxHectares(BR_001),
        expect.stringMatching(/^POLYGON/),
      ],
    ]);

    // The state shows it all, with what the API does not.
    const state = emu.state().tracer;
    expect(state.plotsGroups).toEqual([
      {
        id: group,
        name: "Cooperative A",
        methodologyId: coffee,
        archived: false,
        plotCount: 4,
        plotIds: ["CI-001", "CI-002", "BAD-1", "BR-001"],
      },
    ]);
    expect(state.analyses.map((a) => a.results.map((r) => [r.plotId, r.outcome, r.zone]))).toEqual([
      [
        ["CI-001", "deforestation_detected", "Soubré, Côte d'Ivoire"],
        ["CI-002", "no_deforestation", null],
        ["BR-001", "deforestation_detected", "Sinop, Mato Grosso, Brazil"],
      ],
    ]);
    expect(state.reports.map((r) => [r.id, r.plotIds, r.artifacts.length])).toEqual([
      [reportId, analysisIds, 2],
    ]);
    expect(state.operations.map((o) => `${o.type}:${o.status}`)).toEqual([
      "plots_group_creation:success",
      "plots_group_upload:success",
      "plots_analysis_precheck:success",
      "plots_analysis:failed",
      "plots_analysis:success",
      "plots_analysis_report_precheck:success",
      "plots_analysis_report:success",
      "plots_group_export:success",
      "plots_group_export:success",
    ]);
    expect(emu.state().operations).toEqual([]); // Forge's are its own
  });

  it("makes a due diligence statement that names its operator, over several PDF pages for many plots", async () => {
    const emu = await emulator();
    const plots = Array.from({ length: 120 }, (_, i) =>
      plot(`P-${String(i).padStart(3, "0")}`, [i * 0.01, 0, i * 0.01 + 0.005, 0.005]),
    );
    const { plots_group_id } = await succeeded(emu, "plots_groups/", {
      name: "Many",
      methodology_id: await methodologyId(emu, "Cocoa - EUDR"),
    });
    expect((await commit(emu, plots_group_id!, { "many.geojson": collection(...plots) })).status).toBe(
      "success",
    );
    const ids = plots.map((p) => p.properties.plot_id);
    const { analysis_id } = await succeeded(emu, `plots_groups/${plots_group_id}/analysis/`, {
      analysis_name: "Cocoa 2024",
      upload_id: await uploadPlotIds(emu, ids),
      date_from: "2021-01-01",
      date_to: "2024-12-31",
    });
    const { plots_analysis_report_id } = await succeeded(emu, `plots_analyses/${analysis_id}/reports/`, {
      name: "DDS 2024",
      upload_id: await uploadPlotIds(emu, ids),
      report_type: "eudr_due_diligence",
      metadata: { operator_name: "Chocolaterie Müller SA" },
    });
    const report = await ok<{ artifacts: { download_url: string }[] }>(
      emu,
      "GET",
      `plots_analysis_reports/${plots_analysis_report_id}/`,
    );
    const text = await pdfText(
      new Uint8Array(await (await download(report.artifacts[0]!.download_url)).arrayBuffer()),
    );
    expect(text.pages.length).toBeGreaterThan(2);
    const all = text.pages.join("\n").split("\n");
    expect(all[0]).toBe("EUDR due diligence statement");
    expect(all).toContain("Chocolaterie Müller SA");
    for (const id of ids) expect(all).toContain(id);
    expect(text.pages.at(-1)).toContain(`Page ${text.pages.length} of ${text.pages.length}`);
  });

  it("takes plots files as raw bytes with no Content-Type, and an empty FeatureCollection", async () => {
    const emu = await emulator();
    const { plots_group_id } = await succeeded(emu, "plots_groups/", {
      name: "Empty",
      methodology_id: await methodologyId(emu, "Soy - EUDR"),
      custom_columns_values: {},
    });
    const uploadId = await upload(emu, new TextEncoder().encode(JSON.stringify(collection())));
    const done = await operation(emu, `plots_groups/${plots_group_id}/upload/commit/`, {
      files: [{ filename: "plots.geojson", upload_id: uploadId }],
      overwrite: false,
    });
    expect(done.status).toBe("success");
    expect(emu.state().tracer.plotsGroups[0]!.plotCount).toBe(0);
    expect((await tracer(emu, "GET", `plots_groups/${plots_group_id}/`)).status).toBe(200);
  });
});
