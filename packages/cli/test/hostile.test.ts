import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { countByClass, countsRecord } from "../src/bulk/detect";
import { summaryCsv } from "../src/bulk/summary";
import { escapeControls } from "../src/terminal";
import {
  analyzeArgs,
  createdDetector,
  emulator,
  geoTiffFile,
  picterra,
  picterraJson,
  plotsAt,
  tempDir,
  uploadedRaster,
} from "./helpers";
import { hostileProxy, testServer } from "./servers";

/** A name as a hostile server could give it: colours, a screen clear, a line rewrite, a reordering. */
const EVIL = "\u001b[31mred\u001b[2J\rfake\u202etxt.exe\u0085";
const SHOWN = "\\x1b[31mred\\x1b[2J\\rfake\\u202etxt.exe\\x85";

/** Fails when a person's output holds a character a terminal acts on. */
function expectNoControls(text: string): void {
  // Line breaks are the output's own; anything else a terminal acts on must not be there.
  expect(text.replace(/\n/g, "")).toBe(escapeControls(text.replace(/\n/g, "")));
}

describe("server text on a terminal", () => {
  it("escapes control characters everywhere a person reads, and --json keeps the data exact", () => {
    expect(escapeControls(EVIL)).toBe(SHOWN);
    expect(escapeControls("tile_01.png ✓ 日本")).toBe("tile_01.png ✓ 日本");
  });

  it("names in tables, key: value lines and errors are escaped; --json has them as they are", async () => {
    const emu = await emulator();
    const rasterId = await uploadedRaster(emu, geoTiffFile(tempDir(), "site.tif"));
    expect((await picterra(["rasters", "edit", rasterId, "--name", EVIL], emu)).code).toBe(0);
    const list = await picterra(["rasters", "list"], emu);
    expect(list.stdout).toContain(SHOWN);
    expectNoControls(list.stdout);
    const get = await picterra(["rasters", "get", rasterId], emu);
    expect(get.stdout).toMatch(new RegExp(`^name:\\s+${SHOWN.replace(/[\\[\]().$]/g, "\\$&")}$`, "m"));
    expectNoControls(get.stdout);
    expect((await picterraJson(["rasters", "get", rasterId], emu)).json.name).toBe(EVIL);

    const server = await testServer(() => ({
      status: 404,
      headers: { "content-type": "text/plain" },
      body: `gone${EVIL}`,
    }));
    const error = await picterra(["rasters", "get", "r1"], undefined, {
      env: { PICTERRA_API_KEY: emu.apiKey, PICTERRA_BASE_URL: server.url },
    });
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(`gone${SHOWN}`);
    expectNoControls(error.stderr);
  });

  it("detector classes named constructor, __proto__ or with escapes are counted, summarized and shown right", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const tif = geoTiffFile(dir, "train.tif");
    const rasterId = await uploadedRaster(emu, tif);
    const detectorId = await createdDetector(emu);
    await picterra(["detectors", "add-raster", detectorId, rasterId], emu);
    const square = (lng: number, name: string) => ({
      type: "Feature",
      properties: { class_name: name },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [lng, 46.515],
            [lng + 0.0005, 46.515],
            [lng + 0.0005, 46.5155],
            [lng, 46.5155],
            [lng, 46.515],
          ],
        ],
      },
    });
    const names = ["constructor", "__proto__", "toString", EVIL];
    const outlines = join(dir, "outlines.geojson");
    writeFileSync(
      outlines,
      JSON.stringify({
        type: "FeatureCollection",
        features: names.map((n, i) => square(6.631 + i * 0.001, n)),
      }),
    );
    const annotate = await picterra(
      ["detectors", "annotate", detectorId, rasterId, "outline", outlines],
      emu,
    );
    expect(annotate.code, annotate.stderr).toBe(0);
    const out = join(dir, "out");
    const { run, json } = await picterraJson(
      ["detect", "--detector", detectorId, rasterId, "--out", out],
      emu,
    );
    expect(run.code, run.stderr).toBe(0);
    const counts = Object.entries(json.items[0].counts).sort();
    expect(counts).toEqual(names.map((n) => [n, 1]).sort());
    const csv = readFileSync(join(out, "summary.csv"), "utf8").split("\r\n");
    expect(csv[0]).toContain("count:__proto__,count:constructor,count:toString");
    expect(csv[1]).toMatch(/,done,1,1,1,1,$/);

    const human = await picterra(["detect", "--detector", detectorId, rasterId, "--out", out], emu);
    expect(human.stdout).toContain(`1 ${SHOWN}`);
    expect(human.stdout).toContain("1 __proto__");
    expectNoControls(human.stdout);
    expectNoControls(human.stderr);
  });

  it("counts keep any class name as a key (unit)", () => {
    const collection = {
      features: ["constructor", "__proto__", "hasOwnProperty"].map((name) => ({
        properties: { class_name: name },
        geometry: { coordinates: [[], []] },
      })),
    };
    const counts = countByClass(collection);
    expect([...counts]).toEqual([
      ["constructor", 2],
      ["__proto__", 2],
      ["hasOwnProperty", 2],
    ]);
    const record = countsRecord(counts);
    expect(JSON.stringify(record)).toBe('{"constructor":2,"__proto__":2,"hasOwnProperty":2}');
    const csv = summaryCsv([
      {
        input: "a.png",
        raster_id: "r",
        operation_id: "o",
        counts: record,
        status: "done",
        files: [],
        error: null,
      },
      {
        input: "b.png",
        raster_id: "r2",
        operation_id: "o2",
        counts: countsRecord(new Map()),
        status: "done",
        files: [],
        error: "=HYPERLINK(1)",
      },
    ]);
    expect(csv.split("\r\n")[2]).toBe("b.png,r2,o2,done,0,0,0,'=HYPERLINK(1)");
  });
});

