import { describe, expect, it } from "vitest";
import { call, client, emulator } from "./helpers";

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  page_size: number;
  results: { id: string; name: string }[];
}

describe("pagination", () => {
  it("answers count/next/previous/page_size/results with absolute links that keep the filters", async () => {
    const emu = await emulator();
    const folder = await client(emu).createFolder("seeded");
    emu.seedRasters(45, folder);
    emu.seedRasters(3);
    const base = `${emu.url}rasters/`;

    const first = (await call(emu, "GET", `rasters/?folder=${folder}&search=SEED&page_number=1`))
      .body as Page;
    expect(first.count).toBe(45);
    expect(first.page_size).toBe(20);
    expect(first.results).toHaveLength(20);
    expect(first.results[0]!.name).toBe("seed raster 000001");
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${base}?folder=${folder}&search=SEED&page_number=2`);

    const second = (await fetchJson(first.next!, emu.apiKey)) as Page;
    expect(second.results[0]!.name).toBe("seed raster 000021");
    // As DRF: the link back to page 1 drops page_number.
    expect(second.previous).toBe(`${base}?folder=${folder}&search=SEED`);
    expect(second.next).toBe(`${base}?folder=${folder}&search=SEED&page_number=3`);

    const last = (await fetchJson(second.next!, emu.apiKey)) as Page;
    expect(last.results.map((r) => r.name)).toEqual([41, 42, 43, 44, 45].map((n) => `seed raster 0000${n}`));
    expect(last.next).toBeNull();
    expect(last.previous).toBe(`${base}?folder=${folder}&search=SEED&page_number=2`);
  });

  it("answers 404 Invalid page past the last page, and an empty first page for an empty list", async () => {
    const emu = await emulator();
    emu.seedRasters(5);
    const past = await call(emu, "GET", "rasters/?page_number=2");
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ detail: "Invalid page." });
    const empty = await call(emu, "GET", "detectors/?page_number=1");
    expect(empty.body).toEqual({ count: 0, next: null, previous: null, page_size: 20, results: [] });
    expect((await call(emu, "GET", "detectors/?page_number=2")).status).toBe(404);
  });

  it("honours page_size and the pageSize option", async () => {
    const emu = await emulator({ pageSize: 7 });
    emu.seedRasters(10);
    const byOption = (await call(emu, "GET", "rasters/")).body as Page;
    expect([byOption.page_size, byOption.results.length]).toEqual([7, 7]);
    const byQuery = (await call(emu, "GET", "rasters/?page_size=4&page_number=3")).body as Page;
    expect([byQuery.page_size, byQuery.results.length]).toEqual([4, 2]);
    expect(byQuery.next).toBeNull();
    expect(byQuery.previous).toBe(`${emu.url}rasters/?page_size=4&page_number=2`);
  });

  it("walks every page through the client's ResultsPage", async () => {
    const emu = await emulator();
    emu.seedRasters(53);
    const page = await client(emu).listRasters({ pageSize: 10 });
    const all = await page.toArray();
    expect(all).toHaveLength(53);
    expect(new Set(all.map((r) => r.id)).size).toBe(53);
    const second = await page.next();
    expect((await second!.previous())!.results.map((r) => r.id)).toEqual(page.results.map((r) => r.id));
  });

  it("filters rasters by folder, search, user_tag, cloud coverage, capture date and vector layers", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    const ids = emu.seedRasters(30); // cloud_coverage = index, captured 2020-01-01 + index days
    await picterra.editRaster(ids[3]!, { name: "Farm North", userTag: "farm" });
    await picterra.editRaster(ids[4]!, { name: "farm south", userTag: "farm" });
    const names = async (query: string) =>
      ((await call(emu, "GET", `rasters/?${query}`)).body as Page).results.map((r) => r.id);

    expect(await names("search=FARM")).toEqual([ids[3], ids[4]]);
    expect(await names("user_tag=farm")).toEqual([ids[3], ids[4]]);
    expect(await names("max_cloud_coverage=2")).toEqual(ids.slice(0, 3));
    expect(await names("captured_before=2020-01-03T00:00:00Z")).toEqual(ids.slice(0, 2));
    expect(await names("captured_after=2020-01-29T00:00:00Z")).toEqual(ids.slice(29));
    expect(await names("folder=nope")).toEqual([]);
    expect(await names("has_vector_layers=true")).toEqual([]);
    await picterra.uploadVectorLayer(ids[7]!, { type: "FeatureCollection", features: [] });
    expect(await names("has_vector_layers=true")).toEqual([ids[7]]);
    expect(((await call(emu, "GET", "rasters/?has_vector_layers=false")).body as Page).count).toBe(29);
  });

  it("filters detectors by search", async () => {
    const emu = await emulator();
    const picterra = client(emu);
    await picterra.createDetector({ name: "Cows" });
    const trees = await picterra.createDetector({ name: "Old trees" });
    const found = await picterra.listDetectors({ searchString: "TREE" });
    expect(found.results.map((d) => d.id)).toEqual([trees]);
    expect((await picterra.listDetectors({ isShared: true })).count).toBe(0);
  });

  it("lists 10,000 rasters at 100 a page, every one once (its speed is measured by pnpm bench)", async () => {
    const emu = await emulator({ validateResponses: false });
    emu.seedRasters(10_000);
    let url: string | null = `${emu.url}rasters/?page_size=100&search=seed`;
    const ids = new Set<string>();
    let pages = 0;
    while (url) {
      const page = (await fetchJson(url, emu.apiKey)) as Page;
      for (const raster of page.results) ids.add((raster as { id: string }).id);
      pages++;
      url = page.next;
    }
    expect(ids.size).toBe(10_000);
    expect(pages).toBe(100);
  });
});

async function fetchJson(url: string, key: string): Promise<unknown> {
  const response = await fetch(url, { headers: { "X-Api-Key": key } });
  expect(response.status).toBe(200);
  return response.json();
}
