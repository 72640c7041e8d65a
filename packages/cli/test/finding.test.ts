import { describe, expect, it } from "vitest";
import { emulator, geoTiffFile, picterra, picterraJson, squareFile, tempDir } from "./helpers";

describe("finding things", () => {
  it("folders list (with --search) and folders get", async () => {
    const emu = await emulator();
    const survey = (await picterra(["folders", "create", "Drone survey"], emu)).stdout.trim();
    await picterra(["folders", "create", "Orchard"], emu);
    const { json } = await picterraJson(["folders", "list", "--search", "drone"], emu);
    expect(json).toEqual({
      count: 1,
      results: [{ id: survey, name: "Drone survey", created_at: expect.any(String) }],
    });
    const table = await picterra(["folders", "list"], emu);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+CREATED$/m);
    expect(table.stdout).toContain("Picterra API Project");
    expect(table.stdout).toMatch(/^3 of 3$/m);
    const one = await picterra(["folders", "get", survey], emu);
    expect(one.stdout).toMatch(/^name:\s+Drone survey$/m);
    const missing = await picterra(["folders", "get", "nope"], emu);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404/);
  });

  it("detectors list --runnable keeps the trained ones; with --folder it is bad usage", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const trained = (await picterra(["detectors", "create", "--name", "trained"], emu)).stdout.trim();
    const fresh = (await picterra(["detectors", "create", "--name", "fresh"], emu)).stdout.trim();
    const rasterId = (await picterraJson(["rasters", "upload", geoTiffFile(dir, "t.tif")], emu)).json.items[0]
      .raster_id;
    await picterra(["detectors", "add-raster", trained, rasterId], emu);
    const outline = squareFile(dir, "outline.geojson", 6.632, 46.518, 0.0005);
    expect((await picterra(["detectors", "annotate", trained, rasterId, "outline", outline], emu)).code).toBe(
      0,
    );
    expect((await picterra(["detectors", "train", trained], emu)).code).toBe(0);
    const runnable = await picterraJson(["detectors", "list", "--runnable"], emu);
    expect(runnable.json.results.map((d: { id: string }) => d.id)).toEqual([trained]);
    const all = await picterraJson(["detectors", "list"], emu);
    expect(all.json.results.map((d: { id: string }) => d.id)).toEqual([trained, fresh]);
    const requests = emu.stats().requests;
    const both = await picterra(["detectors", "list", "--runnable", "--folder", "f"], emu);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--runnable filters the list of every detector/);
    expect(emu.stats().requests).toBe(requests);
  });
});
