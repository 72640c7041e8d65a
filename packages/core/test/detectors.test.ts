import { describe, expect, it } from "vitest";
import { DETECTOR_DEFAULTS, ValidationError } from "../src/index";
import { SUCCESS, api, apiJson, newClient, opRef, p, page, polls, useNock } from "./helpers";

useNock();

const DEFAULT_CONFIGURATION = {
  detection_type: "count",
  output_type: "polygon",
  training_steps: 500,
  backbone: "resnet34",
  tile_size: 256,
  background_sample_ratio: 0.25,
};

describe("createDetector", () => {
  it("sends the full default configuration, expects 201 and returns the id", async () => {
    expect(DETECTOR_DEFAULTS).toEqual({
      detectionType: "count",
      outputType: "polygon",
      trainingSteps: 500,
      backbone: "resnet34",
      tileSize: 256,
      backgroundSampleRatio: 0.25,
    });
    const scope = apiJson()
      .post(p("/detectors/"), { configuration: DEFAULT_CONFIGURATION })
      .reply(201, { id: "d1", name: "" });
    expect(await newClient().createDetector()).toBe("d1");
    scope.done();
  });

  it("merges the given settings and name over the defaults", async () => {
    const scope = apiJson()
      .post(p("/detectors/"), {
        name: "cows",
        configuration: {
          ...DEFAULT_CONFIGURATION,
          output_type: "bbox",
          training_steps: 787,
          background_sample_ratio: 0,
        },
      })
      .reply(201, { id: "d2", name: "cows" });
    const id = await newClient().createDetector({
      name: "cows",
      outputType: "bbox",
      trainingSteps: 787,
      backgroundSampleRatio: 0,
    });
    expect(id).toBe("d2");
    scope.done();
  });

  it("sends every setting under the API's names", async () => {
    const configuration = {
      detection_type: "segmentation",
      output_type: "bbox",
      training_steps: 40000,
      backbone: "resnet50",
      tile_size: 512,
      background_sample_ratio: 1,
    };
    const scope = apiJson().post(p("/detectors/"), { configuration }).reply(201, { id: "d3", name: "" });
    await newClient().createDetector({
      detectionType: "segmentation",
      outputType: "bbox",
      trainingSteps: 40000,
      backbone: "resnet50",
      tileSize: 512,
      backgroundSampleRatio: 1,
    });
    scope.done();
  });
});

describe("listDetectors", () => {
  it("sends search, user_tag, is_shared and the page", async () => {
    const scope = api()
      .get(p("/detectors/"))
      .query({ search: "cow", user_tag: "t", is_shared: "false", page_number: "2", page_size: "10" })
      .reply(200, page([]));
    await newClient().listDetectors({
      searchString: "cow",
      userTag: "t",
      isShared: false,
      pageNumber: 2,
      pageSize: 10,
    });
    scope.done();
  });

  it("sends is_runnable for { runnable }, as Picterra's QGIS plugin asks for the runnable ones", async () => {
    const runnable = { id: "d2", name: "palms", is_runnable: true };
    const scope = api()
      .get(p("/detectors/"))
      .query({ is_runnable: "true", page_number: "1" })
      .reply(200, page([runnable]));
    expect([...(await newClient().listDetectors({ runnable: true }))]).toEqual([runnable]);
    scope.done();
  });

  it("refuses a runnable that is no boolean before any request", async () => {
    const error = await newClient()
      .listDetectors({ runnable: "yes" as unknown as boolean })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^runnable /);
  });
});

describe("editDetector", () => {
  it("PUTs only the given settings and expects 204", async () => {
    const scope = apiJson()
      .put(p("/detectors/d1/"), { configuration: { training_steps: 1000, backbone: "resnet18" } })
      .reply(204);
    expect(
      await newClient().editDetector("d1", { trainingSteps: 1000, backbone: "resnet18" }),
    ).toBeUndefined();
    scope.done();
  });

  it("sends a name alone without any configuration", async () => {
    const scope = apiJson().put(p("/detectors/d1/"), { name: "renamed" }).reply(204);
    await newClient().editDetector("d1", { name: "renamed" });
    scope.done();
  });

  it("sends a name and every setting", async () => {
    const configuration = {
      detection_type: "segmentation",
      output_type: "bbox",
      training_steps: 600,
      backbone: "resnet50",
      tile_size: 128,
      background_sample_ratio: 0.5,
    };
    const scope = apiJson().put(p("/detectors/d1/"), { name: "n", configuration }).reply(204);
    await newClient().editDetector("d1", {
      name: "n",
      detectionType: "segmentation",
      outputType: "bbox",
      trainingSteps: 600,
      backbone: "resnet50",
      tileSize: 128,
      backgroundSampleRatio: 0.5,
    });
    scope.done();
  });
});

describe("addRasterToDetector", () => {
  it("POSTs {raster_id} to detectors/<id>/training_rasters/ and expects 201", async () => {
    const scope = apiJson()
      .post(p("/detectors/d1/training_rasters/"), { raster_id: "r1" })
      .reply(201, { raster_id: "r1" });
    expect(await newClient().addRasterToDetector("r1", "d1")).toBeUndefined();
    scope.done();
  });
});

describe("trainDetector", () => {
  it("POSTs detectors/<id>/train/, polls, and returns the finished operation", async () => {
    const done = { ...SUCCESS, type: "training", results: { score: 87, stats: { rasters_count: 1 } } };
    const scope = api().post(p("/detectors/d1/train/")).reply(201, opRef("o1"));
    polls(scope, "o1", [{ type: "training", status: "running" }, done]);
    expect(await newClient().trainDetector("d1")).toEqual(done);
    scope.done();
  });
});

describe("runDatasetRecommendation", () => {
  it("POSTs detectors/<id>/dataset_recommendation/, polls, and returns the finished operation", async () => {
    const done = { ...SUCCESS, type: "dataset_recommendation", results: {} };
    const scope = api().post(p("/detectors/d1/dataset_recommendation/")).reply(201, opRef("o2"));
    polls(scope, "o2", [done]);
    expect(await newClient().runDatasetRecommendation("d1")).toEqual(done);
    scope.done();
  });
});

describe("runDetector", () => {
  it("POSTs {raster_id} to detectors/<id>/run/, polls, and returns the operation id", async () => {
    const run = apiJson().post(p("/detectors/d1/run/"), { raster_id: "r1" }).reply(201, opRef("o3"));
    const poll = polls(api(), "o3", [
      { type: "detector_run", status: "running" },
      { type: "detector_run", status: "success" },
    ]);
    expect(await newClient().runDetector("d1", "r1")).toBe("o3");
    run.done();
    poll.done();
  });

  it("sends secondary_raster_id for change detection", async () => {
    const run = apiJson()
      .post(p("/detectors/d1/run/"), { raster_id: "r1", secondary_raster_id: "r0" })
      .reply(201, opRef("o4"));
    const poll = polls(api(), "o4", [SUCCESS]);
    expect(await newClient().runDetector("d1", "r1", { secondaryRasterId: "r0" })).toBe("o4");
    run.done();
    poll.done();
  });
});
