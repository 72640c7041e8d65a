import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/index";
import { boxes, call, emulator, finished, geoTiff, png } from "./helpers";

// The calls Picterra's API gained or changed since 2024, spoken over raw HTTP as Picterra's 2026 client does.

/** Uploads a raster over raw HTTP and waits until it is ready; returns its id. */
async function rasterFrom(
  emu: Emulator,
  bytes: Uint8Array<ArrayBuffer>,
  body: Record<string, unknown> = {},
): Promise<string> {
  const created = (await call(emu, "POST", "rasters/upload/file/", { json: { name: "r", ...body } }))
    .body as {
    upload_url: string;
    raster_id: string;
  };
  expect((await fetch(created.upload_url, { method: "PUT", body: bytes })).status).toBe(200);
  const op = await finished(emu, (await call(emu, "POST", `rasters/${created.raster_id}/commit/`)).body);
  expect(op.status).toBe("success");
  return created.raster_id;
}

/** PUTs annotations and commits them with `commit` as the JSON body (or none); answers the commit's response. */
async function annotate(
  emu: Emulator,
  detectorId: string,
  rasterId: string,
  type: string,
  geojson: unknown,
  commit?: unknown,
) {
  const base = `detectors/${detectorId}/training_rasters/${rasterId}/${type}/upload/bulk/`;
  const target = (await call(emu, "POST", base)).body as { upload_url: string; upload_id: string };
  await fetch(target.upload_url, { method: "PUT", body: JSON.stringify(geojson) });
  const path = `${base}${target.upload_id}/commit/`;
  return { commit: await call(emu, "POST", path, commit === undefined ? {} : { json: commit }), path };
}

interface PolygonFeature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

/** Runs the vector layer download operation and fetches the file, without the key. */
async function downloadLayer(emu: Emulator, layerId: string) {
  const ref = await call(emu, "POST", `vector_layers/${layerId}/download/`);
  expect(ref.status).toBe(201);
  const op = (await finished(emu, ref.body)) as {
    status: string;
    type: string;
    results: { download_url: string; expiration: string };
  };
  expect([op.status, op.type]).toEqual(["success", "vector_layer_download"]);
  const file = await fetch(op.results.download_url);
  expect(file.status).toBe(200);
  return {
    results: op.results,
    collection: (await file.json()) as { type: string; features: PolygonFeature[] },
  };
}

describe("the site root and the account", () => {
  it("serves the API under public/api/v2/ of siteUrl, and says who the key belongs to", async () => {
    const emu = await emulator();
    expect(emu.siteUrl).toBe(`http://127.0.0.1:${emu.port}/`);
    expect(new URL("public/api/v2/", emu.siteUrl).href).toBe(emu.url);
    const me = await fetch(new URL("public/api/v2/users/me/", emu.siteUrl), {
      headers: { "X-Api-Key": emu.apiKey },
    });
    expect(me.status).toBe(200);
    const { account } = emu.state();
    expect(await me.json()).toEqual({
      organization_id: account.organizationId,
      user_id: account.userId,
      organization_name: "Emulated organization",
    });
    expect((await call(emu, "GET", "users/me/", { key: null })).status).toBe(401);
  });

  it("creates a folder, answering 201 with its id", async () => {
    const emu = await emulator();
    const res = await call(emu, "POST", "folders/", { json: { name: "Fields" } });
    expect(res.status).toBe(201);
    const { id } = res.body as { id: string };
    expect(emu.state().folders.find((f) => f.id === id)?.name).toBe("Fields");
  });

  it("keeps multispectral true unless the upload says otherwise, as Picterra does since 2024", async () => {
    const emu = await emulator();
    const left = await call(emu, "POST", "rasters/upload/file/", { json: { name: "a" } });
    const off = await call(emu, "POST", "rasters/upload/file/", {
      json: { name: "b", multispectral: false },
    });
    const read = async (res: typeof left) =>
      (await call(emu, "GET", `rasters/${(res.body as { raster_id: string }).raster_id}/`)).body;
    expect(await read(left)).toMatchObject({ multispectral: true });
    expect(await read(off)).toMatchObject({ multispectral: false });
  });
});

