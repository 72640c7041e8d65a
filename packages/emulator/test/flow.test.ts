import { OperationFailedError, type PicterraClient } from "@picterra/core";
import { fromArrayBuffer } from "geotiff";
import { describe, expect, it } from "vitest";
import {
  boxes,
  call,
  client,
  emulator,
  geoTiff,
  jpeg,
  lonLatToPixel,
  pixelToLonLat,
  png,
  rasterState,
} from "./helpers";

type Polygon = [number, number][][];

/** Every polygon of a detection result, per class. */
async function detections(picterra: PicterraClient, opId: string): Promise<Record<string, Polygon[]>> {
  const fc = await picterra.downloadResultFeatureCollection(opId);
  const out: Record<string, Polygon[]> = {};
  for (const f of fc.features) {
    out[f.properties.class_name] = (f.geometry as unknown as { coordinates: Polygon[] }).coordinates;
  }
  return out;
}

function inside([w, s, e, n]: number[], polygons: Polygon[]): boolean {
  return polygons.every((p) => p[0]!.every(([x, y]) => x >= w! && x <= e! && y >= s! && y <= n!));
}

describe("the full flow on a GeoTIFF", () => {
  it("uploads, annotates, trains and runs; detections follow the outlines inside the footprint", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const folderId = await picterra.createFolder("Farm");
    const tif = geoTiff(200, 100, { epsg: 4326, origin: [8.5, 47.4], pixel: 0.0001 });
    const rasterId = await picterra.uploadRaster(tif, "farm.tif", { folderId: folderId, cloudCoverage: 5 });
    expect(await picterra.getRaster(rasterId)).toEqual({
      id: rasterId,
      name: "farm.tif",
      status: "ready",
      folder_id: folderId,
      captured_at: null,
      identity_key: null,
      multispectral: true,
      cloud_coverage: 5,
      user_tag: null,
      footprint: { type: "Polygon", coordinates: [expect.any(Array)] },
    });
    const state = rasterState(emu, rasterId);
    expect([state.width, state.height, state.georeferenced]).toEqual([200, 100, true]);
    for (const [i, v] of state.bounds!.entries()) expect(v).toBeCloseTo([8.5, 47.39, 8.52, 47.4][i]!, 10);

    const detectorId = await picterra.createDetector({ name: "cows", outputType: "polygon" });
    await picterra.addRasterToDetector(rasterId, detectorId);
    const outlines = boxes(
      [
        [8.501, 47.391, 8.502, 47.392],
        [8.51, 47.395, 8.512, 47.398],
      ],
      { class_name: "cow" },
    );
    await picterra.setAnnotations(detectorId, rasterId, "outline", outlines);
    await picterra.setAnnotations(detectorId, rasterId, "training_area", boxes([[8.5, 47.39, 8.52, 47.4]]));
    await picterra.setAnnotations(
      detectorId,
      rasterId,
      "validation_area",
      boxes([[8.509, 47.394, 8.513, 47.399]]),
    );

    const training = await picterra.trainDetector(detectorId);
    expect(training.status).toBe("success");
    expect(training.type).toBe("training");
    const score = training.results!.score!;
    expect(score).toBeGreaterThanOrEqual(50);
    expect(score).toBeLessThanOrEqual(95);
    expect(training.results!.stats).toEqual({
      rasters_count: 1,
      training_areas_count: 1,
      assessment_areas_count: 0,
      validation_areas_count: 1,
      total_annotations_count: 2,
      training_annotations_count: 1,
      validation_annotations_count: 1,
    });
    expect((await picterra.getDetector(detectorId)).is_runnable).toBe(true);
    // The score depends on the dataset and settings only: training again gives the same one.
    expect((await picterra.trainDetector(detectorId)).results!.score).toBe(score);

    const opId = await picterra.runDetector(detectorId, rasterId);
    const operation = await picterra.getOperation(opId);
    expect(operation).toMatchObject({
      id: opId,
      type: "detector_run",
      status: "success",
      metadata: { raster_id: rasterId, detector_id: detectorId, folder_id: folderId },
    });
    const found = await detections(picterra, opId);
    // Run on its own training image, the detector finds exactly its outlines.
    expect(found).toEqual({ cow: outlines.features.map((f) => f.geometry.coordinates) });

    const all = await (await picterra.downloadOperationResults(opId)).json();
    expect(all).toEqual({ type: "MultiPolygon", coordinates: found.cow });

    // The run made a vector layer per class on the raster.
    const layers = await picterra.listRasterVectorLayers(rasterId, { detectorId });
    expect(layers.results.map((l) => [l.name, l.count])).toEqual([["cows - cow", 2]]);
    expect(operation.results!.by_class![0]!.result.vector_layer_id).toBe(layers.results[0]!.id);
    expect((await picterra.listFolderDetectors(folderId)).results.map((d) => d.id)).toEqual([detectorId]);

    // On another raster (EPSG:3857), the outlines go to the same relative place.
    const other = await picterra.uploadRaster(
      geoTiff(100, 100, { epsg: 3857, origin: [1_000_000, 6_000_000], pixel: 10 }),
      "other.tif",
    );
    const otherBounds = rasterState(emu, other).bounds!;
    const moved = (await detections(picterra, await picterra.runDetector(detectorId, other))).cow!;
    expect(moved).toHaveLength(2);
    expect(inside(otherBounds, moved)).toBe(true);
    const [w, s, e, n] = otherBounds;
    const [x0, y0] = moved[0]![0]![0]!;
    expect(x0).toBeCloseTo(w! + 0.05 * (e! - w!), 9);
    expect((y0 - s!) / (n! - s!)).toBeCloseTo(0.1, 3);
  });

  it("finds a deterministic grid of boxes inside the footprint when the detector has no outlines", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const rasterId = await picterra.uploadRaster(
      geoTiff(50, 50, { epsg: 4326, origin: [10, 20], pixel: 0.001 }),
      "grid",
    );
    const detectorId = await picterra.createDetector();
    const first = await detections(picterra, await picterra.runDetector(detectorId, rasterId));
    const second = await detections(picterra, await picterra.runDetector(detectorId, rasterId));
    // Without outlines, the detections fall in the detector's default class.
    expect(Object.keys(first)).toEqual(["class_1"]);
    expect([4, 9]).toContain(first.class_1!.length);
    expect(inside([10, 19.95, 10.05, 20], first.class_1!)).toBe(true);
    expect(second).toEqual(first);
  });

  it("keeps detections to the raster's detection areas, and to boxes for bbox detectors", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const rasterId = await picterra.uploadRaster(
      geoTiff(100, 100, { epsg: 4326, origin: [0, 1], pixel: 0.01 }),
      "r",
    );
    const detectorId = await picterra.createDetector({ outputType: "bbox" });
    await picterra.addRasterToDetector(rasterId, detectorId);
    const triangle = {
      type: "FeatureCollection" as const,
      features: [
        {
          type: "Feature" as const,
          properties: {},
          geometry: {
            type: "Polygon" as const,
            coordinates: [
              [
                [0.1, 0.1],
                [0.3, 0.1],
                [0.2, 0.3],
                [0.1, 0.1],
              ],
            ],
          },
        },
        ...boxes([[0.7, 0.7, 0.8, 0.8]]).features,
      ],
    };
    await picterra.setAnnotations(detectorId, rasterId, "outline", triangle);
    await picterra.setRasterDetectionAreas(rasterId, boxes([[0, 0, 0.5, 0.5]]));
    expect(rasterState(emu, rasterId).detectionAreaCount).toBe(1);
    const clipped = await detections(picterra, await picterra.runDetector(detectorId, rasterId));
    expect(clipped).toEqual({ class_1: [boxes([[0.1, 0.1, 0.3, 0.3]]).features[0]!.geometry.coordinates] });

    await picterra.removeRasterDetectionAreas(rasterId);
    const whole = await detections(picterra, await picterra.runDetector(detectorId, rasterId));
    expect(whole.class_1).toHaveLength(2);
  });
});

