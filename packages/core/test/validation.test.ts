import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_BASE_URL,
  type PicterraClient,
  ValidationError,
  checkFeatureCollection,
  checkPolygonCollection,
  createClient,
} from "../src/index";
import { BASE_URL, KEY, SQUARE, USER_AGENT, newClient, useNock, validatesBeforeAnyRequest } from "./helpers";

useNock();
afterEach(() => void vi.unstubAllEnvs());

const line = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: {},
      geometry: {
        type: "LineString",
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    },
  ],
};
const notCollection = SQUARE.features[0];
const noCoordinates = {
  type: "FeatureCollection",
  features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon" } }],
};
const nullGeometry = {
  type: "FeatureCollection",
  features: [{ type: "Feature", properties: {}, geometry: null }],
};
const featuresNotArray = { type: "FeatureCollection", features: {} };
const notAFeature = { type: "FeatureCollection", features: [{ type: "Polygon", coordinates: [] }] };

type Case = [label: string, call: (c: PicterraClient) => Promise<unknown>, message: string];
// `as never` feeds values that the types forbid, as a JavaScript caller could.
const bad = (v: unknown) => v as never;

const BAD_IDS: Case[] = ["", "a/b", "a b", "../etc", "r1?x=1", "r1#x", ".hidden"].flatMap((id): Case[] => [
  [`getRaster(${JSON.stringify(id)})`, (c) => c.getRaster(id), "rasterId must be a non-empty id"],
  [`deleteDetector(${JSON.stringify(id)})`, (c) => c.deleteDetector(id), "detectorId must be a non-empty id"],
]);

const ID_CASES: Case[] = [
  ["getRaster(non-string)", (c) => c.getRaster(bad(42)), "rasterId must be a non-empty id"],
  ["editRaster", (c) => c.editRaster("a/b"), "rasterId"],
  ["deleteRaster", (c) => c.deleteRaster(""), "rasterId"],
  ["getRasterDownloadUrl", (c) => c.getRasterDownloadUrl("a b"), "rasterId"],
  ["downloadRaster", (c) => c.downloadRaster("a/b"), "rasterId"],
  ["setRasterDetectionAreas", (c) => c.setRasterDetectionAreas("", SQUARE), "rasterId"],
  ["removeRasterDetectionAreas", (c) => c.removeRasterDetectionAreas("a/b"), "rasterId"],
  [
    "importRasterFromRemoteSource folderId",
    (c) => c.importRasterFromRemoteSource("n", "f/1", "s1", SQUARE),
    "folderId",
  ],
  [
    "importRasterFromRemoteSource sourceId",
    (c) => c.importRasterFromRemoteSource("n", "f1", "", SQUARE),
    "sourceId",
  ],
  ["listRasterMarkers", (c) => c.listRasterMarkers("a b"), "rasterId"],
  ["createMarker rasterId", (c) => c.createMarker("", null, 0, 0, "t"), "rasterId"],
  ["createMarker detectorId", (c) => c.createMarker("r1", "d/1", 0, 0, "t"), "detectorId"],
  ["listRasterVectorLayers", (c) => c.listRasterVectorLayers("a/b"), "rasterId"],
  [
    "listRasterVectorLayers detectorId",
    (c) => c.listRasterVectorLayers("r1", { detectorId: "d 1" }),
    "detectorId",
  ],
  ["uploadVectorLayer", (c) => c.uploadVectorLayer("a/b", SQUARE), "rasterId"],
  ["getVectorLayer", (c) => c.getVectorLayer(""), "vectorLayerId"],
  ["downloadVectorLayer", (c) => c.downloadVectorLayer("v/1"), "vectorLayerId"],
  ["editVectorLayer", (c) => c.editVectorLayer("v 1", { name: "n" }), "vectorLayerId"],
  ["deleteVectorLayer", (c) => c.deleteVectorLayer("../v1"), "vectorLayerId"],
  ["getDetector", (c) => c.getDetector(""), "detectorId"],
  ["editDetector", (c) => c.editDetector("d/1", { name: "n" }), "detectorId"],
  ["listFolderDetectors", (c) => c.listFolderDetectors("f 1"), "folderId"],
  ["addRasterToDetector rasterId", (c) => c.addRasterToDetector("r/1", "d1"), "rasterId"],
  ["addRasterToDetector detectorId", (c) => c.addRasterToDetector("r1", ""), "detectorId"],
  ["listDetectorRasters", (c) => c.listDetectorRasters("d/1"), "detectorId"],
  ["setAnnotations detectorId", (c) => c.setAnnotations("", "r1", "outline", SQUARE), "detectorId"],
  ["setAnnotations rasterId", (c) => c.setAnnotations("d1", "r 1", "outline", SQUARE), "rasterId"],
  ["trainDetector", (c) => c.trainDetector("d/1"), "detectorId"],
  ["runDatasetRecommendation", (c) => c.runDatasetRecommendation(""), "detectorId"],
  ["runDetector detectorId", (c) => c.runDetector("d 1", "r1"), "detectorId"],
  ["runDetector rasterId", (c) => c.runDetector("d1", "r/1"), "rasterId"],
  [
    "runDetector secondaryRasterId",
    (c) => c.runDetector("d1", "r1", { secondaryRasterId: "x y" }),
    "secondaryRasterId",
  ],
  ["getOperation", (c) => c.getOperation("o/1"), "operationId"],
  ["getOperationResults", (c) => c.getOperationResults(""), "operationId"],
  ["getOperationResultsUrl", (c) => c.getOperationResultsUrl("o 1"), "operationId"],
  ["downloadOperationResults", (c) => c.downloadOperationResults("o/1"), "operationId"],
  ["downloadResultFeatureCollection", (c) => c.downloadResultFeatureCollection(""), "operationId"],
  ["listRasters folderId", (c) => c.listRasters({ folderId: "f/1" }), "folderId"],
  ["uploadRaster folderId", (c) => c.uploadRaster(new Uint8Array(1), "n", { folderId: "f 1" }), "folderId"],
];

