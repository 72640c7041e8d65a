import { describe, expect, it } from "vitest";
import { call, emulator, expectKeyRefusals } from "./helpers";
import {
  analyse,
  collection,
  commit,
  download,
  methodologyId,
  ok,
  operation,
  plot,
  plotsGroup,
  succeeded,
  tracer,
  upload,
  uploadPlotIds,
} from "./tracer-helpers";

const BOX: [number, number, number, number] = [1, 1, 1.01, 1.01];

describe("Tracer: keys, paths and operations", () => {
  it("answers 401 without the key or with a wrong one, as Forge does", async () => {
    const emu = await emulator();
    await expectKeyRefusals((key) => tracer(emu, "GET", "methodologies/", { key }));
    await expectKeyRefusals((key) => tracer(emu, "POST", "upload/file/", { key }));
    expect(emu.state().uploads).toEqual([]);
  });

  it("answers 404 for unknown objects and paths, 400 for a grant kind of Forge's, and a hint for a missing slash", async () => {
    const emu = await emulator();
    for (const path of [
      "plots_groups/nope/",
      "plots_analyses/nope/",
      "plots_analyses/nope/reports/types/",
      "plots_analysis_reports/nope/",
      "operations/nope/",
      "nothing/",
      "authorization/grants/plots_group/nope/",
    ]) {
      const res = await tracer(emu, "GET", path);
      expect([path, res.status, res.body]).toEqual([path, 404, { detail: "Not found." }]);
    }
    // As in Forge, the grants view reads its kind itself: a Forge kind is a field error, not an unknown URL.
    const forgeKind = await tracer(emu, "GET", "authorization/grants/folder/x/");
    expect([forgeKind.status, forgeKind.body]).toEqual([400, { kind: ['"folder" is not a valid choice.'] }]);
    const slash = await tracer(emu, "GET", "methodologies");
    expect(slash.status).toBe(404);
    expect(slash.body).toEqual({
      detail: `Not found. Picterra API paths end with a slash: ${new URL(emu.tracerUrl).pathname}methodologies/`,
    });
    const method = await tracer(emu, "DELETE", "methodologies/");
    expect(method.status).toBe(405);
    // The nested URLs of before 2025-10 are gone.
    expect((await tracer(emu, "GET", "plots_groups/g/analysis/a/")).status).toBe(404);
  });

  it("polls Tracer operations under Tracer's base only", async () => {
    const emu = await emulator({ pollsUntilDone: 3 });
    const ref = await ok<{ operation_id: string }>(emu, "POST", "plots_groups/", {
      name: "g",
      methodology_id: await methodologyId(emu, "Wood - EUDR"),
    });
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await ok<{ status: string }>(emu, "GET", `operations/${ref.operation_id}/`)).status);
    }
    expect(statuses).toEqual(["running", "running", "running", "success"]);
    expect((await call(emu, "GET", `operations/${ref.operation_id}/`)).status).toBe(404);
  });
});