describe("non-georeferenced images", () => {
  it("places a PNG as PROTOCOL.md says and detects in that placement", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const rasterId = await picterra.uploadRaster(png(1520, 1086), "photo.png");
    const state = rasterState(emu, rasterId);
    expect([state.width, state.height, state.georeferenced]).toEqual([1520, 1086, false]);
    const [w, s, e, n] = state.bounds!;
    expect([w, n]).toEqual([0, 0]);
    const [x, y] = lonLatToPixel([e, s]);
    expect(x).toBeCloseTo(1520, 6);
    expect(y).toBeCloseTo(1086, 6);
    // PROTOCOL.md's check value: (lat −0.00097539, lng 0.00136530) rounds to pixel (1520, 1086).
    expect(lonLatToPixel([0.0013653, -0.00097539]).map(Math.round)).toEqual([1520, 1086]);

    const detectorId = await picterra.createDetector();
    await picterra.addRasterToDetector(rasterId, detectorId);
    const pixelBoxes: [number, number, number, number][] = [
      [100, 200, 300, 400],
      [1000, 50, 1500, 1000],
    ];
    const outline = boxes(
      pixelBoxes.map(([x0, y0, x1, y1]) => {
        const [lw, ls] = pixelToLonLat([x0, y1]);
        const [le, ln] = pixelToLonLat([x1, y0]);
        return [lw, ls, le, ln];
      }),
    );
    await picterra.setAnnotations(detectorId, rasterId, "outline", outline);
    await picterra.trainDetector(detectorId);
    const found = (await detections(picterra, await picterra.runDetector(detectorId, rasterId))).class_1!;
    const pixels = found.map((p) => p[0]!.map((pt) => lonLatToPixel(pt)));
    expect(pixels[0]![0]![0]).toBeCloseTo(100, 6);
    expect(pixels[0]![0]![1]).toBeCloseTo(400, 6);
    expect(pixels[1]![2]![0]).toBeCloseTo(1500, 6);
    expect(pixels[1]![2]![1]).toBeCloseTo(50, 6);

    // On a PNG half the size, the same outlines land at half the pixel coordinates.
    const half = await picterra.uploadRaster(png(760, 543), "half.png");
    const scaled = (await detections(picterra, await picterra.runDetector(detectorId, half))).class_1!;
    const [hx, hy] = lonLatToPixel(scaled[0]![0]![0]!);
    expect(hx).toBeCloseTo(50, 4);
    expect(hy).toBeCloseTo(200, 4);
  });

  it("reads a JPEG's size from its SOF marker", async () => {
    const emu = await emulator();
    const rasterId = await client(emu).uploadRaster(jpeg(300, 200), "photo.jpg");
    const state = rasterState(emu, rasterId);
    expect([state.status, state.width, state.height, state.georeferenced]).toEqual([
      "ready",
      300,
      200,
      false,
    ]);
  });
});