describe("authorization grants", () => {
  const grants = [
    { grantee: { type: "user", id: "u-1" }, role: "viewer" },
    { grantee: { type: "organization", id: "o-1" }, role: "editor" },
  ];

  it("stores grants per folder or detector, answers them as stored, and replaces them on each POST", async () => {
    const emu = await emulator();
    const folderId = emu.state().folders[0]!.id;
    const detector = (await call(emu, "POST", "detectors/", { json: {} })).body as { id: string };
    const folderPath = `authorization/grants/folder/${folderId}/`;
    expect(await call(emu, "GET", folderPath)).toMatchObject({ status: 200, body: { grants: [] } });
    const set = await call(emu, "POST", folderPath, { json: { grants } });
    expect([set.status, set.body]).toEqual([201, { grants }]);
    expect((await call(emu, "GET", folderPath)).body).toEqual({ grants });
    const fewer = await call(emu, "POST", folderPath, { json: { grants: grants.slice(1) } });
    expect(fewer.body).toEqual({ grants: grants.slice(1) });
    expect((await call(emu, "GET", folderPath)).body).toEqual({ grants: grants.slice(1) });
    // Detectors keep their own grants.
    const detectorPath = `authorization/grants/detector/${detector.id}/`;
    expect((await call(emu, "GET", detectorPath)).body).toEqual({ grants: [] });
    await call(emu, "POST", detectorPath, { json: { grants } });
    expect(emu.state().grants.map((g) => [g.kind, g.resourceId, g.grants.length])).toEqual([
      ["folder", folderId, 1],
      ["detector", detector.id, 2],
    ]);
  });

  it("answers 404 for an unknown resource, 400 for another kind or a bad grant", async () => {
    const emu = await emulator();
    const folderId = emu.state().folders[0]!.id;
    expect((await call(emu, "GET", "authorization/grants/folder/nope/")).status).toBe(404);
    expect((await call(emu, "GET", `authorization/grants/detector/${folderId}/`)).status).toBe(404);
    expect(await call(emu, "GET", `authorization/grants/plots_group/${folderId}/`)).toMatchObject({
      status: 400,
      body: { kind: ['"plots_group" is not a valid choice.'] },
    });
    const badRole = await call(emu, "POST", `authorization/grants/folder/${folderId}/`, {
      json: { grants: [{ grantee: { type: "team", id: "t" }, role: "owner" }] },
    });
    expect(badRole).toMatchObject({
      status: 400,
      body: {
        grants: { "0": { grantee: { type: ['"team" is not a valid choice.'] }, role: expect.any(Array) } },
      },
    });
  });
});

