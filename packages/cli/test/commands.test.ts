import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createdDetector,
  emulator,
  finished,
  geoTiffFile,
  picterra,
  picterraJson,
  pngFile,
  squareFile,
  start,
  tempDir,
  uploadedRaster,
} from "./helpers";

describe("every command group against the emulator", () => {
  it("rasters: upload, list, get, edit, download, detection areas, delete", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const tif = geoTiffFile(dir, "site.tif");
    const folder = (await picterraJson(["folders", "create", "survey"], emu)).json.id as string;
    const upload = await picterraJson(
      ["rasters", "upload", tif, "--folder", folder, "--user-tag", "drone"],
      emu,
    );
    expect(upload.run.code).toBe(0);
    expect(upload.json).toMatchObject({
      failed: 0,
      interrupted: false,
      items: [{ input: tif, status: "done" }],
    });
    const rasterId = upload.json.items[0].raster_id as string;
    expect(emu.state().rasters).toEqual([
      expect.objectContaining({ id: rasterId, name: "site.tif", folderId: folder }),
    ]);

    const list = await picterraJson(["rasters", "list", "--folder", folder], emu);
    expect(list.json).toMatchObject({
      count: 1,
      results: [{ id: rasterId, name: "site.tif", status: "ready" }],
    });
    const table = await picterra(["rasters", "list"], emu);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+STATUS/m);
    expect(table.stdout).toContain(rasterId);
    expect(table.stdout).toContain("1 of 1");

    expect((await picterraJson(["rasters", "get", rasterId], emu)).json).toMatchObject({
      id: rasterId,
      user_tag: "drone",
    });
    expect((await picterra(["rasters", "get", rasterId], emu)).stdout).toMatch(/^name:\s+site\.tif$/m);

    const edit = await picterraJson(
      ["rasters", "edit", rasterId, "--name", "renamed", "--cloud-coverage", "12"],
      emu,
    );
    expect(edit.json).toEqual({ id: rasterId });
    expect(emu.state().rasters[0]).toMatchObject({ name: "renamed", cloudCoverage: 12 });

    const out = join(dir, "downloads");
    const download = await picterraJson(["rasters", "download", rasterId, "--out", out], emu);
    expect(download.json.items[0]).toMatchObject({
      raster_id: rasterId,
      status: "done",
      file: join(out, `${rasterId}.tif`),
    });
    expect(readFileSync(join(out, `${rasterId}.tif`))).toEqual(readFileSync(tif));

    const areas = squareFile(dir, "areas.geojson");
    expect((await picterraJson(["rasters", "detection-areas", "set", rasterId, areas], emu)).run.code).toBe(
      0,
    );
    expect(emu.state().rasters[0]!.detectionAreaCount).toBe(1);
    expect((await picterraJson(["rasters", "detection-areas", "remove", rasterId], emu)).run.code).toBe(0);
    expect(emu.state().rasters[0]!.detectionAreaCount).toBe(0);

    expect((await picterraJson(["rasters", "delete", rasterId], emu)).json).toEqual({ deleted: [rasterId] });
    expect(emu.state().rasters).toEqual([]);
  });

  it("detectors: create, list, get, edit, add-raster, rasters, annotate, train, run, delete; results and operations", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const tif = geoTiffFile(dir, "train.tif");
    const rasterId = await uploadedRaster(emu, tif);
    const { json: created } = await picterraJson(
      ["detectors", "create", "--name", "trees", "--training-steps", "600"],
      emu,
    );
    const detectorId = created.id as string;
    expect(emu.state().detectors[0]).toMatchObject({
      id: detectorId,
      name: "trees",
      configuration: { training_steps: 600 },
    });
    expect((await picterraJson(["detectors", "list"], emu)).json).toMatchObject({
      count: 1,
      results: [{ id: detectorId }],
    });
    expect((await picterraJson(["detectors", "get", detectorId], emu)).json).toMatchObject({
      id: detectorId,
      classes: [{ name: "class_1" }],
    });
    await picterraJson(["detectors", "edit", detectorId, "--name", "palms"], emu);
    expect(emu.state().detectors[0]!.name).toBe("palms");

    expect((await picterraJson(["detectors", "add-raster", detectorId, rasterId], emu)).run.code).toBe(0);
    expect((await picterraJson(["detectors", "rasters", detectorId], emu)).json.results).toEqual([
      expect.objectContaining({ id: rasterId }),
    ]);
    const outline = squareFile(dir, "outline.geojson");
    expect(
      (await picterraJson(["detectors", "annotate", detectorId, rasterId, "outline", outline], emu)).run.code,
    ).toBe(0);
    expect(emu.state().detectors[0]!.annotations).toEqual([
      expect.objectContaining({ type: "outline", count: 1 }),
    ]);
    const bad = await picterra(["detectors", "annotate", detectorId, rasterId, "outlines", outline], emu);
    expect(bad.code).toBe(2);

    const trained = await picterraJson(["detectors", "train", detectorId], emu);
    expect(trained.json).toMatchObject({ status: "success", type: "training" });

    const { json: run } = await picterraJson(["detectors", "run", detectorId, rasterId], emu);
    const operationId = run.operation_id as string;
    expect(emu.state().operations.find((o) => o.id === operationId)).toMatchObject({
      type: "detector_run",
      status: "success",
    });
    const plain = await picterra(["detectors", "run", detectorId, rasterId], emu);
    expect(plain.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);

    const result = join(dir, "result.geojson");
    const { json: downloaded } = await picterraJson(
      ["results", "download", operationId, "--out", result],
      emu,
    );
    expect(downloaded).toMatchObject({
      operation_id: operationId,
      files: [result],
      counts: { class_1: expect.any(Number) },
    });
    const collection = JSON.parse(readFileSync(result, "utf8"));
    expect(collection.features[0].properties.class_name).toBe("class_1");
    expect(collection.features[0].geometry.coordinates).toHaveLength(downloaded.counts.class_1);
    expect((await picterraJson(["results", "get", operationId], emu)).json.by_class).toHaveLength(1);
    expect((await picterraJson(["results", "url", operationId], emu)).json.url).toMatch(
      /^http:\/\/127\.0\.0\.1/,
    );
    expect((await picterraJson(["operations", "get", operationId], emu)).json).toMatchObject({
      status: "success",
    });

    expect((await picterraJson(["detectors", "delete", detectorId], emu)).json).toEqual({
      deleted: [detectorId],
    });
    expect(emu.state().detectors).toEqual([]);
  });

  it("vector layers and markers", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const rasterId = await uploadedRaster(emu, geoTiffFile(dir, "a.tif"));
    const layerFile = squareFile(dir, "layer.geojson");
    const { json: uploaded } = await picterraJson(
      ["vector-layers", "upload", rasterId, layerFile, "--name", "fields", "--color", "#00ff00"],
      emu,
    );
    const layerId = uploaded.id as string;
    expect((await picterraJson(["vector-layers", "list", rasterId], emu)).json.results).toEqual([
      expect.objectContaining({ id: layerId, name: "fields", count: 1 }),
    ]);
    const out = join(dir, "out.geojson");
    await picterraJson(["vector-layers", "download", layerId, "--out", out], emu);
    expect(JSON.parse(readFileSync(out, "utf8")).features).toHaveLength(1);
    expect((await picterraJson(["vector-layers", "url", layerId], emu)).json.url).toMatch(/^http/);
    await picterraJson(["vector-layers", "edit", layerId, "--name", "plots"], emu);
    expect(emu.state().vectorLayers[0]!.name).toBe("plots");
    await picterraJson(["vector-layers", "delete", layerId], emu);
    expect(emu.state().vectorLayers).toEqual([]);

    const { json: marker } = await picterraJson(
      ["markers", "create", rasterId, "--lng", "6.6325", "--lat", "46.5185", "--text", "check this"],
      emu,
    );
    expect(marker).toMatchObject({ text: "check this", marker: { coordinates: [6.6325, 46.5185] } });
    expect((await picterraJson(["markers", "list", rasterId], emu)).json).toMatchObject({ count: 1 });
    expect(
      (await picterra(["markers", "create", rasterId, "--lng", "200", "--lat", "0", "--text", "x"], emu))
        .code,
    ).toBe(2);
  });

  it("a command that makes something prints only its id, so that $(picterra …) captures it", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const folder = (await picterra(["folders", "create", "survey"], emu)).stdout;
    const detector = (await picterra(["detectors", "create", "--name", "palms"], emu)).stdout;
    expect(folder).toMatch(/^[\w-]+\n$/);
    expect(detector).toMatch(/^[\w-]+\n$/);
    expect(emu.state().detectors.map((d) => d.id)).toContain(detector.trim());
    const png = pngFile(dir, "tile.png");
    const raster = (await picterra(["rasters", "upload", png, "--folder", folder.trim()], emu)).stdout;
    const rasterId = emu.state().rasters[0]!.id;
    expect(raster).toContain(rasterId);
    const layerFile = squareFile(dir, "layer.geojson");
    const layer = (await picterra(["vector-layers", "upload", rasterId, layerFile], emu)).stdout;
    expect(layer).toMatch(/^[\w-]+\n$/);
    expect(emu.state().vectorLayers.map((l) => l.id)).toContain(layer.trim());
  });

  it("whoami, folders, grants", async () => {
    const emu = await emulator();
    const dir = tempDir();
    expect((await picterraJson(["whoami"], emu)).json).toMatchObject({
      organization_name: "Emulated organization",
    });
    const folderId = (await picterra(["folders", "create", "plots 2026"], emu)).stdout.trim();
    expect(emu.state().folders.map((f) => f.id)).toContain(folderId);
    const set = await picterraJson(
      [
        "grants",
        "set",
        "folder",
        folderId,
        "--grant",
        "user:u-42=viewer",
        "--grant",
        "organization:o-7=editor",
      ],
      emu,
    );
    expect(set.json.grants).toEqual([
      { grantee: { type: "user", id: "u-42" }, role: "viewer" },
      { grantee: { type: "organization", id: "o-7" }, role: "editor" },
    ]);
    const file = join(dir, "grants.json");
    writeFileSync(
      file,
      JSON.stringify({ grants: [{ grantee: { type: "user", id: "u-1" }, role: "editor" }] }),
    );
    await picterraJson(["grants", "set", "folder", folderId, "--file", file], emu);
    const got = await picterra(["grants", "get", "folder", folderId], emu);
    expect(got.stdout).toMatch(/^user\s+u-1\s+editor$/m);
    expect(
      (await picterra(["grants", "set", "folder", folderId, "--grant", "user:u-1=owner"], emu)).code,
    ).toBe(2);
    expect((await picterra(["grants", "get", "planet", folderId], emu)).code).toBe(2);
  });

  it("emulator: starts, prints the variables to export, stops on SIGTERM", async () => {
    const child = start(["emulator", "--port", "0"]);
    let text = "";
    await new Promise<void>((resolve) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("Ctrl-C stops it")) resolve();
      });
    });
    const line = /export PICTERRA_BASE_URL=(\S+) PICTERRA_API_KEY=(\S+)/.exec(text);
    expect(line).not.toBeNull();
    const ended = finished(child);
    const run = await picterra(["--json", "whoami"], undefined, {
      env: { PICTERRA_BASE_URL: line![1], PICTERRA_API_KEY: line![2] },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).organization_name).toBe("Emulated organization");
    child.kill("SIGTERM");
    expect((await ended).code).toBe(0);
  });

  it("a PNG raster's results in pixels", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const rasterId = await uploadedRaster(emu, pngFile(dir, "photo.png", 1520, 1086));
    const detectorId = await createdDetector(emu);
    const operationId = (await picterraJson(["detectors", "run", detectorId, rasterId], emu)).json
      .operation_id as string;
    const pixels = join(dir, "pixels.geojson");
    await picterraJson(
      ["results", "download", operationId, "--out", join(dir, "r.geojson"), "--pixels", pixels],
      emu,
    );
    const coords = JSON.parse(readFileSync(pixels, "utf8")).features[0].geometry.coordinates.flat(
      3,
    ) as number[];
    expect(Math.min(...coords)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...coords)).toBeLessThanOrEqual(1521);
  });
});
