import { APIError, type Raster, createClient } from "@picterra/core";
import {
  type NongeoInput,
  nongeoResultToPixel,
  nongeoResultToPixelFeatureCollection,
} from "@picterra/nongeo";
import { byId, compactJson, fillList, log } from "./dom";
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
  // A demo against a local emulator only: a real app must never put an API key in a URL (it ends up in
  // history, logs and Referer headers) nor ship one to browsers at all; it calls its own backend, which
  // holds the key and proxies to Picterra.
  const params = new URLSearchParams(location.search);
  const baseUrl = params.get("baseUrl");
  const apiKey = params.get("apiKey");
  if (!baseUrl || !apiKey) {
    throw new Error(
      "open this page with ?baseUrl=<emulator URL>/public/api/v2/&apiKey=<key> (see README.md)",
    );
  }
  // Drop the key from the address bar and the history entry as soon as it is read.
  history.replaceState(null, "", location.pathname);
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
  // core types `bbox` as number[] and turf (nongeo's input type) as a 4- or 6-tuple, so TypeScript will not pass
  // one to the other directly; the value itself is plain GeoJSON that nongeo accepts.
  const geojson = result as NongeoInput;
  const polygons = nongeoResultToPixel(geojson);
  log(`detection ${operationId}: ${polygons.length} polygon(s) in ${result.features.length} class(es)`);

  const image = await createImageBitmap(png);
  const classes = drawResult(
    byId("result", HTMLCanvasElement),
    image,
    nongeoResultToPixelFeatureCollection(geojson),
  );
  byId("legend", HTMLParagraphElement).replaceChildren(
    ...classes.map(({ name, color, polygons: count }) => {
      const item = document.createElement("span");
      item.style.setProperty("--color", color);
      item.textContent = `${name}: ${count}`;
      return item;
    }),
  );
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

function fail(error: unknown): void {
  const message =
    error instanceof APIError
      ? `${error.message} (HTTP ${error.status})`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  byId("error", HTMLElement).textContent = message;
  log(`failed: ${message}`);
  document.body.dataset.state = "error";
}

document.body.dataset.state = "running";
main().then(() => {
  log("done");
  document.body.dataset.state = "done";
}, fail);