describe("Tracer: request validation (400, DRF field errors)", () => {
  it("checks bodies against the document", async () => {
    const emu = await emulator();
    const bad = async (path: string, json: unknown) => {
      const res = await tracer(emu, "POST", path, { json });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return res.body;
    };
    expect(await bad("plots_groups/", {})).toEqual({
      name: ["This field is required."],
      methodology_id: ["This field is required."],
    });
    expect(
      await bad("plots_groups/", { name: "", methodology_id: "m", custom_columns_values: { a: [1] } }),
    ).toEqual({
      name: ["This field may not be blank."],
      custom_columns_values: { a: expect.any(Array) },
    });
    expect(await bad("plots_groups/", { name: "g", methodology_id: "nope" })).toEqual({
      methodology_id: ['Invalid pk "nope" - object does not exist.'],
    });
    const group = await plotsGroup(emu, "g", "Coffee - EUDR", [plot("A", BOX)]);
    expect(await bad(`plots_groups/${group}/export/`, { format: "pdf" })).toEqual({
      format: ['"pdf" is not a valid choice.'],
    });
    expect(await bad(`plots_groups/${group}/upload/commit/`, { files: [], overwrite: false })).toEqual({
      files: ["Ensure this field has at least 1 elements."],
    });
    const uploadId = await uploadPlotIds(emu, ["A"]);
    expect(
      await bad(`plots_groups/${group}/analysis/`, {
        analysis_name: "a",
        upload_id: uploadId,
        date_from: "2021-13-01",
        date_to: "2021-02-30",
      }),
    ).toEqual({
      date_from: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
      date_to: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
    });
    // A deprecated argument of the Python client must never reach the wire.
    const analysisId = await analyse(emu, group, ["A"]);
    expect(
      await bad(`plots_analyses/${analysisId}/reports/`, {
        name: "r",
        upload_id: await uploadPlotIds(emu, ["A"]),
        report_type: "eudr_export",
        plots_group_id: group,
      }),
    ).toEqual({ plots_group_id: ["Unknown field."] });
    expect(
      await bad(`authorization/grants/plots_group/${group}/`, {
        grants: [{ grantee: { type: "team", id: "x" }, role: "viewer" }],
      }),
    ).toEqual({
      grants: { "0": { grantee: { type: ['"team" is not a valid choice.'] } } },
    });
  });

  it("checks query parameters, and reads include_archived as Django does (True and true)", async () => {
    const emu = await emulator();
    const bad = await tracer(emu, "GET", "plots_groups/?include_archived=maybe");
    expect([bad.status, bad.body]).toEqual([400, { include_archived: ["Must be a valid boolean."] }]);
    expect((await tracer(emu, "GET", "methodologies/?page_number=0")).status).toBe(400);
    expect((await tracer(emu, "GET", "plots_groups/?include_archived=True")).status).toBe(200);
    expect((await tracer(emu, "GET", "plots_groups/?include_archived=true")).status).toBe(200);
  });

  it("takes each upload once: an unknown or reused upload_id is a field error, and nothing starts", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Coffee - EUDR", [plot("A", BOX)]);
    const ids = await uploadPlotIds(emu, ["A"]);
    const body = { analysis_name: "a", upload_id: ids, date_from: "2021-01-01", date_to: "2021-12-31" };
    await succeeded(emu, `plots_groups/${group}/analysis/precheck/`, body);
    const again = await tracer(emu, "POST", `plots_groups/${group}/analysis/`, { json: body });
    expect([again.status, again.body]).toEqual([
      400,
      { upload_id: ["This upload was already used: make a fresh upload for every call."] },
    ]);
    const unknown = await tracer(emu, "POST", `plots_groups/${group}/analysis/`, {
      json: { ...body, upload_id: "x" },
    });
    expect(unknown.body).toEqual({ upload_id: ['Invalid pk "x" - object does not exist.'] });
    const file = await upload(emu, JSON.stringify(collection()));
    const twice = await tracer(emu, "POST", `plots_groups/${group}/upload/commit/`, {
      json: {
        files: [
          { filename: "a.geojson", upload_id: file },
          { filename: "b.geojson", upload_id: file },
        ],
      },
    });
    expect(twice.body).toEqual({
      files: { "1": { upload_id: ["This upload was already used: make a fresh upload for every call."] } },
    });
    // The refused call used nothing up: the first file can still be committed.
    const ok1 = await operation(emu, `plots_groups/${group}/upload/commit/`, {
      files: [{ filename: "a.geojson", upload_id: file }],
    });
    expect(ok1.status).toBe("success");
    expect(emu.state().tracer.operations.filter((o) => o.type === "plots_analysis")).toEqual([]);
  });
});