describe("server file names never choose a path", () => {
  it("plots analyze: report artifacts named like the run's files or outside --out get safe names of their own", async () => {
    const emu = await emulator();
    const hostile = [
      "journal.jsonl",
      "precheck.json",
      "../escape.pdf",
      "Summary.JSON",
      "detections.gpkg",
      "a/b/../../plots-group.geojson",
      `..${EVIL}`,
    ];
    const proxy = await hostileProxy(emu, ({ method }, answer) => {
      if (method !== "GET" || !answer.body.includes('"artifacts"')) return undefined;
      const report = JSON.parse(answer.body) as { artifacts?: Record<string, unknown>[] };
      if (!Array.isArray(report.artifacts) || report.artifacts.length === 0) return undefined;
      const given = report.artifacts;
      report.artifacts = hostile.map((filename, i) => ({ ...given[i % given.length], filename }));
      return { ...answer, body: JSON.stringify(report) };
    });
    const dir = tempDir();
    const plots = plotsAt(dir, [{ id: "P1", at: [-75.6, 4.5] }], "farms.geojson");
    const out = join(dir, "eudr");
    const args = analyzeArgs(plots, out, { methodology: "Coffee - EUDR", report: "eudr_export" });
    const env = { env: { PICTERRA_BASE_URL: proxy.url } };
    const { run, json } = await picterraJson(args, emu, env);
    expect(run.code, run.stderr).toBe(0);
    const names = (json.files as string[]).map((f) => {
      expect(dirname(f)).toBe(out);
      return f.slice(out.length + 1);
    });
    expect(names).toEqual([
      "precheck.json",
      "journal-2.jsonl",
      "precheck-2.json",
      "escape.pdf",
      "Summary-2.JSON",
      "detections-2.gpkg",
      "plots-group-2.geojson",
      "_[31mred_[2J_fake_txt.exe_",
      "plots-group.geojson",
      "plots.csv",
      "plots.csvt",
      "plots.prj",
      "plots.gpkg",
    ]);
    expect(readdirSync(dir).sort()).toEqual(["eudr", "farms.geojson"]);
    expect(JSON.parse(readFileSync(join(out, "journal.jsonl"), "utf8").split("\n")[0]!).journal).toBe(
      "picterra",
    );
    expect(JSON.parse(readFileSync(join(out, "precheck.json"), "utf8"))).toHaveProperty("critical_count");
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).files).toEqual(json.files);

    // A re-run gives every artifact the name it had.
    const again = await picterraJson(args, emu, env);
    expect(again.run.code).toBe(0);
    expect(again.json.files).toEqual(json.files);
    expect(existsSync(join(out, "journal-2-2.jsonl"))).toBe(false);
  });
});