describe("operations that fail", () => {
  it("fails training without outline annotations, and without training rasters", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const detectorId = await picterra.createDetector();
    const none = await picterra.trainDetector(detectorId).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(OperationFailedError);
    expect((none as OperationFailedError).message).toContain("the detector has no training rasters");

    const rasterId = await picterra.uploadRaster(png(10, 10), "r");
    await picterra.addRasterToDetector(rasterId, detectorId);
    await picterra.setAnnotations(detectorId, rasterId, "training_area", boxes([[0, -0.00001, 0.00001, 0]]));
    const error = await picterra.trainDetector(detectorId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationFailedError);
    const body = (error as OperationFailedError).body as { status: string; type: string; errors: unknown };
    expect(body).toMatchObject({
      status: "failed",
      type: "training",
      errors: [{ code: "no_outlines", message: "the detector has no outline annotations to learn from" }],
    });
    expect((await picterra.getDetector(detectorId)).is_runnable).toBe(false);
  });

  it("fails a raster commit whose bytes never came, or are not an image", async () => {
    const emu = await emulator();
    const created = (await call(emu, "POST", "rasters/upload/file/", { json: { name: "never" } })).body as {
      raster_id: string;
    };
    const ref = (await call(emu, "POST", `rasters/${created.raster_id}/commit/`)).body as {
      operation_id: string;
    };
    const picterra = client(emu);
    const error = await picterra.waitForOperation({ ...ref, poll_interval: 0 }).catch((e: unknown) => e);
    expect((error as OperationFailedError).message).toContain("the file was never uploaded");
    expect((await picterra.getRaster(created.raster_id)).status).toBe("failed");
    const again = await call(emu, "POST", `rasters/${created.raster_id}/commit/`);
    expect(again).toMatchObject({
      status: 400,
      body: { detail: "This raster upload was already committed." },
    });

    const garbage = await picterra
      .uploadRaster(new TextEncoder().encode("not an image at all"), "x")
      .catch((e) => e);
    expect((garbage as OperationFailedError).message).toContain("not a readable TIFF, PNG or JPEG");
  });

  it("fails an annotations file that is not a FeatureCollection, and detection areas that are not polygons", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const rasterId = await picterra.uploadRaster(png(10, 10), "r");
    const detectorId = await picterra.createDetector();
    await picterra.addRasterToDetector(rasterId, detectorId);
    const base = `detectors/${detectorId}/training_rasters/${rasterId}/outline/upload/bulk/`;
    const target = (await call(emu, "POST", base)).body as { upload_url: string; upload_id: string };
    await fetch(target.upload_url, {
      method: "PUT",
      body: JSON.stringify({ type: "Feature", geometry: null }),
    });
    const ref = (await call(emu, "POST", `${base}${target.upload_id}/commit/`)).body as {
      operation_id: string;
      poll_interval: number;
    };
    const error = await picterra.waitForOperation(ref).catch((e: unknown) => e);
    expect((error as OperationFailedError).message).toContain("the file is not a GeoJSON FeatureCollection");

    const points = JSON.stringify({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [0, 0] } }],
    });
    const areas = await picterra
      .setRasterDetectionAreas(rasterId, new TextEncoder().encode(points))
      .catch((e: unknown) => e);
    expect((areas as OperationFailedError).message).toContain("features[0] is not a Polygon or MultiPolygon");
  });
});