describe("Tracer: plots files that are not plots fail the commit, naming the file and the feature", () => {
  it("reports every bad feature of every file", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Cattle - EUDR", [plot("KEEP", BOX)]);
    const point = {
      type: "Feature",
      properties: { plot_id: "PT" },
      geometry: { type: "Point", coordinates: [1, 2] },
    };
    const noId = plot("x", BOX);
    noId.properties = { name: "no id" } as never;
    const numberId = plot("x", BOX);
    (numberId.properties as Record<string, unknown>).plot_id = 7;
    const broken = {
      type: "Feature",
      properties: { plot_id: "B" },
      geometry: { type: "Polygon", coordinates: [[[1, "a"]]] },
    };
    const failed = await commit(emu, group, {
      "good.geojson": collection(plot("NEW", BOX)),
      "mixed.geojson": collection(plot("OK", BOX), point, noId, numberId, broken, { type: "Nope" }),
      "list.geojson": [1, 2],
    });
    expect(failed.status).toBe("failed");
    expect(failed.errors).toEqual([
      {
        code: "invalid_geometry_type",
        message: "mixed.geojson: feature 1 is a Point, not a Polygon or MultiPolygon",
        filename: "mixed.geojson",
        feature_index: 1,
      },
      {
        code: "missing_plot_id",
        message: "mixed.geojson: feature 2 has no plot id: properties.plot_id must be a non-empty string",
        filename: "mixed.geojson",
        feature_index: 2,
      },
      expect.objectContaining({ code: "missing_plot_id", feature_index: 3 }),
      {
        code: "invalid_geometry_type",
        message: "mixed.geojson: feature 4 is a Polygon whose coordinates are not rings of [lon, lat]",
        filename: "mixed.geojson",
        feature_index: 4,
      },
      expect.objectContaining({ code: "invalid_feature", feature_index: 5 }),
      {
        code: "invalid_plots_file",
        message: "list.geojson: not a GeoJSON FeatureCollection",
        filename: "list.geojson",
      },
    ]);
    // Nothing of a failed commit is applied, not even its good file.
    expect(emu.state().tracer.plotsGroups[0]!.plotIds).toEqual(["KEEP"]);
  });

  it("fails a commit whose file is not JSON, or was never PUT", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Rubber - EUDR", []);
    const text = await upload(emu, "plot_id,wkt\nA,POLYGON(...)");
    const target = await ok<{ upload_id: string }>(emu, "POST", "upload/file/");
    const failed = await operation(emu, `plots_groups/${group}/upload/commit/`, {
      files: [
        { filename: "plots.csv", upload_id: text },
        { filename: "missing.geojson", upload_id: target.upload_id },
      ],
      overwrite: true,
    });
    expect(failed.errors).toEqual([
      { code: "invalid_plots_file", message: "plots.csv: the file is not JSON", filename: "plots.csv" },
      {
        code: "invalid_plots_file",
        message: "missing.geojson: the file was never uploaded: PUT it to the upload_url before committing",
        filename: "missing.geojson",
      },
    ]);
  });
});

