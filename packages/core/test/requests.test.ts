import type { Body } from "nock";
import { describe, expect, it } from "vitest";
import { type PicterraClient, ResultsPage } from "../src/index";
import { SUCCESS, api, expectErrorStatus, newClient, p, page, useNock } from "./helpers";

useNock();

// The two tests every call that makes one request gets, one row per call: what it sends and returns, and what
// an error status makes of it. What a call sends in a body, and how it pages or waits, is tested in its file.

type Call = (client: PicterraClient) => Promise<unknown>;

const RASTER = { id: "r1", name: "site", status: "ready", folder_id: "f1" };
const LAYER = { id: "v1", name: "cows", raster_id: "r1", count: 3, color: "#aabbcc", geojson_urls: [] };
const SUMMARY = { id: "v1", name: "cows", count: 3 };
const DETECTOR = { id: "d1", name: "cows", is_runnable: true, classes: [{ id: "c1", name: "cow" }] };
const FOLDER_DETECTOR = { id: "d1", name: "cows", is_runnable: true, user_tag: null };
const MARKER = { id: "m1", marker: { type: "Point", coordinates: [8.5, 47.3] }, text: "look here" };
const FOLDER = { id: "f1", name: "drone survey", created_at: "2026-03-02T09:41:07.212000Z" };
const ME = { user_id: "u1", organization_id: "o1", organization_name: "Farm Co" };
const OPERATION = { id: "o1", type: "detector_run", status: "running", metadata: { raster_id: "r1" } };
const RESULTS = { url: "https://storage.test/results/all.geojson?sig=abc", by_class: [] };
const DOWNLOAD_URL = "https://storage.test/r1.tif?X-Goog-Signature=abc";

/** What a list call resolves with, as the rows compare it: the page and what it holds. */
const listed = (call: Promise<ResultsPage<unknown>>) =>
  call.then((list) => ({
    page: list instanceof ResultsPage,
    items: [...list],
    results: list.results,
    count: list.count,
    length: list.length,
    first: list.at(0),
  }));
/** A first page holding `item` (or nothing), as `listed` sees it. */
const one = (item: unknown) => ({
  page: true,
  items: [item],
  results: [item],
  count: 1,
  length: 1,
  first: item,
});
const none = { page: true, items: [], results: [], count: 0, length: 0, first: undefined };

describe("each call makes its one request and resolves with what the API answers", () => {
  it.each<readonly [request: string, answer: readonly [number, Body?], call: Call, result: unknown]>([
    ["GET /rasters/?page_number=1", [200, page([RASTER])], (c) => listed(c.listRasters()), one(RASTER)],
    ["GET /rasters/r1/", [200, RASTER], (c) => c.getRaster("r1"), RASTER],
    ["DELETE /rasters/r1/", [204], (c) => c.deleteRaster("r1"), undefined],
    [
      "GET /rasters/r1/download/",
      [200, { download_url: DOWNLOAD_URL }],
      (c) => c.getRasterDownloadUrl("r1"),
      DOWNLOAD_URL,
    ],
    ["DELETE /rasters/r1/detection_areas/", [204], (c) => c.removeRasterDetectionAreas("r1"), undefined],
    [
      "GET /rasters/r1/markers/?page_number=1",
      [200, page([MARKER])],
      (c) => listed(c.listRasterMarkers("r1")),
      one(MARKER),
    ],
    [
      "GET /rasters/r1/markers/?page_number=2&page_size=5",
      [200, page([])],
      (c) => listed(c.listRasterMarkers("r1", { pageNumber: 2, pageSize: 5 })),
      none,
    ],
    [
      "GET /rasters/r1/vector_layers/?page_number=1",
      [200, page([SUMMARY])],
      (c) => listed(c.listRasterVectorLayers("r1")),
      one(SUMMARY),
    ],
    [
      "GET /rasters/r1/vector_layers/?search=cow&detector=d1&page_number=2",
      [200, page([])],
      (c) => listed(c.listRasterVectorLayers("r1", { search: "cow", detectorId: "d1", pageNumber: 2 })),
      none,
    ],
    ["GET /vector_layers/v1/", [200, LAYER], (c) => c.getVectorLayer("v1"), LAYER],
    ["DELETE /vector_layers/v1/", [204], (c) => c.deleteVectorLayer("v1"), undefined],
    [
      "GET /detectors/?page_number=1",
      [200, page([DETECTOR])],
      (c) => listed(c.listDetectors()),
      one(DETECTOR),
    ],
    ["GET /detectors/d1/", [200, DETECTOR], (c) => c.getDetector("d1"), DETECTOR],
    ["DELETE /detectors/d1/", [204], (c) => c.deleteDetector("d1"), undefined],
    [
      "GET /folders/f1/detectors/?page_number=1",
      [200, page([FOLDER_DETECTOR])],
      (c) => listed(c.listFolderDetectors("f1")),
      one(FOLDER_DETECTOR),
    ],
    [
      "GET /folders/f1/detectors/?page_number=4&page_size=2",
      [200, page([])],
      (c) => listed(c.listFolderDetectors("f1", { pageNumber: 4, pageSize: 2 })),
      none,
    ],
    [
      "GET /detectors/d1/training_rasters/?page_number=1",
      [200, page([RASTER])],
      (c) => listed(c.listDetectorRasters("d1")),
      one(RASTER),
    ],
    ["GET /folders/?page_number=1", [200, page([FOLDER])], (c) => listed(c.listFolders()), one(FOLDER)],
    [
      "GET /folders/?search=drone&page_number=2&page_size=5",
      [200, page([])],
      (c) => listed(c.listFolders({ searchString: "drone", pageNumber: 2, pageSize: 5 })),
      none,
    ],
    ["GET /folders/f1/", [200, FOLDER], (c) => c.getFolder("f1"), FOLDER],
    ["GET /users/me/", [200, ME], (c) => c.getUserInfo(), ME],
    ["GET /operations/o1/", [200, OPERATION], (c) => c.getOperation("o1"), OPERATION],
    [
      "GET /operations/o1/",
      [200, { ...SUCCESS, results: RESULTS }],
      (c) => c.getOperationResults("o1"),
      RESULTS,
    ],
    [
      "GET /operations/o1/",
      [200, { ...SUCCESS, results: RESULTS }],
      (c) => c.getOperationResultsUrl("o1"),
      RESULTS.url,
    ],
  ])("%s", async (request, [status, body], call, result) => {
    const [method, path] = request.split(" ") as [string, string];
    const scope = api().intercept(p(path), method).reply(status, body);
    expect(await call(newClient())).toEqual(result);
    scope.done();
  });
});