const SETTINGS_CASES: Case[] = [
  [
    "detectionType",
    (c) => c.createDetector({ detectionType: bad("counting") }),
    "detectionType must be one of",
  ],
  ["outputType", (c) => c.createDetector({ outputType: bad("point") }), "outputType must be one of"],
  ["backbone", (c) => c.createDetector({ backbone: bad("resnet101") }), "backbone must be one of"],
  [
    "trainingSteps 499",
    (c) => c.createDetector({ trainingSteps: 499 }),
    "trainingSteps must be an integer between 500 and 40000, got 499",
  ],
  ["trainingSteps 40001", (c) => c.createDetector({ trainingSteps: 40001 }), "got 40001"],
  ["trainingSteps 600.5", (c) => c.createDetector({ trainingSteps: 600.5 }), "got 600.5"],
  ["tileSize 0", (c) => c.createDetector({ tileSize: 0 }), "tileSize"],
  [
    "backgroundSampleRatio -0.1",
    (c) => c.createDetector({ backgroundSampleRatio: -0.1 }),
    "backgroundSampleRatio must be a number between 0 and 1, got -0.1",
  ],
  ["backgroundSampleRatio 1.1", (c) => c.createDetector({ backgroundSampleRatio: 1.1 }), "got 1.1"],
  [
    "backgroundSampleRatio NaN",
    (c) => c.createDetector({ backgroundSampleRatio: Number.NaN }),
    "backgroundSampleRatio",
  ],
  ["createDetector name", (c) => c.createDetector({ name: bad(7) }), "name must be a string"],
  ["editDetector detectionType", (c) => c.editDetector("d1", { detectionType: bad("x") }), "detectionType"],
  ["editDetector outputType", (c) => c.editDetector("d1", { outputType: bad("x") }), "outputType"],
  ["editDetector backbone", (c) => c.editDetector("d1", { backbone: bad("x") }), "backbone"],
  ["editDetector trainingSteps 499", (c) => c.editDetector("d1", { trainingSteps: 499 }), "trainingSteps"],
  [
    "editDetector trainingSteps 40001",
    (c) => c.editDetector("d1", { trainingSteps: 40001 }),
    "trainingSteps",
  ],
  [
    "editDetector trainingSteps 600.5",
    (c) => c.editDetector("d1", { trainingSteps: 600.5 }),
    "trainingSteps",
  ],
  [
    "editDetector ratio 1.1",
    (c) => c.editDetector("d1", { backgroundSampleRatio: 1.1 }),
    "backgroundSampleRatio",
  ],
  [
    "editDetector ratio -0.1",
    (c) => c.editDetector("d1", { backgroundSampleRatio: -0.1 }),
    "backgroundSampleRatio",
  ],
  [
    "annotationType",
    (c) => c.setAnnotations("d1", "r1", bad("outlines"), SQUARE),
    "annotationType must be one of 'outline', 'training_area', 'testing_area', 'validation_area'",
  ],
];

