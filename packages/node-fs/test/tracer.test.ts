import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ValidationError } from "@picterra/core";
import { type Emulator, startEmulator } from "@picterra/emulator";
import { type TracerClient, createTracerClient } from "@picterra/tracer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as subpath from "../src/tracer-entry";
import {
  createPlotsGroup,
  downloadPlotsAnalysisReportArtifactToFile,
  downloadPlotsGroupToFile,
  updatePlotsGroupPlots,
} from "../src/index";
import { listDir, tempDir } from "./helpers";

// Tracer's file functions against the emulator: plots files streamed from disk, exports streamed to disk.

let emu: Emulator;
let tracer: TracerClient;
let dir: string;
let cleanup: () => Promise<void>;
let coffee: string;

beforeAll(async () => {
  emu = await startEmulator({ pollInterval: 0.001 });
  tracer = createTracerClient({ apiKey: emu.apiKey, baseUrl: emu.siteUrl });
  ({ dir, cleanup } = await tempDir());
  const found = await tracer.listMethodologies({ search: "coffee" });
  coffee = found.results[0]!.id;
});
afterAll(async () => {
  await emu.close();
  await cleanup();
});

const square = (west: number, south: number, size = 0.001) => [
  [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ],
];
const plots = (...ids: [string, number, number][]) => ({
  type: "FeatureCollection",
  features: ids.map(([plot_id, w, s]) => ({
    type: "Feature",
    properties: { plot_id },
    geometry: { type: "Polygon", coordinates: square(w, s) },
  })),
});

async function plotsFile(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

describe("Tracer's file functions", () => {
  it("createPlotsGroup streams each file, named by its base name; updatePlotsGroupPlots merges or replaces", async () => {
    const north = await plotsFile("north.geojson", plots(["N-1", 10, 10], ["N-2", 10.01, 10]));
    const south = await plotsFile("south.geojson", plots(["S-1", 10, 9.9]));
    const groupId = await createPlotsGroup(tracer, "farms", coffee, [north, south], {
      columns: { owner: "A" },
    });
    const group = emu.state().tracer.plotsGroups.find((g) => g.id === groupId)!;
    expect([...group.plotIds].sort()).toEqual(["N-1", "N-2", "S-1"]);
    const uploads = emu.state().uploads.filter((u) => u.kind === "tracer_file");
    expect(uploads.length).toBeGreaterThanOrEqual(2);

    const extra = await plotsFile("extra.geojson", plots(["E-1", 11, 11]));
    await updatePlotsGroupPlots(tracer, groupId, [extra]);
    expect(emu.state().tracer.plotsGroups.find((g) => g.id === groupId)!.plotIds).toHaveLength(4);
    await updatePlotsGroupPlots(tracer, groupId, [extra], { deleteExistingPlots: true });
    expect(emu.state().tracer.plotsGroups.find((g) => g.id === groupId)!.plotIds).toEqual(["E-1"]);

    const geojson = join(dir, "export.geojson");
    const excel = join(dir, "export.xlsx");
    await downloadPlotsGroupToFile(tracer, groupId, "geojson", geojson);
    await downloadPlotsGroupToFile(tracer, groupId, "excel", excel);
    const exported = JSON.parse(await readFile(geojson, "utf8")) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(exported.features.map((f) => f.properties.plot_id)).toEqual(["E-1"]);
    expect((await readFile(excel)).subarray(0, 2).toString()).toBe("PK");
    expect((await listDir(dir)).filter((name) => name.endsWith(".part"))).toEqual([]);
  });

  it("refuses a missing file, a file that is not plots, and an empty list, before any request", async () => {
    const before = emu.stats().requests;
    const noId = await plotsFile("no-id.geojson", {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: square(0, 0) } },
      ],
    });
    const points = await plotsFile("points.geojson", {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { plot_id: "P" }, geometry: { type: "Point", coordinates: [0, 0] } },
      ],
    });
    const cases: [() => Promise<unknown>, string][] = [
      [() => createPlotsGroup(tracer, "g", coffee, [join(dir, "missing.geojson")]), "does not exist"],
      [() => createPlotsGroup(tracer, "g", coffee, [noId]), "properties.plot_id must be a non-empty string"],
      [() => updatePlotsGroupPlots(tracer, "g1", [points]), "expected Polygon or MultiPolygon"],
      [() => createPlotsGroup(tracer, "g", coffee, []), "filenames must be a non-empty array"],
      [
        () => downloadPlotsGroupToFile(tracer, "g1", "geojson", join(dir, "nowhere", "x.geojson")),
        "does not exist",
      ],
    ];
    for (const [call, message] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(message);
    }
    expect(emu.stats().requests).toBe(before);
  });

  it("are the same functions from @picterra/node-fs/tracer", () => {
    expect(subpath.createPlotsGroup).toBe(createPlotsGroup);
    expect(subpath.updatePlotsGroupPlots).toBe(updatePlotsGroupPlots);
    expect(subpath.downloadPlotsGroupToFile).toBe(downloadPlotsGroupToFile);
    expect(subpath.downloadPlotsAnalysisReportArtifactToFile).toBe(downloadPlotsAnalysisReportArtifactToFile);
  });
});

describe("downloadPlotsAnalysisReportArtifactToFile", () => {
  it("streams the artifact from its signed URL to the file, without the key, atomically; a bad URL is refused first", async () => {
    const chunk = Buffer.alloc(256 * 1024, 7);
    const keys: (string | undefined)[] = [];
    const storage = createServer((req, res) => {
      keys.push(req.headers["x-api-key"] as string | undefined);
      res.writeHead(200, { "content-type": "application/pdf" });
      for (let i = 0; i < 12; i++) res.write(chunk);
      res.end();
    });
    storage.listen(0, "127.0.0.1");
    await once(storage, "listening");
    try {
      const { port } = storage.address() as AddressInfo;
      const target = join(dir, "report.pdf");
      const artifact = {
        filename: "report.pdf",
        download_url: `http://127.0.0.1:${port}/r.pdf?sig=s3cr3t-sig`,
      };
      await downloadPlotsAnalysisReportArtifactToFile(tracer, artifact, target);
      const written = await readFile(target);
      expect(written.byteLength).toBe(12 * chunk.byteLength);
      expect(written.every((byte) => byte === 7)).toBe(true);
      expect(keys).toEqual([undefined]);
      expect((await listDir(dir)).filter((name) => name.endsWith(".part"))).toEqual([]);
      const error = await downloadPlotsAnalysisReportArtifactToFile(tracer, {}, join(dir, "x.pdf")).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain("artifact.download_url must be a string");
      expect(keys).toHaveLength(1);
    } finally {
      storage.closeAllConnections();
      storage.close();
    }
  });
});
