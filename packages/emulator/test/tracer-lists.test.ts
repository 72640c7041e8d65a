import { describe, expect, it } from "vitest";
import { DEFORESTATION_ZONES } from "../src/index";
import { emulator } from "./helpers";
import {
  analyse,
  collection,
  commit,
  methodologyId,
  ok,
  plot,
  plotsGroup,
  succeeded,
  tracer,
  uploadPlotIds,
} from "./tracer-helpers";

interface Page<T = { id: string; name: string }> {
  count: number;
  next: string | null;
  previous: string | null;
  page_size: number;
  results: T[];
}

const BOX: [number, number, number, number] = [1, 1, 1.01, 1.01];

describe("Tracer lists", () => {
  it("pages methodologies with absolute next/previous links that keep the search", async () => {
    const emu = await emulator({ pageSize: 3 });
    const first = await ok<Page>(emu, "GET", "methodologies/?search=EUDR&page_number=1");
    expect(first.count).toBe(7);
    expect(first.results.map((m) => m.name)).toEqual(["Cattle - EUDR", "Cocoa - EUDR", "Coffee - EUDR"]);
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${emu.tracerUrl}methodologies/?search=EUDR&page_number=2`);
    const second = await ok<Page>(emu, "GET", first.next!);
    expect(second.previous).toBe(`${emu.tracerUrl}methodologies/?search=EUDR`);
    const third = await ok<Page>(emu, "GET", second.next!);
    expect(third.results.map((m) => m.name)).toEqual(["Wood - EUDR"]);
    expect(third.next).toBeNull();
    const past = await tracer(emu, "GET", "methodologies/?page_number=4");
    expect([past.status, past.body]).toEqual([404, { detail: "Invalid page." }]);
    expect((await ok<Page>(emu, "GET", "methodologies/?search=cOcOa")).results.map((m) => m.name)).toEqual([
      "Cocoa - EUDR",
    ]);
  });

  it("gives methodologies ids that do not change from one emulator to the next", async () => {
    const [a, b] = await Promise.all([emulator(), emulator()]);
    expect(await methodologyId(a, "Coffee - EUDR")).toBe(await methodologyId(b, "Coffee - EUDR"));
    expect(a.state().tracer.methodologies.map((m) => [m.name, m.earliestDate, m.reportTypes])).toContainEqual(
      ["Coffee - EUDR", "2020-12-31", ["eudr_export", "eudr_due_diligence"]],
    );
  });

  it("filters plots groups by search, methodology (a name in part, or an id) and archived", async () => {
    const emu = await emulator({ pageSize: 2 });
    const north = await plotsGroup(emu, "North farms", "Coffee - EUDR", []);
    const south = await plotsGroup(emu, "South farms", "Cocoa - EUDR", []);
    const ranch = await plotsGroup(emu, "Ranch", "Cattle - EUDR", []);
    const ids = async (query: string) => {
      const page = await ok<Page>(emu, "GET", `plots_groups/?${query}`);
      return page.results.map((g) => g.id);
    };
    expect(await ids("page_number=1")).toEqual([north, south]);
    expect(await ids("page_number=2")).toEqual([ranch]);
    expect(await ids("search=FARMS")).toEqual([north, south]);
    expect(await ids("methodology=Cocoa%20-%20EUDR")).toEqual([south]);
    expect(await ids("methodology=cocoa")).toEqual([south]);
    expect(await ids(`methodology=${await methodologyId(emu, "Cattle - EUDR")}`)).toEqual([ranch]);
    expect(await ids("methodology=soy")).toEqual([]);
    emu.archive("plots_group", south);
    expect(await ids("search=farms")).toEqual([north]);
    expect(await ids("search=farms&include_archived=True")).toEqual([north, south]);
    expect(await ids("search=farms&include_archived=false")).toEqual([north]);
    expect(emu.state().tracer.plotsGroups.map((g) => g.archived)).toEqual([false, true, false]);
    expect(() => emu.archive("plots_group", "nope")).toThrow("archive: no plots_group nope");
    const page = await ok<Page<Record<string, unknown>>>(emu, "GET", "plots_groups/?search=ranch");
    expect(page.results).toEqual([
      { id: ranch, name: "Ranch", created_at: expect.any(String), methodology: "Cattle - EUDR" },
    ]);
  });

  it("lists a group's analyses and an analysis's reports, with their filters", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Coffee - EUDR", [plot("A", BOX)]);
    const other = await plotsGroup(emu, "other", "Coffee - EUDR", [plot("A", BOX)]);
    const first = await analyse(emu, group, ["A"], ["2021-01-01", "2021-12-31"], "Harvest 2021");
    const second = await analyse(emu, group, ["A"], ["2022-01-01", "2022-12-31"], "Harvest 2022");
    await analyse(emu, other, ["A"]);
    const analyses = await ok<Page<Record<string, unknown>>>(
      emu,
      "GET",
      `plots_groups/${group}/analysis/?page_number=1`,
    );
    expect(analyses.results.map((a) => a.id)).toEqual([first, second]);
    expect(analyses.results[1]).toEqual({
      id: second,
      name: "Harvest 2022",
      date_from: "2022-01-01",
      date_to: "2022-12-31",
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/tracer\/plots_analyses\//),
    });
    emu.archive("plots_analysis", first);
    const visible = await ok<Page>(emu, "GET", `plots_groups/${group}/analysis/?search=harvest`);
    expect(visible.results.map((a) => a.id)).toEqual([second]);
    const all = await ok<Page>(emu, "GET", `plots_groups/${group}/analysis/?include_archived=true`);
    expect(all.count).toBe(2);

    const report = async (name: string, reportType: string, metadata = {}) =>
      (
        await succeeded(emu, `plots_analyses/${second}/reports/`, {
          name,
          upload_id: await uploadPlotIds(emu, ["A"]),
          report_type: reportType,
          metadata,
        })
      ).plots_analysis_report_id!;
    const q1 = await report("Q1 export", "eudr_export");
    const dds = await report("Q1 statement", "eudr_due_diligence", { operator_name: "ACME" });
    const q2 = await report("Q2 export", "eudr_export");
    const reports = async (query: string) =>
      (await ok<Page>(emu, "GET", `plots_analyses/${second}/reports/?${query}`)).results.map((r) => r.id);
    expect(await reports("page_number=1")).toEqual([q1, dds, q2]);
    expect(await reports("report_type=eudr_export")).toEqual([q1, q2]);
    expect(await reports("search=q1")).toEqual([q1, dds]);
    emu.archive("plots_analysis_report", q1);
    expect(await reports("report_type=eudr_export")).toEqual([q2]);
    expect(await reports("report_type=eudr_export&include_archived=True")).toEqual([q1, q2]);
    expect(await reports("report_type=nope")).toEqual([]);
    const listed = await ok<Page<{ artifacts: unknown[] }>>(
      emu,
      "GET",
      `plots_analyses/${second}/reports/?search=statement`,
    );
    expect(listed.results[0]!.artifacts).toHaveLength(2);
    expect((await ok<Page>(emu, "GET", `plots_analyses/${first}/reports/`)).count).toBe(0);
  });
});

describe("Tracer plots: merge and overwrite", () => {
  it("merges (a plot id already there is replaced) or replaces every plot", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Coffee - EUDR", [
      plot("A", BOX),
      plot("B", BOX),
      plot("C", BOX),
    ]);
    const plotIds = () => emu.state().tracer.plotsGroups[0]!.plotIds;
    const exportedB = async () => {
      const { download_url } = await succeeded(emu, `plots_groups/${group}/export/`, { format: "geojson" });
      const fc = (await (await fetch(download_url!)).json()) as {
        features: { properties: Record<string, unknown> }[];
      };
      return fc.features.find((f) => f.properties.plot_id === "B")?.properties;
    };
    const merged = await commit(emu, group, {
      "update.geojson": collection(plot("B", BOX, { v: 2 }), plot("D", BOX)),
    });
    expect(merged.status).toBe("success");
    expect(plotIds()).toEqual(["A", "C", "B", "D"]);
    expect(await exportedB()).toEqual({ plot_id: "B", v: 2 });
    const replaced = await commit(emu, group, { "all.geojson": collection(plot("B", BOX, { v: 3 })) }, true);
    expect(replaced.status).toBe("success");
    expect(plotIds()).toEqual(["B"]);
    expect(await exportedB()).toEqual({ plot_id: "B", v: 3 });
  });
});

describe("Tracer outcomes follow from the geometry", () => {
  // The rule the README documents, written again here: the centroid (vertex mean) in a zone whose loss day lies
  // within the period.
  function predict([w, s, e, n]: [number, number, number, number], from: string, to: string): string {
    const [lon, lat] = [(w + e) / 2, (s + n) / 2];
    const hit = DEFORESTATION_ZONES.some(
      ({ bbox: [zw, zs, ze, zn], lostOn }) =>
        lon >= zw && lon < ze && lat >= zs && lat < zn && lostOn >= from && lostOn <= to,
    );
    return hit ? "deforestation_detected" : "no_deforestation";
  }

  it("detects deforestation for plots centred in a zone whose loss falls in the period, and only those", async () => {
    const emu = await emulator();
    const boxes: Record<string, [number, number, number, number]> = {
      // Soubré (lost 2022-03-15): well inside, straddling its west edge with the centre inside, and outside.
      inside: [-6.61, 5.79, -6.59, 5.81],
      edge: [-6.81, 5.7, -6.77, 5.72],
      outside: [-6.9, 5.7, -6.82, 5.72],
      // Riau (2021-06-30) and Sinop (2023-08-01).
      riau: [101.3, 0.3, 101.32, 0.32],
      sinop: [-55.5, -11.9, -55.48, -11.88],
      // A large plot whose centre is far from every zone, though one corner reaches into Sinop.
      large: [-55.5, -11.9, -54.0, -10.0],
    };
    const group = await plotsGroup(
      emu,
      "g",
      "Soy - EUDR",
      Object.entries(boxes).map(([id, box]) => plot(id, box)),
    );
    for (const [from, to] of [
      ["2021-01-01", "2025-12-31"],
      ["2021-01-01", "2022-03-14"],
      ["2022-03-15", "2022-03-15"],
      ["2023-08-02", "2025-12-31"],
    ] as const) {
      const id = await analyse(emu, group, Object.keys(boxes), [from, to]);
      const results = emu.state().tracer.analyses.find((a) => a.id === id)!.results;
      const expected = Object.entries(boxes).map(([plotId, box]) => [plotId, predict(box, from, to)]);
      expect(results.map((r) => [r.plotId, r.outcome])).toEqual(expected);
    }
    // The boundaries, spelled out: the loss day itself counts.
    const single = emu.state().tracer.analyses[2]!.results;
    expect(single.filter((r) => r.outcome === "deforestation_detected").map((r) => r.plotId)).toEqual([
      "inside",
      "edge",
    ]);
    expect(single[0]!.forestLossDate).toBe("2022-03-15");
    expect(single[0]!.zone).toBe("Soubré, Côte d'Ivoire");
  });
});

describe("Tracer account and grants", () => {
  it("answers users/me", async () => {
    const emu = await emulator();
    const me = await ok(emu, "GET", "users/me/");
    expect(me).toEqual({
      organization_id: expect.any(String),
      user_id: expect.any(String),
      organization_name: "Emulated Organization",
    });
  });

  it("gets (200) and sets (201, echoing, replacing) grants of groups, analyses and methodologies", async () => {
    const emu = await emulator();
    const group = await plotsGroup(emu, "g", "Coffee - EUDR", [plot("A", BOX)]);
    const analysisId = await analyse(emu, group, ["A"]);
    const coffee = await methodologyId(emu, "Coffee - EUDR");
    const grants = [
      { grantee: { type: "user", id: "u1" }, role: "editor" },
      { grantee: { type: "organization", id: "o1" }, role: "viewer" },
    ];
    for (const [kind, id] of [
      ["plots_group", group],
      ["plots_analysis", analysisId],
      ["methodology", coffee],
    ] as const) {
      const path = `authorization/grants/${kind}/${id}/`;
      expect(await ok(emu, "GET", path)).toEqual({ grants: [] });
      expect(await ok(emu, "POST", path, { grants })).toEqual({ grants });
      expect(await ok(emu, "GET", path)).toEqual({ grants });
      expect(await ok(emu, "POST", path, { grants: grants.slice(1) })).toEqual({ grants: grants.slice(1) });
      expect(await ok(emu, "GET", path)).toEqual({ grants: grants.slice(1) });
    }
    // A plots group's id names no analysis.
    expect((await tracer(emu, "GET", `authorization/grants/plots_analysis/${group}/`)).status).toBe(404);
  });
});