const RASTER_CASES: Case[] = [
  [
    "uploadRaster cloudCoverage 101",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { cloudCoverage: 101 }),
    "cloudCoverage must be an integer between 0 and 100, got 101",
  ],
  [
    "uploadRaster cloudCoverage -1",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { cloudCoverage: -1 }),
    "cloudCoverage",
  ],
  [
    "uploadRaster capturedAt date only",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { capturedAt: "2020-01-01" }),
    "capturedAt must be an ISO-8601 date-time",
  ],
  [
    "uploadRaster capturedAt words",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { capturedAt: "yesterday" }),
    "capturedAt",
  ],
  [
    "uploadRaster capturedAt month 13",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { capturedAt: "2020-13-01T00:00:00Z" }),
    "capturedAt",
  ],
  [
    "uploadRaster capturedAt no zone",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { capturedAt: "2020-01-01T00:00:00" }),
    "capturedAt",
  ],
  ["uploadRaster name", (c) => c.uploadRaster(new Uint8Array(1), bad(undefined)), "name must be a string"],
  [
    "uploadRaster multispectral",
    (c) => c.uploadRaster(new Uint8Array(1), "n", { multispectral: bad("yes") }),
    "multispectral must be a boolean",
  ],
  ["uploadRaster data number", (c) => c.uploadRaster(bad(42), "n"), "the data to upload must be"],
  ["uploadRaster data object", (c) => c.uploadRaster(bad({ size: 3 }), "n"), "the data to upload must be"],
  ["uploadRaster data null", (c) => c.uploadRaster(bad(null), "n"), "the data to upload must be"],
  ["editRaster cloudCoverage 101", (c) => c.editRaster("r1", { cloudCoverage: 101 }), "cloudCoverage"],
  ["editRaster cloudCoverage 50.5", (c) => c.editRaster("r1", { cloudCoverage: 50.5 }), "cloudCoverage"],
  ["editRaster capturedAt", (c) => c.editRaster("r1", { capturedAt: "01/02/2020" }), "capturedAt"],
  [
    "editRaster band spec",
    (c) => c.editRaster("r1", { multispectralBandSpecification: bad([1, 2]) }),
    "multispectralBandSpecification must be an object",
  ],
  ["listRasters maxCloudCoverage 101", (c) => c.listRasters({ maxCloudCoverage: 101 }), "maxCloudCoverage"],
  ["listRasters capturedBefore", (c) => c.listRasters({ capturedBefore: "2020-01-01" }), "capturedBefore"],
  ["listRasters capturedAfter", (c) => c.listRasters({ capturedAfter: "noon" }), "capturedAfter"],
  [
    "listRasters hasVectorLayers",
    (c) => c.listRasters({ hasVectorLayers: bad("true") }),
    "hasVectorLayers must be a boolean",
  ],
  ["listDetectors isShared", (c) => c.listDetectors({ isShared: bad(1) }), "isShared must be a boolean"],
  ["pageNumber 0", (c) => c.listRasters({ pageNumber: 0 }), "pageNumber must be an integer"],
  ["pageNumber 1.5", (c) => c.listDetectors({ pageNumber: 1.5 }), "pageNumber"],
  ["pageSize 1001", (c) => c.listRasterMarkers("r1", { pageSize: 1001 }), "pageSize"],
  [
    "importRasterFromRemoteSource method",
    (c) => c.importRasterFromRemoteSource("n", "f1", "s1", SQUARE, { method: bad("copy") }),
    "method must be one of 'streaming'",
  ],
  [
    "importRasterFromRemoteSource name",
    (c) => c.importRasterFromRemoteSource(bad(1), "f1", "s1", SQUARE),
    "rasterName must be a string",
  ],
];

