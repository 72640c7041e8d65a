import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as browser from "../src/index";
import { PicterraError } from "@picterra/core";
import * as node from "../src/node";
import { NongeoInputError, nongeoPointToPixel, nongeoResultFileToPixel, readGeoJsonFile } from "../src/node";
import { lngLatPolygon, maxDifference, pixelBox } from "./support/geojson";

const RESULT = {
  type: "FeatureCollection" as const,
  features: [
    {
      type: "Feature" as const,
      properties: { class_name: "tree" },
      geometry: { type: "Polygon" as const, coordinates: lngLatPolygon(pixelBox(10, 20, 30, 40)) },
    },
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "picterra-nongeo-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("@picterra/nongeo/node", () => {
  it("reads a GeoJSON file path, like the Python nongeo_result_to_pixel", async () => {
    const path = await file("result.geojson", JSON.stringify(RESULT));
    const out = await nongeoResultFileToPixel(path);
    expect(maxDifference(out, [[pixelBox(10, 20, 30, 40)]])).toBeLessThan(1e-6);
    expect(out).toEqual(browser.nongeoResultToPixel(RESULT));
  });

  it("accepts a file: URL", async () => {
    const path = await file("url.geojson", JSON.stringify(RESULT));
    expect(await nongeoResultFileToPixel(pathToFileURL(path))).toEqual(browser.nongeoResultToPixel(RESULT));
  });

  it("one name, one behaviour: nongeoResultToPixel is the same synchronous function on both entries", () => {
    expect(node.nongeoResultToPixel).toBe(browser.nongeoResultToPixel);
    expect(node.nongeoResultToPixel(RESULT)).toEqual(browser.nongeoResultToPixel(RESULT));
  });

  it("says which file is missing, and keeps the ENOENT code", async () => {
    const path = join(dir, "missing.geojson");
    const error = await nongeoResultFileToPixel(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NongeoInputError);
    expect(error).toBeInstanceOf(PicterraError);
    expect((error as Error).message).toBe(`Cannot read GeoJSON file "${path}": no such file`);
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("says which file is not JSON", async () => {
    const path = await file("broken.geojson", '{"type": "FeatureCollection", "features": [');
    const error = await nongeoResultFileToPixel(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NongeoInputError);
    expect((error as Error).message).toMatch(/^GeoJSON file ".*broken\.geojson" is not valid JSON: /);
  });

  it("quotes none of a file that is not JSON (a key file given by mistake shows no part of the key)", async () => {
    const key = "k3y-0123456789abcdef";
    const path = await file("picterra.key", `${key}\n`);
    const error = await nongeoResultFileToPixel(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NongeoInputError);
    expect((error as Error).message).toBe(
      `GeoJSON file "${path}" is not valid JSON: Unexpected token 'k', … is not valid JSON`,
    );
    expect(inspect(error, { depth: 5 })).not.toContain(key.slice(1, 8));
  });

  it("names the file when its GeoJSON is not a polygon result", async () => {
    const path = await file("points.geojson", JSON.stringify({ type: "Point", coordinates: [0, 0] }));
    await expect(nongeoResultFileToPixel(path)).rejects.toThrow(
      new NongeoInputError(
        `${path}: input is a Point; expected a Polygon, MultiPolygon, Feature or FeatureCollection`,
      ),
    );
  });

  it("exposes readGeoJsonFile and the browser-safe functions", async () => {
    const path = await file("read.geojson", JSON.stringify(RESULT));
    expect(await readGeoJsonFile(path)).toEqual(RESULT);
    expect(nongeoPointToPixel).toBe(browser.nongeoPointToPixel);
  });
});
