import { describe, expect, it } from "vitest";
import { boxes, call, client, emulator, geoTiff } from "./helpers";

// What Picterra's QGIS plugin calls to let a user pick a project and a detector, and a raster's footprint,
// over raw HTTP; every answer is checked against the document (validateResponses).

describe("folders", () => {
  it("lists the folders (the default one first) and answers one by id, with its name and creation time", async () => {
    const emu = await emulator();
    const created = await call(emu, "POST", "folders/", { json: { name: "Drone survey" } });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    const list = await call(emu, "GET", "folders/?page_number=1");
    expect(list.status).toBe(200);
    const page = list.body as { count: number; next: null; previous: null; results: unknown[] };
    expect(page).toMatchObject({ count: 2, next: null, previous: null });
    expect(page.results).toEqual([
      { id: expect.any(String), name: "Picterra API Project", created_at: expect.any(String) },
      { id, name: "Drone survey", created_at: expect.any(String) },
    ]);
    const one = await call(emu, "GET", `folders/${id}/`);
    expect(one).toMatchObject({ status: 200, body: { id, name: "Drone survey" } });
    expect(Date.parse((one.body as { created_at: string }).created_at)).not.toBeNaN();
  });

  it("filters by search (case does not count), pages, and answers 404 for an unknown folder", async () => {
    const emu = await emulator();
    for (const name of ["North fields", "south FIELDS", "Orchard"]) {
      await call(emu, "POST", "folders/", { json: { name } });
    }
    const found = (await call(emu, "GET", "folders/?search=fields&page_number=1")).body as {
      results: { name: string }[];
    };
    expect(found.results.map((f) => f.name)).toEqual(["North fields", "south FIELDS"]);
    const first = (await call(emu, "GET", "folders/?page_number=1&page_size=3")).body as {
      count: number;
      next: string | null;
      results: unknown[];
    };
    expect([first.count, first.results.length, first.next !== null]).toEqual([4, 3, true]);
    expect((await call(emu, "GET", "folders/nope/")).status).toBe(404);
    expect((await call(emu, "GET", "folders/", { key: null })).status).toBe(401);
  });

  it("answers core's listFolders and getFolder", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const id = await picterra.createFolder("Vineyards");
    const all = await (await picterra.listFolders({ searchString: "vine" })).toArray();
    expect(all.map((f) => [f.id, f.name])).toEqual([[id, "Vineyards"]]);
    expect(await picterra.getFolder(id)).toMatchObject({ id, name: "Vineyards" });
  });
});

describe("detectors by is_runnable", () => {
  it("keeps the detectors that can (true, or Django's True) or cannot (false) be run", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const picterra = client(emu);
    const raster = await picterra.uploadRaster(
      geoTiff(100, 100, { epsg: 4326, origin: [8, 47.01], pixel: 0.0001 }),
      "training",
    );
    const trained = await picterra.createDetector({ name: "trained" });
    const fresh = await picterra.createDetector({ name: "fresh" });
    await picterra.addRasterToDetector(raster, trained);
    await picterra.setAnnotations(trained, raster, "outline", boxes([[8, 47, 8.001, 47.001]]));
    await picterra.trainDetector(trained);
    const ids = async (query: string) =>
      (
        (await call(emu, "GET", `detectors/?${query}page_number=1`)).body as { results: { id: string }[] }
      ).results.map((d) => d.id);
    expect(await ids("is_runnable=true&")).toEqual([trained]);
    expect(await ids("is_runnable=True&")).toEqual([trained]);
    expect(await ids("is_runnable=false&")).toEqual([fresh]);
    expect(await ids("")).toEqual([trained, fresh]);
    expect((await call(emu, "GET", "detectors/?is_runnable=maybe")).status).toBe(400);
    const runnable = await (await picterra.listDetectors({ runnable: true })).toArray();
    expect(runnable.map((d) => [d.id, d.is_runnable])).toEqual([[trained, true]]);
  });
});

describe("a raster's footprint", () => {
  it("getRaster answers its outline in lon/lat (a closed, counter-clockwise Polygon); lists leave it out", async () => {
    const emu = await emulator({ pollsUntilDone: 0 });
    const picterra = client(emu);
    const id = await picterra.uploadRaster(
      geoTiff(100, 50, { epsg: 4326, origin: [6.63, 46.52], pixel: 0.0001 }),
      "lausanne.tif",
    );
    const raster = await picterra.getRaster(id);
    const footprint = raster.footprint;
    if (footprint?.type !== "Polygon")
      throw new Error(`expected a Polygon, got ${JSON.stringify(footprint)}`);
    const ring = footprint.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const lons = ring.map((p) => p[0]!);
    const lats = ring.map((p) => p[1]!);
    expect(Math.min(...lons)).toBeCloseTo(6.63, 9);
    expect(Math.max(...lons)).toBeCloseTo(6.64, 9);
    expect(Math.min(...lats)).toBeCloseTo(46.515, 9);
    expect(Math.max(...lats)).toBeCloseTo(46.52, 9);
    // The shoelace sum of a counter-clockwise ring is positive.
    let twiceArea = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      twiceArea += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    }
    expect(twiceArea).toBeGreaterThan(0);
    const [listed] = await (await picterra.listRasters()).toArray();
    expect(listed).not.toHaveProperty("footprint");
  });

  it("is null while the raster is not processed", async () => {
    const emu = await emulator();
    const created = (await call(emu, "POST", "rasters/upload/file/", { json: { name: "pending" } })).body as {
      raster_id: string;
    };
    expect((await call(emu, "GET", `rasters/${created.raster_id}/`)).body).toMatchObject({
      status: "pending",
      footprint: null,
    });
  });
});