const OTHER_CASES: Case[] = [
  [
    "uploadVectorLayer color name",
    (c) => c.uploadVectorLayer("r1", SQUARE, { color: "red" }),
    "color must be an HTML hex color like '#aabbcc', got 'red'",
  ],
  ["uploadVectorLayer color short", (c) => c.uploadVectorLayer("r1", SQUARE, { color: "#abc" }), "color"],
  ["editVectorLayer color", (c) => c.editVectorLayer("v1", { color: "#gggggg" }), "color"],
  ["editVectorLayer color no hash", (c) => c.editVectorLayer("v1", { color: "aabbcc" }), "color"],
  [
    "createMarker lng 181",
    (c) => c.createMarker("r1", null, 181, 0, "t"),
    "lng must be a number between -180 and 180, got 181",
  ],
  [
    "createMarker lat -91",
    (c) => c.createMarker("r1", null, 0, -91, "t"),
    "lat must be a number between -90 and 90",
  ],
  ["createMarker lng NaN", (c) => c.createMarker("r1", null, Number.NaN, 0, "t"), "lng"],
  ["createMarker text", (c) => c.createMarker("r1", null, 0, 0, bad(null)), "text must be a string"],
  ["createFolder name", (c) => c.createFolder(bad(undefined)), "name must be a string"],
];

const GEOJSON_CASES: Case[] = [
  [
    "detection areas: a Feature",
    (c) => c.setRasterDetectionAreas("r1", bad(notCollection)),
    "areas must be a GeoJSON FeatureCollection, got type 'Feature'",
  ],
  [
    "detection areas: a LineString",
    (c) => c.setRasterDetectionAreas("r1", bad(line)),
    "areas.features[0].geometry is a 'LineString'; expected Polygon or MultiPolygon",
  ],
  [
    "detection areas: null geometry",
    (c) => c.setRasterDetectionAreas("r1", bad(nullGeometry)),
    "areas.features[0].geometry is null",
  ],
  [
    "detection areas: no coordinates",
    (c) => c.setRasterDetectionAreas("r1", bad(noCoordinates)),
    "areas.features[0].geometry.coordinates must be an array",
  ],
  [
    "detection areas: features not an array",
    (c) => c.setRasterDetectionAreas("r1", bad(featuresNotArray)),
    "areas.features must be an array",
  ],
  [
    "detection areas: a geometry as feature",
    (c) => c.setRasterDetectionAreas("r1", bad(notAFeature)),
    "areas.features[0] must be a GeoJSON Feature",
  ],
  ["detection areas: a number", (c) => c.setRasterDetectionAreas("r1", bad(5)), "areas must be an object"],
  [
    "AOI: a LineString",
    (c) => c.importRasterFromRemoteSource("n", "f1", "s1", bad(line)),
    "aoi.features[0].geometry is a 'LineString'",
  ],
  [
    "AOI: not a collection",
    (c) => c.importRasterFromRemoteSource("n", "f1", "s1", bad(notCollection)),
    "aoi must be a GeoJSON FeatureCollection",
  ],
  [
    "annotations: not a collection",
    (c) => c.setAnnotations("d1", "r1", "outline", bad(notCollection)),
    "annotations must be a GeoJSON FeatureCollection",
  ],
  [
    "annotations: not a feature",
    (c) => c.setAnnotations("d1", "r1", "outline", bad(notAFeature)),
    "annotations.features[0] must be a GeoJSON Feature",
  ],
  [
    "vector layer: not a collection",
    (c) => c.uploadVectorLayer("r1", bad({ type: "Polygon", coordinates: [] })),
    "geojson must be a GeoJSON FeatureCollection, got type 'Polygon'",
  ],
];

