import nock from "nock";
import { describe, expect, it } from "vitest";
import { type Page, PicterraError, type Raster, ResultsPage } from "../src/index";
import { api, countUnmatched, expectAPIError, newClient, p, page, rejection, u, useNock } from "./helpers";

useNock();

const raster = (n: number) => ({ id: `r${n}`, name: `raster ${n}`, status: "ready" });
const PAGE_1 = u("/rasters/?page_number=1");
const PAGE_2 = u("/rasters/?page_number=2&search=farm+2");
const PAGE_3 = u("/rasters/?page_number=3&search=farm+2");

/** Three pages of 2 + 2 + 1 rasters, as the API links them. */
function threePages() {
  const first = api()
    .get(p("/rasters/"))
    .query({ page_number: "1", search: "farm 2" })
    .reply(200, page([raster(1), raster(2)], { count: 5, next: PAGE_2 }));
  const second = api()
    .get(p("/rasters/"))
    .query({ page_number: "2", search: "farm 2" })
    .reply(200, page([raster(3), raster(4)], { count: 5, next: PAGE_3, previous: PAGE_1 }));
  const third = api()
    .get(p("/rasters/"))
    .query({ page_number: "3", search: "farm 2" })
    .reply(200, page([raster(5)], { count: 5, previous: PAGE_2 }));
  return { first, second, third };
}

/** A page of rasters standing alone: its loader answers from `following` by URL and records each URL in `loaded`. */
function pageWithLoader(page1: Page<Raster>, following: Record<string, Page<Raster>>) {
  const loaded: string[] = [];
  const first = new ResultsPage<Raster>(page1, async (url) => {
    loaded.push(url);
    return following[url] as Page<Raster>;
  });
  return { first, loaded };
}