describe("detectors and their classes", () => {
  it("answers a detector with is_runnable, its classes and its settings, and lists its rasters", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const { id } = (await call(emu, "POST", "detectors/", { json: { name: "trees" } })).body as {
      id: string;
    };
    const detector = await call(emu, "GET", `detectors/${id}/`);
    expect(detector).toMatchObject({
      status: 200,
      body: {
        id,
        name: "trees",
        is_runnable: false,
        classes: [
          { id: expect.any(String), name: "class_1", color: expect.stringMatching(/^#[0-9a-f]{6}$/) },
        ],
        configuration: { detection_type: "count", output_type: "polygon", training_steps: 500 },
      },
    });
    const rasterId = await rasterFrom(emu, new Uint8Array(png(20, 20)));
    await call(emu, "POST", `detectors/${id}/training_rasters/`, { json: { raster_id: rasterId } });
    expect((await call(emu, "GET", `detectors/${id}/training_rasters/?page_number=1`)).body).toMatchObject({
      count: 1,
      previous: null,
      results: [{ id: rasterId, status: "ready", name: "r" }],
    });
  });

  it("takes {} or {class_id} on an annotations commit, and refuses a null, unknown or misplaced class_id", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const rasterId = await rasterFrom(emu, new Uint8Array(png(100, 100)));
    const { id } = (await call(emu, "POST", "detectors/", { json: {} })).body as { id: string };
    await call(emu, "POST", `detectors/${id}/training_rasters/`, { json: { raster_id: rasterId } });
    const classOne = ((await call(emu, "GET", `detectors/${id}/`)).body as { classes: { id: string }[] })
      .classes[0]!.id;
    const outline = boxes([[0.0001, -0.0002, 0.0002, -0.0001]]);

    const empty = await annotate(emu, id, rasterId, "outline", outline, {});
    expect((await finished(emu, empty.commit.body)).status).toBe("success");

    const nulled = await annotate(emu, id, rasterId, "outline", outline, { class_id: null });
    expect(nulled.commit).toMatchObject({ status: 400, body: { class_id: ["This field may not be null."] } });
    const unknown = await call(emu, "POST", nulled.path, { json: { class_id: "nope" } });
    expect(unknown).toMatchObject({
      status: 400,
      body: { class_id: ['Invalid pk "nope" - object does not exist.'] },
    });
    // The refused commits did not spend the upload.
    const named = await call(emu, "POST", nulled.path, { json: { class_id: classOne } });
    expect(named.status).toBe(201);
    expect(await finished(emu, named.body)).toMatchObject({
      status: "success",
      metadata: { class_id: classOne },
    });

    const area = await annotate(emu, id, rasterId, "training_area", outline, { class_id: classOne });
    expect(area.commit).toMatchObject({
      status: 400,
      body: { class_id: ["Only outline annotations belong to a class."] },
    });
    // The seed-era client sent no body at all; an empty body still reads as {}.
    const bare = await annotate(emu, id, rasterId, "training_area", outline);
    expect((await finished(emu, bare.commit.body)).status).toBe("success");
  });

  it("gives outlines the commit's class, or the class their class_name names (added when new)", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const rasterId = await rasterFrom(emu, new Uint8Array(png(100, 100)));
    const { id } = (await call(emu, "POST", "detectors/", { json: { name: "d" } })).body as { id: string };
    await call(emu, "POST", `detectors/${id}/training_rasters/`, { json: { raster_id: rasterId } });
    const tree = boxes([[0.0001, -0.0002, 0.0002, -0.0001]], { class_name: "tree" });
    const plain = boxes([[0.0003, -0.0004, 0.0004, -0.0003]]);
    await finished(emu, (await annotate(emu, id, rasterId, "outline", tree, {})).commit.body);
    const classes = () => emu.state().detectors[0]!.classes.map((c) => c.name);
    expect(classes()).toEqual(["class_1", "tree"]);
    const treeId = emu.state().detectors[0]!.classes[1]!.id;
    // A class_id overrides class_name, and replaces that class's outlines only.
    const defaults = {
      ...plain,
      features: [...plain.features, ...boxes([[0, -0.0001, 0.0001, 0]]).features],
    };
    await finished(emu, (await annotate(emu, id, rasterId, "outline", defaults, {})).commit.body);
    await finished(
      emu,
      (await annotate(emu, id, rasterId, "outline", tree, { class_id: treeId })).commit.body,
    );
    const counts = emu
      .state()
      .detectors[0]!.annotations.filter((a) => a.type === "outline")
      .map((a) => [a.classId, a.count]);
    expect(counts).toEqual(
      expect.arrayContaining([
        [emu.state().detectors[0]!.classes[0]!.id, 2],
        [treeId, 1],
      ]),
    );

    const run = await call(emu, "POST", `detectors/${id}/run/`, { json: { raster_id: rasterId } });
    const op = (await finished(emu, run.body)) as { results: { by_class: { class: unknown }[] } };
    expect(op.results.by_class.map((c) => c.class)).toEqual([
      { id: emu.state().detectors[0]!.classes[0]!.id, name: "class_1" },
      { id: treeId, name: "tree" },
    ]);
  });
});

describe("failed operations", () => {
  it("carry errors: a code and a message", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const { id } = (await call(emu, "POST", "detectors/", { json: {} })).body as { id: string };
    const op = await finished(emu, (await call(emu, "POST", `detectors/${id}/train/`)).body);
    expect(op).toEqual({
      id: expect.any(String),
      type: "training",
      status: "failed",
      metadata: { detector_id: id },
      results: null,
      errors: [{ code: "no_training_rasters", message: "the detector has no training rasters" }],
    });
  });
});