describe("Tracer: prechecks report real problems", () => {
  it("finds bad dates, invalid polygons and duplicate plot ids; the analysis fails on critical ones only", async () => {
    const emu = await emulator();
    const unclosed = plot("OPEN", BOX);
    unclosed.geometry.coordinates[0]!.pop();
    const short = plot("SHORT", BOX);
    short.geometry.coordinates[0] = [
      [1, 1],
      [1.01, 1],
      [1, 1],
    ];
    const group = await plotsGroup(emu, "g", "Oil palm - EUDR", [
      plot("DUP", [2, 2, 2.01, 2.01]),
      plot("DUP", [-6.61, 5.79, -6.59, 5.81]),
      unclosed,
      short,
    ]);
    const precheck = async (ids: string[], dateFrom: string, dateTo: string) => {
      const results = await succeeded(emu, `plots_groups/${group}/analysis/precheck/`, {
        analysis_name: "a",
        upload_id: await uploadPlotIds(emu, ids, undefined),
        date_from: dateFrom,
        date_to: dateTo,
      });
      return (await download(results.precheck_data_url!)).json();
    };
    const range = (today: string) =>
      `Oil palm - EUDR analyses dates from 2020-12-31 (the EUDR cut-off) to today, ${today}`;
    const today = new Date().toISOString().slice(0, 10);
    expect(await precheck(["OPEN", "SHORT"], "2019-06-01", "2999-01-01")).toEqual({
      status: "failed",
      errors: {
        critical: [
          {
            plot_id: null,
            code: "dates_out_of_range",
            message: `${range(today)}: date_from 2019-06-01 is out of range`,
          },
          {
            plot_id: null,
            code: "dates_out_of_range",
            message: `${range(today)}: date_to 2999-01-01 is out of range`,
          },
          {
            plot_id: "OPEN",
            code: "invalid_geometry",
            message: "plot OPEN: a ring is not closed (its last position is not its first)",
          },
          {
            plot_id: "SHORT",
            code: "invalid_geometry",
            message: "plot SHORT: a ring has 3 positions, fewer than 4",
          },
        ],
        high: [],
      },
      critical_count: 4,
      high_count: 0,
    });
    const reversed = await precheck(["DUP"], "2023-01-01", "2022-01-01");
    expect(reversed.errors.critical).toEqual([
      { plot_id: null, code: "invalid_dates", message: "date_from 2023-01-01 is after date_to 2022-01-01" },
    ]);
    const duplicate = await precheck(["DUP"], "2021-01-01", "2024-12-31");
    expect(duplicate).toEqual({
      status: "passed",
      errors: {
        critical: [],
        high: [
          {
            plot_id: "DUP",
            code: "duplicate_plot_id",
            message: "the plots group holds 2 plots with id DUP; the last uploaded is analysed",
          },
        ],
      },
      critical_count: 0,
      high_count: 1,
    });
    // High problems let the analysis run: the last uploaded DUP (in the Soubré zone) is the one analysed.
    const analysisId = await analyse(emu, group, ["DUP"], ["2021-01-01", "2024-12-31"]);
    const analysis = emu.state().tracer.analyses.find((a) => a.id === analysisId)!;
    expect(analysis.results.map((r) => [r.plotId, r.outcome])).toEqual([["DUP", "deforestation_detected"]]);
    const failed = await operation(emu, `plots_groups/${group}/analysis/`, {
      analysis_name: "bad",
      upload_id: await uploadPlotIds(emu, ["DUP"]),
      date_from: "2023-01-01",
      date_to: "2022-01-01",
    });
    expect(failed.errors).toEqual([
      { code: "invalid_dates", message: "date_from 2023-01-01 is after date_to 2022-01-01" },
    ]);
  });

  it("fails on a plot ids file that is not one", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Coffee - EUDR", [plot("A", BOX)]);
    for (const content of ["not json", JSON.stringify({ plot_ids: [] }), JSON.stringify({ ids: ["A"] })]) {
      const failed = await operation(emu, `plots_groups/${group}/analysis/precheck/`, {
        analysis_name: "a",
        upload_id: await upload(emu, content, "application/json"),
        date_from: "2021-01-01",
        date_to: "2021-12-31",
      });
      expect(failed.status).toBe("failed");
      expect(failed.errors![0]!.code).toBe("invalid_plot_ids_file");
    }
  });

  it("fails a report (and its precheck) for a type the methodology lacks, missing metadata, or foreign plots", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Soy - EUDR", [plot("A", BOX), plot("B", [3, 3, 3.01, 3.01])]);
    const analysisId = await analyse(emu, group, ["A"]);
    const report = async (
      path: "reports/" | "reports/precheck/",
      reportType: string,
      ids: string[],
      metadata = {},
    ) =>
      operation(emu, `plots_analyses/${analysisId}/${path}`, {
        name: "r",
        upload_id: await uploadPlotIds(emu, ids),
        report_type: reportType,
        metadata,
      });
    for (const path of ["reports/precheck/", "reports/"] as const) {
      const unknown = await report(path, "eudr_due_diligence", ["A", "B"]);
      expect(unknown.status).toBe("failed");
      expect(unknown.errors).toEqual([
        {
          code: "unknown_report_type",
          message: "report type eudr_due_diligence is not one of Soy - EUDR's: eudr_export",
        },
        { code: "plot_not_in_analysis", message: "plot B is not in the analysis", plot_id: "B" },
      ]);
    }
    expect((await report("reports/precheck/", "eudr_export", ["A"])).status).toBe("success");
    expect(emu.state().tracer.reports).toEqual([]);

    const cocoa = await plotsGroup(emu, "c", "Cocoa - EUDR", [plot("A", BOX)]);
    const cocoaAnalysis = await analyse(emu, cocoa, ["A"]);
    const missing = await operation(emu, `plots_analyses/${cocoaAnalysis}/reports/precheck/`, {
      name: "dds",
      upload_id: await uploadPlotIds(emu, ["A"]),
      report_type: "eudr_due_diligence",
      metadata: { operator_name: " " },
    });
    expect(missing.errors).toEqual([
      {
        code: "missing_metadata",
        message: "report type eudr_due_diligence needs metadata.operator_name (a non-empty string)",
      },
    ]);
  });
});