describe("each call's error status becomes an APIError naming the call, with the response's detail", () => {
  it.each<readonly [call: string, request: string, status: number, run: Call]>([
    ["listRasters", "GET /rasters/?page_number=1", 404, (c) => c.listRasters()],
    ["getRaster", "GET /rasters/r1/", 404, (c) => c.getRaster("r1")],
    ["editRaster", "PUT /rasters/r1/", 404, (c) => c.editRaster("r1", { name: "n" })],
    ["deleteRaster", "DELETE /rasters/r1/", 404, (c) => c.deleteRaster("r1")],
    ["getRasterDownloadUrl", "GET /rasters/r1/download/", 404, (c) => c.getRasterDownloadUrl("r1")],
    [
      "downloadRaster (storage is not asked)",
      "GET /rasters/r1/download/",
      404,
      (c) => c.downloadRaster("r1"),
    ],
    [
      "removeRasterDetectionAreas",
      "DELETE /rasters/r1/detection_areas/",
      404,
      (c) => c.removeRasterDetectionAreas("r1"),
    ],
    ["listRasterMarkers", "GET /rasters/r1/markers/?page_number=1", 404, (c) => c.listRasterMarkers("r1")],
    [
      "createMarker on a detector's raster",
      "POST /detectors/d1/training_rasters/r1/markers/",
      404,
      (c) => c.createMarker("r1", "d1", 1, 2, "t"),
    ],
    [
      "listRasterVectorLayers",
      "GET /rasters/r1/vector_layers/?page_number=1",
      404,
      (c) => c.listRasterVectorLayers("r1"),
    ],
    ["getVectorLayer", "GET /vector_layers/v1/", 404, (c) => c.getVectorLayer("v1")],
    ["editVectorLayer", "PUT /vector_layers/v1/", 404, (c) => c.editVectorLayer("v1", { name: "n" })],
    ["deleteVectorLayer", "DELETE /vector_layers/v1/", 404, (c) => c.deleteVectorLayer("v1")],
    ["createFolder", "POST /folders/", 400, (c) => c.createFolder("x")],
    ["getFolder", "GET /folders/f1/", 404, (c) => c.getFolder("f1")],
    ["getUserInfo", "GET /users/me/", 401, (c) => c.getUserInfo()],
    [
      "getAuthorizationGrants",
      "GET /authorization/grants/detector/d1/",
      404,
      (c) => c.getAuthorizationGrants("detector", "d1"),
    ],
    ["createDetector", "POST /detectors/", 400, (c) => c.createDetector()],
    ["listDetectors", "GET /detectors/?page_number=1", 403, (c) => c.listDetectors()],
    ["getDetector", "GET /detectors/d1/", 404, (c) => c.getDetector("d1")],
    ["editDetector", "PUT /detectors/d1/", 400, (c) => c.editDetector("d1", { name: "n" })],
    ["deleteDetector", "DELETE /detectors/d1/", 404, (c) => c.deleteDetector("d1")],
    [
      "listFolderDetectors",
      "GET /folders/f1/detectors/?page_number=1",
      404,
      (c) => c.listFolderDetectors("f1"),
    ],
    [
      "addRasterToDetector",
      "POST /detectors/d1/training_rasters/",
      400,
      (c) => c.addRasterToDetector("r1", "d1"),
    ],
    [
      "listDetectorRasters",
      "GET /detectors/d1/training_rasters/?page_number=1",
      404,
      (c) => c.listDetectorRasters("d1"),
    ],
    ["trainDetector", "POST /detectors/d1/train/", 400, (c) => c.trainDetector("d1")],
    [
      "runDatasetRecommendation",
      "POST /detectors/d1/dataset_recommendation/",
      400,
      (c) => c.runDatasetRecommendation("d1"),
    ],
    ["runDetector", "POST /detectors/d1/run/", 402, (c) => c.runDetector("d1", "r1")],
    ["getOperation", "GET /operations/o1/", 404, (c) => c.getOperation("o1")],
    ["getOperationResults", "GET /operations/o1/", 404, (c) => c.getOperationResults("o1")],
    ["getOperationResultsUrl", "GET /operations/o1/", 404, (c) => c.getOperationResultsUrl("o1")],
    ["downloadOperationResults", "GET /operations/o1/", 404, (c) => c.downloadOperationResults("o1")],
    [
      "downloadResultFeatureCollection",
      "GET /operations/o1/",
      404,
      (c) => c.downloadResultFeatureCollection("o1"),
    ],
  ])("%s: %s answered %i", async (_, request, status, call) => {
    const [method, path] = request.split(" ") as [string, string];
    await expectErrorStatus(method, path, status, () => call(newClient()));
  });
});