describe("ResultsPage", () => {
  it("has length, count, results, at() and iterates over its own items", async () => {
    const { first } = threePages();
    const rasters = await newClient().listRasters({ searchString: "farm 2" });
    expect(rasters.length).toBe(2);
    expect(rasters.count).toBe(5);
    expect(rasters.results).toEqual([raster(1), raster(2)]);
    expect(rasters.at(0)).toEqual(raster(1));
    expect(rasters.at(-1)).toEqual(raster(2));
    expect(rasters.at(2)).toBeUndefined();
    expect([...rasters]).toEqual([raster(1), raster(2)]);
    expect(rasters.nextUrl).toBe(PAGE_2);
    expect(rasters.previousUrl).toBeNull();
    first.done();
  });

  it("next() follows the absolute next URL with the API key, previous() goes back, both end with null", async () => {
    const { first, second, third } = threePages();
    const back = api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(200, page([raster(1), raster(2)], { count: 5, next: PAGE_2 }));
    const page1 = await newClient().listRasters({ searchString: "farm 2" });
    expect(await page1.previous()).toBeNull();
    const page2 = await page1.next();
    expect(page2?.results).toEqual([raster(3), raster(4)]);
    const page3 = await page2?.next();
    expect(page3?.results).toEqual([raster(5)]);
    expect(page3?.count).toBe(5);
    expect(await page3?.next()).toBeNull();
    const again = await page2?.previous();
    expect(again?.results).toEqual([raster(1), raster(2)]);
    for (const scope of [first, second, third, back]) scope.done();
  });

  it("all() yields every item of every page in order, loading each page once", async () => {
    const { first, second, third } = threePages();
    const page1 = await newClient().listRasters({ searchString: "farm 2" });
    const ids: string[] = [];
    for await (const r of page1.all()) ids.push(r.id);
    expect(ids).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    for (const scope of [first, second, third]) scope.done();
  });

  it("toArray() collects every item", async () => {
    const { first, second, third } = threePages();
    const page1 = await newClient().listRasters({ searchString: "farm 2" });
    expect(await page1.toArray()).toEqual([1, 2, 3, 4, 5].map(raster));
    for (const scope of [first, second, third]) scope.done();
  });

  it("requests a next link's query as the server wrote it: repeated keys and encoding kept", async () => {
    const link = u("/rasters/?page_number=2&status=ready&status=pending&search=caf%C3%A9+%26+co");
    api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(200, page([raster(1)], { count: 2, next: link }));
    const second = api()
      .get(`${p("/rasters/")}?page_number=2&status=ready&status=pending&search=caf%C3%A9+%26+co`)
      .reply(200, page([raster(2)], { count: 2 }));
    const page1 = await newClient().listRasters();
    expect((await page1.next())?.results).toEqual([raster(2)]);
    second.done();
  });

  it("refuses a next URL on another origin, and sends nothing there", async () => {
    const evil = nock("https://evil.test").get("/public/api/v2/rasters/").query(true).reply(200, page([]));
    const first = api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(
        200,
        page([raster(1)], { count: 2, next: "https://evil.test/public/api/v2/rasters/?page_number=2" }),
      );
    const unmatched = countUnmatched();
    const page1 = await newClient().listRasters();
    const error = await rejection(page1.next());
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(
      "GET https://evil.test/public/api/v2/rasters/?page_number=2 is a page link outside the API's base https://api.test/public/api/v2/: not followed",
    );
    expect(await rejection(page1.toArray())).toBeInstanceOf(PicterraError);
    unmatched.stop();
    expect(evil.isDone()).toBe(false);
    expect(unmatched.count).toBe(0);
    first.done();
  });

  it("refuses a link on the same origin outside the API's base path", async () => {
    const first = api()
      .get(p("/detectors/"))
      .query({ page_number: "1" })
      .reply(200, page([], { count: 1, previous: "https://api.test/admin/detectors/?page_number=1" }));
    const page1 = await newClient().listDetectors();
    const error = await rejection(page1.previous());
    expect((error as Error).message).toContain(
      "GET https://api.test/admin/detectors/?page_number=1 is a page link outside the API's base",
    );
    first.done();
  });

  it("an error on a following page is an APIError", async () => {
    const first = api()
      .get(p("/rasters/r1/markers/"))
      .query({ page_number: "1" })
      .reply(200, page([], { count: 3, next: u("/rasters/r1/markers/?page_number=2") }));
    const second = api()
      .get(p("/rasters/r1/markers/"))
      .query({ page_number: "2" })
      .reply(404, { detail: "Invalid page." });
    const page1 = await newClient().listRasterMarkers("r1");
    await expectAPIError(page1.next(), {
      status: 404,
      method: "GET",
      url: u("/rasters/r1/markers/?page_number=2"),
      body: { detail: "Invalid page." },
      detail: "Invalid page.",
    });
    first.done();
    second.done();
  });

  it("works on its own with any loader", async () => {
    const { first, loaded } = pageWithLoader(
      { count: 3, next: "b", previous: null, results: [raster(1) as Raster] },
      {
        b: { count: 3, next: "c", previous: "a", results: [raster(2) as Raster] },
        c: { count: 3, next: null, previous: "b", results: [raster(3) as Raster] },
      },
    );
    const iterator = first.all();
    expect((await iterator.next()).value).toEqual(raster(1));
    expect(loaded).toEqual([]);
    expect((await iterator.next()).value).toEqual(raster(2));
    expect(loaded).toEqual(["b"]);
    expect(await first.toArray()).toEqual([1, 2, 3].map(raster));
  });

  it("pages() yields this page and each following one; all() skips empty pages and ends after the last", async () => {
    const { first, loaded } = pageWithLoader(
      { count: 2, next: "b", previous: null, results: [raster(1) as Raster] },
      {
        b: { count: 2, next: "c", previous: "a", results: [] },
        c: { count: 2, next: null, previous: "b", results: [raster(2) as Raster] },
      },
    );
    const sizes: number[] = [];
    for await (const page of first.pages()) sizes.push(page.length);
    expect(sizes).toEqual([1, 0, 1]);
    const iterator = first.all();
    const seen: unknown[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) seen.push(r.value);
    expect(seen).toEqual([raster(1), raster(2)]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(loaded).toEqual(["b", "c", "b", "c"]);
  });
});

describe("iterating never ends in a loop", () => {
  const again = u("/rasters/?page_number=2");

  /** Two pages of rasters whose second links to itself, while `count` says there are 100 items. */
  function loopingPages() {
    return api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(200, page([raster(1)], { count: 100, next: again }))
      .get(p("/rasters/"))
      .query({ page_number: "2" })
      .reply(200, page([raster(2)], { count: 100, next: again }));
  }

  it("a next link pointing to the same page stops at `count` items", async () => {
    const self = u("/rasters/?page_number=1");
    const scope = api()
      .get(p("/rasters/"))
      .query({ page_number: "1" })
      .reply(200, page([raster(1)], { count: 1, next: self }));
    const unmatched = countUnmatched();
    const items = await (await newClient().listRasters()).toArray();
    unmatched.stop();
    expect(items).toEqual([raster(1)]);
    expect(unmatched.count).toBe(0);
    scope.done();
  });

  it("a link seen before is an error, even when count says there is more", async () => {
    const scope = loopingPages();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const r of await newClient().listRasters()) seen.push(r.id);
      })(),
    );
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(`GET ${again} is a page link seen before: the page chain loops`);
    expect(seen).toEqual(["r1", "r2"]);
    scope.done();
  });

  it("pages() refuses a loop too", async () => {
    const scope = loopingPages();
    const pages: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const pg of (await newClient().listRasters()).pages()) pages.push(pg.length);
      })(),
    );
    expect((error as Error).message).toContain("the page chain loops");
    expect(pages).toEqual([1, 1]);
    scope.done();
  });
});

describe("for await on a page", () => {
  it("goes through every item of every page (sync iteration stays on the page)", async () => {
    const { first, second, third } = threePages();
    const page1 = await newClient().listRasters({ searchString: "farm 2" });
    expect([...page1].map((r) => r.id)).toEqual(["r1", "r2"]);
    const all: string[] = [];
    for await (const r of page1) all.push(r.id);
    expect(all).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    for (const scope of [first, second, third]) scope.done();
  });
});