validatesBeforeAnyRequest(
  [
    ["bad ids", [...BAD_IDS, ...ID_CASES]],
    ["detector settings and enums", SETTINGS_CASES],
    ["raster fields, filters and pages", RASTER_CASES],
    ["colors, markers, folders, tools", OTHER_CASES],
    ["GeoJSON", GEOJSON_CASES],
  ],
  newClient,
  ValidationError,
  (c) => c.getRaster("r1"),
);

describe("what validation accepts", () => {
  it("valid GeoJSON passes through unchanged", () => {
    expect(checkPolygonCollection("areas", SQUARE)).toBe(SQUARE);
    expect(checkFeatureCollection("lines", line)).toBe(line);
    expect(checkFeatureCollection("empty", { type: "FeatureCollection", features: [] })).toEqual({
      type: "FeatureCollection",
      features: [],
    });
    expect(checkFeatureCollection("nulls", nullGeometry)).toBe(nullGeometry);
  });

  it("checkFeatureCollection can restrict geometry types", () => {
    expect(() => checkFeatureCollection("points", line, ["Point"])).toThrow(
      "points.features[0].geometry is a 'LineString'; expected Point",
    );
    expect(() => checkPolygonCollection("areas", line)).toThrow(ValidationError);
  });
});

describe("createClient", () => {
  it("without a key and without PICTERRA_API_KEY fails at once with a clear error", () => {
    vi.stubEnv("PICTERRA_API_KEY", "");
    expect(() => createClient({ baseUrl: BASE_URL })).toThrow(ValidationError);
    expect(() => createClient()).toThrow("no Picterra API key: pass { apiKey } or set PICTERRA_API_KEY");
  });

  it("uses PICTERRA_API_KEY when no key is given", async () => {
    vi.stubEnv("PICTERRA_API_KEY", "env-key-123");
    const scope = nock("https://api.test", {
      reqheaders: { "x-api-key": "env-key-123", "user-agent": USER_AGENT },
    })
      .get("/public/api/v2/rasters/r1/")
      .reply(200, { id: "r1" });
    expect(await createClient({ baseUrl: BASE_URL }).getRaster("r1")).toEqual({ id: "r1" });
    scope.done();
  });

  it("prefers the apiKey option over PICTERRA_API_KEY", async () => {
    vi.stubEnv("PICTERRA_API_KEY", "env-key-123");
    const scope = nock("https://api.test", { reqheaders: { "x-api-key": KEY } })
      .get("/public/api/v2/rasters/r1/")
      .reply(200, { id: "r1" });
    await newClient().getRaster("r1");
    scope.done();
  });

  it("uses PICTERRA_BASE_URL (a site root, as Picterra's clients take it since 2024) as the default", async () => {
    vi.stubEnv("PICTERRA_BASE_URL", "https://env.test/picterra");
    const scope = nock("https://env.test", { reqheaders: { "x-api-key": KEY } })
      .get("/picterra/public/api/v2/detectors/d1/")
      .reply(200, { id: "d1", name: "x" });
    const client = createClient({ apiKey: KEY });
    expect(client.baseUrl).toBe("https://env.test/picterra/public/api/v2");
    expect(await client.getDetector("d1")).toEqual({ id: "d1", name: "x" });
    scope.done();
  });

  it("defaults to Picterra's public API v2", () => {
    vi.stubEnv("PICTERRA_BASE_URL", "");
    expect(DEFAULT_BASE_URL).toBe("https://app.picterra.ch/public/api/v2/");
    expect(createClient({ apiKey: KEY }).baseUrl).toBe("https://app.picterra.ch/public/api/v2");
  });

  it("refuses a relative base URL and a non-positive timeout", () => {
    expect(() => createClient({ apiKey: KEY, baseUrl: "/public/api/v2/" })).toThrow(
      "baseUrl must be an absolute http(s) URL, got '/public/api/v2/'",
    );
    expect(() => createClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => createClient({ apiKey: KEY, timeoutMs: Number.NaN })).toThrow(
      "timeoutMs must be a positive number",
    );
  });
});
