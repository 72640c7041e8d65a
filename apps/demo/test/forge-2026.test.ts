import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@picterra/emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDemoClients } from "../src/client";
import type { DemoContext } from "../src/context";
import { setOutlinesByClassId } from "../src/forge-2026";
import { drawScene, encodePng, outlineCollection, pngLngLat } from "../src/sample-data";
import { createSteps } from "../src/steps";

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, pollInterval: 0 });
  dir = await mkdtemp(join(tmpdir(), "demo-classes-"));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

it("keeps the outlines as they are when the detector has no tree class", async () => {
  const { client, tracer } = createDemoClients({ apiKey: emulator.apiKey, baseUrl: emulator.siteUrl });
  const log: string[] = [];
  const ctx: DemoContext = {
    client,
    tracer,
    outDir: dir,
    work: dir,
    name: "classes",
    log: (line) => log.push(line),
    progress: () => undefined,
    steps: createSteps((line) => log.push(line)),
    exactDetections: true,
  };
  const rasterId = await client.uploadRaster(encodePng(drawScene()), "scene.png");
  const detectorId = await client.createDetector();
  await client.addRasterToDetector(rasterId, detectorId);
  // Buildings only: the detector gets a "building" class, and none for trees.
  const outlines = outlineCollection(pngLngLat);
  const buildings = {
    ...outlines,
    features: outlines.features.filter((f) => f.properties.class_name === "building"),
  };
  await client.setAnnotations(detectorId, rasterId, "outline", buildings);
  const file = join(dir, "outline.geojson");
  await writeFile(file, JSON.stringify(outlines));

  const used = await setOutlinesByClassId(ctx, detectorId, rasterId, file);

  expect(used.classes.map((c) => c.name)).toEqual(["class_1", "building"]);
  expect(used).toMatchObject({ treeClassId: null, treeOutlines: 0 });
  expect(log).toContain(
    `✓ set the tree outlines by class id — skipped: the detector has no "tree" class (make it in Picterra's web interface)`,
  );
  const detector = emulator.state().detectors.find((d) => d.id === detectorId)!;
  expect(detector.annotations.filter((a) => a.type === "outline").map((a) => a.count)).toEqual([3]);
});