describe("vector layer downloads", () => {
  it("answers an operation whose download_url holds a FeatureCollection of Polygons, MultiPolygons split", async () => {
    const emu = await emulator({ pollsUntilDone: 0, vectorLayerChunkSize: 2 });
    const [rasterId] = emu.seedRasters(1);
    const [a, b, c] = boxes([
      [0, 0, 1, 1],
      [2, 2, 3, 3],
      [4, 4, 5, 5],
    ]).features.map((f) => f.geometry.coordinates);
    const layer = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { n: 1 }, geometry: { type: "MultiPolygon", coordinates: [a, b] } },
        { type: "Feature", properties: null, geometry: { type: "Polygon", coordinates: c } },
      ],
    };
    const target = (await call(emu, "POST", `vector_layers/${rasterId}/upload/`)).body as {
      upload_url: string;
      upload_id: string;
    };
    await fetch(target.upload_url, { method: "PUT", body: JSON.stringify(layer) });
    const upload = await finished(
      emu,
      (await call(emu, "POST", `vector_layers/${rasterId}/upload/${target.upload_id}/commit/`)).body,
    );
    const layerId = (upload.results as { vector_layer_id: string }).vector_layer_id;

    const before = Date.now();
    const { results, collection } = await downloadLayer(emu, layerId);
    expect(results.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const expires = Date.parse(results.expiration);
    expect(expires).toBeGreaterThanOrEqual(before + 10 * 60 * 1000 - 1000);
    expect(collection).toEqual({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { n: 1 }, geometry: { type: "Polygon", coordinates: a } },
        { type: "Feature", properties: { n: 1 }, geometry: { type: "Polygon", coordinates: b } },
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: c } },
      ],
    });
    expect((await call(emu, "POST", "vector_layers/nope/download/")).status).toBe(404);
  });

  it("refuses a vector layer that is not polygons", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const [rasterId] = emu.seedRasters(1);
    const target = (await call(emu, "POST", `vector_layers/${rasterId}/upload/`)).body as {
      upload_url: string;
      upload_id: string;
    };
    const points = {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [0, 0] } }],
    };
    await fetch(target.upload_url, { method: "PUT", body: JSON.stringify(points) });
    const op = await finished(
      emu,
      (await call(emu, "POST", `vector_layers/${rasterId}/upload/${target.upload_id}/commit/`)).body,
    );
    expect(op).toMatchObject({
      status: "failed",
      errors: [{ code: "invalid_file", message: "features[0] is not a Polygon or MultiPolygon" }],
    });
  });

  it("serves a detection's classes as vector layers, as Picterra's 2026 client reads them", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const rasterId = await rasterFrom(
      emu,
      new Uint8Array(geoTiff(100, 100, { epsg: 4326, origin: [7, 46.01], pixel: 0.0001 })),
    );
    const { id } = (await call(emu, "POST", "detectors/", { json: { name: "cows" } })).body as { id: string };
    await call(emu, "POST", `detectors/${id}/training_rasters/`, { json: { raster_id: rasterId } });
    const outlines = boxes(
      [
        [7.001, 46.001, 7.002, 46.002],
        [7.005, 46.005, 7.006, 46.006],
      ],
      { class_name: "cow" },
    );
    await finished(emu, (await annotate(emu, id, rasterId, "outline", outlines, {})).commit.body);
    const run = await call(emu, "POST", `detectors/${id}/run/`, { json: { raster_id: rasterId } });
    const op = (await finished(emu, run.body)) as {
      results: {
        url: string;
        by_class: { class: { name: string }; result: { url: string; vector_layer_id: string } }[];
      };
    };
    expect(op.results.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/storage\//);
    const [cow] = op.results.by_class;
    expect(cow!.class.name).toBe("cow");
    const layers = (await call(emu, "GET", `rasters/${rasterId}/vector_layers/?detector=${id}`)).body as {
      results: { id: string; name: string; count: number }[];
    };
    expect(layers.results).toMatchObject([{ id: cow!.result.vector_layer_id, name: "cows - cow", count: 2 }]);

    // The 2026 client merges the layer's polygons into one MultiPolygon per class: the same as result.url.
    const { collection } = await downloadLayer(emu, cow!.result.vector_layer_id);
    expect(collection.features.every((f) => f.geometry.type === "Polygon")).toBe(true);
    const merged = {
      type: "MultiPolygon",
      coordinates: collection.features.map((f) => f.geometry.coordinates),
    };
    expect(merged).toEqual(await (await fetch(cow!.result.url)).json());
    expect(merged.coordinates).toEqual(outlines.features.map((f) => f.geometry.coordinates));
  });
});
