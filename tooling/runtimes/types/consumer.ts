// A program as a user writes it against the published packages' types: type-checked (never run) under
// TypeScript 5.9 and 7, `nodenext` and `bundler` resolution, `--strict`. Every line that states a type would
// fail if the packages' types went `any` or changed shape; the `@ts-expect-error` lines fail if they stopped
// catching a mistake.
import {
  APIError,
  type ClientOptions,
  type FeatureCollection,
  type MultiPolygon,
  OperationFailedError,
  PicterraError,
  type Polygon,
  type Raster,
  type ResultsPage,
  UploadError,
  type UserInfo,
  ValidationError,
  createClient,
} from "@picterra/core";
import { NongeoInputError, type PixelPolygon, nongeoResultToPixel } from "@picterra/nongeo";
import {
  createPlotsGroup as createPlotsGroupFromFiles,
  downloadRasterToFile,
  uploadRaster,
} from "@picterra/node-fs";
import { downloadPlotsGroupToFile } from "@picterra/node-fs/tracer";
import { type RetryOptions, retry, retryingFetch } from "@picterra/retry";
import { type Methodology, type TracerClient, createTracerClient } from "@picterra/tracer";
import { featureCollection, polygon } from "@turf/helpers";
import { featureEach } from "@turf/meta";
import type * as GeoJSON from "geojson";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

const retryOptions: RetryOptions = { maxRetries: 5, backoffFactorMs: 100 };
const options: ClientOptions = {
  apiKey: "key",
  middleware: [retry(retryOptions)],
  storageFetch: retryingFetch(),
};
const picterra = createClient(options);
const tracer: TracerClient = createTracerClient({ apiKey: "key" });

export async function forge(rasterId: string, vectorLayerId: string, operationId: string): Promise<void> {
  // Return types.
  const me = await picterra.getUserInfo();
  assertType<Equal<typeof me, UserInfo>>();
  const userId: string = me.user_id;
  // @ts-expect-error a user id is a string
  const wrong: number = me.user_id;
  const page = await picterra.listRasters({ maxCloudCoverage: 20 });
  assertType<Equal<typeof page, ResultsPage<Raster>>>();
  for await (const raster of page) {
    const name: string = raster.name;
    console.log(name, userId, wrong);
  }
  const uploaded: string = await picterra.uploadRaster(new Blob([new Uint8Array(8)]), "a.png");
  // @ts-expect-error ids are strings
  await picterra.getRaster(42);

  // The GeoJSON seam: core's FeatureCollection is the `geojson` package's (turf's) without a cast.
  const layer = await picterra.downloadVectorLayer(vectorLayerId);
  const pixels: PixelPolygon[] = nongeoResultToPixel(layer);
  const asTurf: GeoJSON.FeatureCollection = layer;
  featureEach(layer, (feature) => console.log(feature.geometry?.type));
  const result = await picterra.downloadResultFeatureCollection(operationId);
  assertType<Equal<typeof result, FeatureCollection<MultiPolygon, { class_name: string }>>>();
  const resultAsTurf: GeoJSON.FeatureCollection<GeoJSON.MultiPolygon, { class_name: string }> = result;
  nongeoResultToPixel(result);
  // And turf's objects go to core as they are.
  const areas = featureCollection([
    polygon([
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ]),
  ]);
  await picterra.setRasterDetectionAreas(rasterId, areas);
  await picterra.uploadVectorLayer(rasterId, areas, { name: "areas" });
  const fromTurf: FeatureCollection<Polygon> = areas;
  console.log(uploaded, pixels, asTurf, resultAsTurf, fromTurf);
}

export async function errors(rasterId: string): Promise<string> {
  try {
    return (await picterra.getRaster(rasterId)).status;
  } catch (error) {
    // Error narrowing: every error is a PicterraError, each kind with its own fields.
    if (error instanceof APIError)
      return `HTTP ${error.status satisfies number} after ${error.attempts ?? 1}`;
    if (error instanceof OperationFailedError) return `${error.operationId}: ${error.errors.length} errors`;
    if (error instanceof UploadError) return `${error.step satisfies "transfer" | "commit"} of ${error.id}`;
    if (error instanceof NongeoInputError) return error.message;
    if (error instanceof ValidationError) return `bad input: ${error.message}`;
    if (error instanceof PicterraError) return error.message;
    throw error;
  }
}

export async function plots(plotsFile: Blob): Promise<void> {
  const page = await tracer.listMethodologies({ search: "coffee" });
  const first: Methodology | undefined = page.results[0];
  if (!first) return;
  const groupId: string = await tracer.createPlotsGroup("Farms", first.id, [plotsFile]);
  const precheck = await tracer.analyzePlotsPrecheck(groupId, "2025", ["PLOT-1"], "2021-01-01", new Date());
  console.log(precheck);
  // @ts-expect-error an export format is "geojson" or "excel"
  await tracer.downloadPlotsGroup(groupId, "pdf");
}

export async function files(rasterId: string): Promise<void> {
  // node-fs: paths in, paths out.
  await downloadRasterToFile(picterra, rasterId, "raster.tif");
  const id: string = await uploadRaster(picterra, "raster.tif", "copy.tif", { folderId: "folder" });
  const groupId: string = await createPlotsGroupFromFiles(tracer, "Farms", "methodology", ["farms.geojson"]);
  await downloadPlotsGroupToFile(tracer, groupId, "excel", "plots.xlsx");
  // @ts-expect-error a path, not bytes
  await uploadRaster(picterra, new Uint8Array(4), "bytes.tif");
  console.log(id);
}