describe("operations", () => {
  it("stay running for pollsUntilDone GETs, then end", async () => {
    const emu = await emulator({ pollsUntilDone: 3, pollInterval: 1.5 });
    const detector = (await call(emu, "POST", "detectors/", { json: {} })).body as { id: string };
    const ref = (await call(emu, "POST", `detectors/${detector.id}/dataset_recommendation/`)).body as {
      operation_id: string;
      poll_interval: number;
    };
    expect(ref.poll_interval).toBe(1.5);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        ((await call(emu, "GET", `operations/${ref.operation_id}/`)).body as { status: string }).status,
      );
    }
    expect(statuses).toEqual(["running", "running", "running", "success", "success"]);
    expect(emu.state().operations[0]).toMatchObject({
      type: "dataset_recommendation",
      polls: 4,
      errors: null,
    });
  });

  it("runs dataset recommendation; advanced tools are gone, as on Picterra since 2026", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const picterra = client(emu);
    const detectorId = await picterra.createDetector();
    expect((await picterra.runDatasetRecommendation(detectorId)).status).toBe("success");
    const tool = await call(emu, "POST", "advanced_tools/tool-1/run/", { json: { inputs: {}, outputs: {} } });
    expect([tool.status, tool.body]).toEqual([404, { detail: "Not found." }]);
  });
});

