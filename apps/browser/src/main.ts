import { type Raster, createClient } from "@picterra/core";
import { nongeoResultToPixel, nongeoResultToPixelFeatureCollection } from "@picterra/nongeo";
import { byId, compactJson, fillList, log, readApiAccess, runPage, showLegend } from "./dom";
import { drawResult } from "./draw";
import { type PixelBox, outerRingBox, rectsToFeatureCollection } from "./geometry";
import { IMAGE_HEIGHT, IMAGE_WIDTH, OBJECTS, renderScenePng } from "./scene";

/** What the page reports when it is done (in `#summary`), for people and for the browser test. */
interface Summary {
  rasters: { id: string; name: string; status: string }[];
  detections: PixelBox[];
  progressEvents: { loaded: number; total: number | undefined }[];
}

const RASTER_NAME = "browser.png";

async function main(): Promise<void> {
  const { baseUrl, apiKey } = readApiAccess("<emulator URL>/public/api/v2/");
  byId("endpoint", HTMLElement).textContent = baseUrl;

  const picterra = createClient({ apiKey, baseUrl });
  const rastersList = byId("rasters", HTMLUListElement);

  const before = await listRasters();
  log(`${before.length} raster(s) on the server`);
  showRasters(before);

  const png = await renderScenePng();
  log(`drew a ${IMAGE_WIDTH}×${IMAGE_HEIGHT} PNG (${png.size} bytes) with ${OBJECTS.length} objects`);

  const progress = byId("upload-progress", HTMLProgressElement);
  const progressLabel = byId("upload-label", HTMLElement);
  const progressEvents: Summary["progressEvents"] = [];
  const rasterId = await picterra.uploadRaster(png, RASTER_NAME, {
    onProgress: ({ loaded, total }) => {
      progressEvents.push({ loaded, total });
      if (total !== undefined) progress.max = total;
      progress.value = loaded;
      progressLabel.textContent = `${loaded} / ${total ?? "?"} bytes`;
    },
  });
  log(`uploaded ${RASTER_NAME} as raster ${rasterId} (${progressEvents.length} progress events)`);

  const rasters = await listRasters();
  showRasters(rasters);

  const detectorId = await picterra.createDetector({ name: "browser demo", detectionType: "count" });
  await picterra.addRasterToDetector(rasterId, detectorId);
  await picterra.setAnnotations(detectorId, rasterId, "outline", rectsToFeatureCollection(OBJECTS));
  await picterra.setAnnotations(
    detectorId,
    rasterId,
    "training_area",
    rectsToFeatureCollection([{ x: 0, y: 0, width: IMAGE_WIDTH, height: IMAGE_HEIGHT }]),
  );
  log(`created detector ${detectorId} with ${OBJECTS.length} outlines and a training area`);

  const training = await picterra.trainDetector(detectorId);
  log(`trained the detector (status ${training.status})`);

  const operationId = await picterra.runDetector(detectorId, rasterId);
  const result = await picterra.downloadResultFeatureCollection(operationId);
  const polygons = nongeoResultToPixel(result);
  log(`detection ${operationId}: ${polygons.length} polygon(s) in ${result.features.length} class(es)`);

  const image = await createImageBitmap(png);
  const classes = drawResult(
    byId("result", HTMLCanvasElement),
    image,
    nongeoResultToPixelFeatureCollection(result),
  );
  showLegend(classes.map(({ name, color, polygons: count }) => ({ color, text: `${name}: ${count}` })));
  log("drew the detections over the image");

  const summary: Summary = {
    rasters: rasters.map(({ id, name, status }) => ({ id, name, status })),
    detections: polygons.map(outerRingBox),
    progressEvents,
  };
  byId("summary", HTMLPreElement).textContent = compactJson({ ...summary });

  async function listRasters(): Promise<Raster[]> {
    const rasters: Raster[] = [];
    for await (const raster of (await picterra.listRasters()).all()) rasters.push(raster);
    return rasters;
  }

  function showRasters(rasters: readonly Raster[]): void {
    fillList(
      rastersList,
      rasters.map((r) => `${r.name} · ${r.status} · ${r.id}`),
      "(none)",
    );
  }
}

runPage(main);
