import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createdDetector, emulator, geoTiffFile, picterra, picterraJson, pngFile, tempDir } from "./helpers";

describe("picterra detect", () => {
  it("uploads files, runs the detector on them and on raster ids, writes results, pixels and a summary", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const files = [pngFile(dir, "a.png"), pngFile(dir, "b.jpg.png"), geoTiffFile(dir, "c.tif")];
    const existing = emu.seedRasters(1)[0]!;
    const detectorId = await createdDetector(emu);
    const out = join(dir, "out");
    const { run, json } = await picterraJson(
      ["detect", "--detector", detectorId, ...files, existing, "--out", out, "--concurrency", "2"],
      emu,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(json).toMatchObject({ detector_id: detectorId, done: 4, failed: 0, interrupted: false });
    expect(json.items.map((i: { input: string }) => i.input)).toEqual([...files, existing]);
    for (const item of json.items) {
      expect(item).toMatchObject({
        status: "done",
        raster_id: expect.any(String),
        operation_id: expect.any(String),
      });
      expect(item.counts.class_1).toBeGreaterThan(0);
      for (const file of item.files) expect(existsSync(file)).toBe(true);
    }
    expect(json.items[0].files).toEqual([join(out, "a.geojson"), join(out, "a.pixels.geojson")]);
    expect(json.items[2].files).toEqual([join(out, "c.geojson")]);
    expect(json.items[3]).toMatchObject({ raster_id: existing, files: [join(out, `${existing}.geojson`)] });
    // The result file holds what the summary counted.
    const collection = JSON.parse(readFileSync(join(out, "c.geojson"), "utf8"));
    expect(collection.features[0].geometry.coordinates).toHaveLength(json.items[2].counts.class_1);

    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).toEqual(json);
    const csv = readFileSync(join(out, "summary.csv"), "utf8").trim().split("\r\n");
    expect(csv[0]).toBe("input,raster_id,operation_id,status,count:class_1,error");
    expect(csv).toHaveLength(5);
    expect(csv[3]).toBe(
      `${files[2]},${json.items[2].raster_id},${json.items[2].operation_id},done,${json.items[2].counts.class_1},`,
    );

    // The same command again: everything comes from the journal.
    const runs = emu.state().operations.filter((o) => o.type === "detector_run").length;
    const again = await picterraJson(
      ["detect", "--detector", detectorId, ...files, existing, "--out", out],
      emu,
    );
    expect(again.run.code).toBe(0);
    expect(again.json.items.map((i: { raster_id: string }) => i.raster_id)).toEqual(
      json.items.map((i: { raster_id: string }) => i.raster_id),
    );
    expect(emu.state().rasters).toHaveLength(4);
    expect(emu.state().operations.filter((o) => o.type === "detector_run")).toHaveLength(runs);
  });

  it("prints plain progress lines when stderr is not a terminal, and a table", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detectorId = await createdDetector(emu);
    const run = await picterra(
      [
        "detect",
        "--detector",
        detectorId,
        pngFile(dir, "x.png"),
        pngFile(dir, "y.png"),
        "--out",
        join(dir, "o"),
      ],
      emu,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^\[1\/2\] [xy]\.png: raster \S+, \d+ class_1$/m);
    expect(run.stderr).toMatch(/^\[2\/2\] /m);
    expect(run.stdout).toMatch(/^INPUT\s+RASTER\s+STATUS\s+OBJECTS$/m);
    expect(run.stdout).toContain("2 done, 0 failed");
  });

  it("a failed item fails the run (exit 1) but not the others", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detectorId = await createdDetector(emu);
    const { run, json } = await picterraJson(
      ["detect", "--detector", detectorId, pngFile(dir, "ok.png"), "no-such-raster", "--out", join(dir, "o")],
      emu,
    );
    expect(run.code).toBe(1);
    expect(json).toMatchObject({ done: 1, failed: 1 });
    expect(json.items[1]).toMatchObject({
      input: "no-such-raster",
      status: "failed",
      error: expect.stringMatching(/does not exist/),
    });
    expect(readdirSync(join(dir, "o")).filter((f) => f.endsWith(".part"))).toEqual([]);
  });
});