describe("vector layers, markers, imports, edits", () => {
  it("uploads a vector layer, served in chunks, edits and deletes it", async () => {
    const emu = await emulator({ vectorLayerChunkSize: 2 });
    const picterra = client(emu);
    const [rasterId] = emu.seedRasters(1);
    const features = boxes(
      [0, 1, 2, 3, 4].map((i) => [i, 0, i + 0.5, 0.5]),
      null,
    ).features.map((f, i) => ({
      ...f,
      properties: { n: i },
    }));
    const layerId = await picterra.uploadVectorLayer(
      rasterId!,
      { type: "FeatureCollection", features },
      { name: "fields", color: "#aabbcc" },
    );
    const layer = await picterra.getVectorLayer(layerId);
    expect(layer).toMatchObject({
      id: layerId,
      name: "fields",
      raster_id: rasterId,
      count: 5,
      color: "#aabbcc",
    });
    expect(layer.geojson_urls).toHaveLength(3);
    const merged = await picterra.downloadVectorLayer(layerId);
    expect(merged.features.map((f) => f.properties?.n)).toEqual([0, 1, 2, 3, 4]);

    await picterra.editVectorLayer(layerId, { name: "plots", color: "#000000" });
    expect((await picterra.listRasterVectorLayers(rasterId!, { search: "PLO" })).results).toMatchObject([
      { id: layerId, name: "plots", color: "#000000", count: 5, detector_id: null },
    ]);
    await picterra.deleteVectorLayer(layerId);
    expect((await call(emu, "GET", `vector_layers/${layerId}/`)).status).toBe(404);
  });

  it("creates markers on rasters and on a detector's training rasters", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const [rasterId, otherId] = emu.seedRasters(2);
    const detectorId = await picterra.createDetector();
    await picterra.addRasterToDetector(rasterId!, detectorId);
    const plain = await picterra.createMarker(rasterId!, null, 8.5, 47.3, "look");
    expect(plain).toMatchObject({
      marker: { type: "Point", coordinates: [8.5, 47.3] },
      text: "look",
      raster_id: rasterId,
      detector_id: null,
    });
    const onDetector = await picterra.createMarker(rasterId!, detectorId, 8.501, 47.301, "here");
    expect(onDetector.detector_id).toBe(detectorId);
    const listed = await picterra.listRasterMarkers(rasterId!);
    expect(listed.results.map((m) => m.text)).toEqual(["look", "here"]);
    const notTraining = await picterra.createMarker(otherId!, detectorId, 0, 0, "x").catch((e) => e);
    expect(notTraining.status).toBe(404);
  });

  it("imports a raster from a remote source over an area of interest", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const folderId = await picterra.createFolder("imports");
    const rasterId = await picterra.importRasterFromRemoteSource(
      "imported",
      folderId,
      "source-1",
      boxes([[6, 46, 6.02, 46.01]]),
    );
    expect(await picterra.getRaster(rasterId)).toMatchObject({
      name: "imported",
      status: "ready",
      folder_id: folderId,
    });
    const tiff = await fromArrayBuffer(await (await picterra.downloadRaster(rasterId)).arrayBuffer());
    const box = (await tiff.getImage()).getBoundingBox();
    for (const [i, v] of [6, 46, 6.02, 46.01].entries()) expect(box[i]).toBeCloseTo(v, 9);

    const badFolder = await call(emu, "POST", "rasters/import/x/commit/", {
      json: { method: "streaming", source_id: "s", folder_id: "f", name: "n" },
    });
    expect(badFolder.status).toBe(404);
  });

  it("edits and deletes rasters, dropping them from detectors", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const folderId = await picterra.createFolder("moved");
    const [rasterId] = emu.seedRasters(1);
    const detectorId = await picterra.createDetector();
    await picterra.addRasterToDetector(rasterId!, detectorId);
    expect(
      await picterra.editRaster(rasterId!, {
        name: "renamed",
        folderId: folderId,
        identityKey: "k1",
        capturedAt: "2021-05-06T07:08:09+02:00",
        multispectralBandSpecification: { ranges: [[0, 1]], vizbands: [0] },
      }),
    ).toBe(rasterId);
    expect(await picterra.getRaster(rasterId!)).toMatchObject({
      name: "renamed",
      folder_id: folderId,
      identity_key: "k1",
      captured_at: "2021-05-06T05:08:09.000Z",
    });
    const badFolder = await call(emu, "PUT", `rasters/${rasterId}/`, { json: { folder_id: "nope" } });
    expect(badFolder.body).toEqual({ folder_id: ['Invalid pk "nope" - object does not exist.'] });
    await picterra.deleteRaster(rasterId!);
    expect((await picterra.listDetectorRasters(detectorId)).count).toBe(0);
  });
});
