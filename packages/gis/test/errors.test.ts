// Bad input and values a format cannot hold: a ValidationError (a PicterraError) naming the problem, thrown
// before anything is written, never a silent cut.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PicterraError, ValidationError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import {
  GisInputError,
  checkFormatCrs,
  crsDefinition,
  pixelResultObjects,
  resultObjects,
  toCsv,
  toGeoJson,
  toShapefile,
  writeLayer,
} from "../src/node";
import { META, PIXELS, ZURICH, square } from "./support/fixtures";

const dir = mkdtempSync(join(tmpdir(), "gis-errors-"));
const objects = resultObjects(ZURICH, META);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GisInputError);
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toBeInstanceOf(PicterraError);
  return error as Error;
}

describe("CRS errors, before anything is written", () => {
  it("an unknown EPSG code names it", async () => {
    const path = join(dir, "unknown.gpkg");
    const error = await rejection(writeLayer(path, objects, { crs: "EPSG:999999" }));
    expect(error.message).toMatch(/^EPSG:999999 is not a CRS this library knows: the table holds the \d{4} /);
    expect(existsSync(path)).toBe(false);
  });

  it("a CRS that is not EPSG:NNNN is refused with the form expected", async () => {
    const error = await rejection(toGeoJson(objects, { crs: "LV95" }));
    expect(error.message).toBe('crs "LV95" is not of the form EPSG:NNNN (e.g. EPSG:2056)');
  });

  it("a CRS whose area of use is far from the data names both", async () => {
    const ivoryCoast = resultObjects({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { class_name: "plot" },
          geometry: { type: "Polygon", coordinates: [square(-6.41, 5.8, 0.01)] },
        },
      ],
    });
    const path = join(dir, "far.fgb");
    const error = await rejection(writeLayer(path, ivoryCoast, { crs: "EPSG:2056" }));
    expect(error.message).toMatch(
      /^EPSG:2056 \(CH1903\+ \/ LV95\) cannot hold feature 0: it lies at -6.41, 5.8, far from the CRS's area of use \(5.96..10.49°E, 45.82..47.81°N\)$/,
    );
    expect(existsSync(path)).toBe(false);
  });

  it("a transform giving non-finite numbers is refused (Web Mercator at the pole)", async () => {
    const polar = [
      {
        type: "Feature" as const,
        properties: {},
        geometry: { type: "Polygon" as const, coordinates: [square(0, 89.5, 0.5)] },
      },
    ];
    const error = await rejection(toCsv(polar, { crs: "EPSG:3857" }));
    expect(error.message).toMatch(/^EPSG:3857 \(WGS 84 \/ Pseudo-Mercator\) cannot hold feature 0/);
  });

  it("pixel results cannot be reprojected, nor written as GeoJSON", async () => {
    const pixels = pixelResultObjects(PIXELS);
    expect((await rejection(toCsv(pixels, { crs: "EPSG:2056" }))).message).toMatch(
      /cannot be applied to pixel coordinates of a non-georeferenced image/,
    );
    expect((await rejection(toGeoJson(pixels))).message).toMatch(
      /^pixel coordinates cannot be written as GeoJSON/,
    );
  });

  it("reads EPSG:2056's definition from the table", async () => {
    const lv95 = await crsDefinition("epsg:2056");
    expect(lv95).toMatchObject({ code: 2056, name: "CH1903+ / LV95", geographic: false, unit: "metre" });
    expect(lv95.proj4).toMatch(/^\+proj=somerc /);
    expect(lv95.wkt).toMatch(/^PROJCS\["CH1903\+ \/ LV95"/);
    expect(lv95.area).toEqual([5.96, 45.82, 10.49, 47.81]);
  });
});

describe("a CRS the EPSG table has no WKT for (kept for its proj4 definition)", () => {
  it("is known, with a null WKT", async () => {
    const bern = await crsDefinition("EPSG:4801");
    expect(bern).toMatchObject({ code: 4801, name: "Bern 1898 (Bern)", geographic: true, wkt: null });
    expect(bern.proj4).toMatch(/\+pm=bern/);
  });

  it("a GeoPackage or a Shapefile, which declare their CRS as WKT, is refused naming it; nothing is written", async () => {
    for (const [ext, format] of [
      ["gpkg", "GeoPackage"],
      ["shp", "Shapefile"],
    ] as const) {
      const path = join(dir, `bern.${ext}`);
      const error = await rejection(writeLayer(path, objects, { crs: "EPSG:4801" }));
      expect(error.message).toBe(
        `EPSG:4801 (Bern 1898 (Bern)) has no WKT in the EPSG table, and a ${format}${format === "Shapefile" ? " (.prj)" : ""} declares its CRS as WKT: write FlatGeobuf, GeoJSON or CSV, or choose another CRS`,
      );
      expect(readdirSync(dir).filter((f) => f.startsWith("bern."))).toEqual([]);
    }
  });

  it("checkFormatCrs says so before any work, for the formats that need a WKT only", async () => {
    const bern = await crsDefinition("EPSG:4801");
    expect(() => checkFormatCrs("gpkg", bern)).toThrow(/^EPSG:4801 \(Bern 1898 \(Bern\)\) has no WKT/);
    expect(() => checkFormatCrs("shp", bern)).toThrow(GisInputError);
    for (const format of ["fgb", "csv", "geojson"]) expect(() => checkFormatCrs(format, bern)).not.toThrow();
    const lv95 = await crsDefinition("EPSG:2056");
    expect(() => checkFormatCrs("gpkg", lv95)).not.toThrow();
  });
});

describe("server text in a message", () => {
  it("is shown with DEL, C1 and bidi controls escaped (JSON escapes only C0)", () => {
    let message = "";
    try {
      resultObjects("\u202e\x9b31m\x7f\u2028" as never, META);
    } catch (error) {
      expect(error).toBeInstanceOf(GisInputError);
      message = (error as Error).message;
    }
    expect(message).toBe('a result must be a GeoJSON FeatureCollection; got "\\u202e\\x9b31m\\x7f\\u2028"');
  });
});

describe("values a format cannot hold", () => {
  it("Shapefile: a text over 254 bytes, never cut", async () => {
    const long = objects.map((o) => ({ ...o, properties: { ...o.properties, input: "é".repeat(128) } }));
    const path = join(dir, "long.shp");
    const error = await rejection(writeLayer(path, long));
    expect(error.message).toMatch(/^feature 0: input is 256 bytes of UTF-8 .*at most 254/);
    expect(readdirSync(dir).filter((f) => f.startsWith("long."))).toEqual([]);
  });

  it("Shapefile: a field name over 10 characters without a Shapefile name", async () => {
    const named = objects.map((o) => ({ ...o, properties: { ...o.properties, canopy_height: 3 } }));
    const error = await rejection(toShapefile(named));
    expect(error.message).toMatch(
      /^field "canopy_height" has no Shapefile name: dBase names are at most 10 ASCII characters/,
    );
    const parts = await toShapefile(named, { shapefileNames: { canopy_height: "canopy_h" } });
    expect(Buffer.from(parts.dbf).includes("canopy_h")).toBe(true);
  });

  it("Shapefile: a number wider than dBase's 24 characters", async () => {
    const huge = [{ ...objects[0]!, properties: { ...objects[0]!.properties, area_m2: 1e30 } }];
    expect((await rejection(toShapefile(huge))).message).toMatch(
      /area_m2: 1e\+30 does not fit in a dBase number of 24 characters/,
    );
  });

  it("a MultiPolygon in a Polygon layer, a point, a ring left open, an unknown attribute", async () => {
    const poly = objects[0]!;
    const multi = {
      type: "Feature" as const,
      properties: poly.properties,
      geometry: { type: "MultiPolygon" as const, coordinates: [poly.geometry.coordinates] },
    };
    expect((await rejection(toCsv([poly, multi]))).message).toMatch(
      /^feature 1 is a MultiPolygon in a Polygon layer/,
    );
    expect(await toCsv([poly, multi], { geometryType: "MultiPolygon" })).toMatch(/MULTIPOLYGON \(\(\(/);
    const point = { ...poly, geometry: { type: "Point", coordinates: [8, 47] } } as never;
    expect((await rejection(toCsv([point]))).message).toMatch(/^feature 0 has the geometry "Point"/);
    const open = {
      ...poly,
      geometry: {
        type: "Polygon" as const,
        coordinates: [
          square(8, 47, 1)
            .slice(0, 4)
            .concat([[8, 47.5]]),
        ],
      },
    };
    expect((await rejection(toCsv([open]))).message).toMatch(/ring 0 is not closed/);
    const extra = { ...poly, properties: { ...poly.properties, note: "x" } };
    expect((await rejection(toCsv([poly, extra]))).message).toMatch(/^feature 1 has the attribute "note"/);
  });

  it("a result that is not a result, a polygon outside lon/lat", () => {
    expect(() => resultObjects({ type: "Feature" } as never)).toThrow(GisInputError);
    expect(() =>
      resultObjects({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { class_name: "a" },
            geometry: { type: "Polygon", coordinates: [square(200, 0, 1)] },
          },
        ],
      }),
    ).toThrow(
      /features\[0\], polygon 0, ring 0 has the position \[200,0\]; expected \[lon, lat\] in degrees/,
    );
  });
});

describe("CSV quoting", () => {
  it("quotes any text that holds a comma, a quote or a line break, and GDAL-style readers get it back whole", async () => {
    const tricky = [{ ...objects[0]!, properties: { ...objects[0]!.properties, input: 'a,"b"\nc' } }];
    const csv = await toCsv(tricky);
    const [, row] = csv.split("\r\n");
    expect(row).toMatch(/^"POLYGON \(\(8.54 47.37, /);
    expect(csv).toContain(',"a,""b""\nc",');
  });
});

describe("files: nothing partial, nothing the caller did not name", () => {
  it("a bad feature leaves the file that was there as it was", async () => {
    const path = join(dir, "keep.gpkg");
    writeFileSync(path, "before");
    await rejection(
      writeLayer(path, [
        ...objects,
        { ...objects[0]!, properties: { ...objects[0]!.properties, area_m2: "big" } } as never,
      ]),
    );
    expect(readFileSync(path, "utf8")).toBe("before");
    expect(readdirSync(dir).filter((f) => f.includes("keep.gpkg"))).toEqual(["keep.gpkg"]);
  });

  it("a format that does not match the file's extension, or none at all, is refused", async () => {
    expect((await rejection(writeLayer(join(dir, "x.gpkg"), objects, { format: "csv" }))).message).toMatch(
      /named as gpkg/,
    );
    expect((await rejection(writeLayer(join(dir, "x.txt"), objects))).message).toMatch(
      /cannot tell the format/,
    );
  });

  it("a Shapefile of pixels removes the .prj of an older Shapefile of the same name (it would lie)", async () => {
    const path = join(dir, "again.shp");
    await writeLayer(path, objects, { crs: "EPSG:2056" });
    expect(existsSync(join(dir, "again.prj"))).toBe(true);
    const written = await writeLayer(path, pixelResultObjects(PIXELS));
    expect(written.files.map((f) => f.slice(dir.length + 1))).toEqual([
      "again.shp",
      "again.shx",
      "again.dbf",
      "again.cpg",
    ]);
    expect(existsSync(join(dir, "again.prj"))).toBe(false);
    expect(readFileSync(join(dir, "again.cpg"), "utf8")).toBe("UTF-8");
  });

  it("a CSV comes with its .csvt (the columns' types) and .prj; one of pixels removes an older .prj", async () => {
    const path = join(dir, "table.csv");
    const lv95 = await writeLayer(path, objects, { crs: "EPSG:2056" });
    expect(lv95.files.map((f) => f.slice(dir.length + 1))).toEqual(["table.csv", "table.csvt", "table.prj"]);
    expect(readFileSync(join(dir, "table.csvt"), "utf8")).toBe(
      '"WKT","String","String","String","String","String","Real","Real","Real","Real"\r\n',
    );
    expect(readFileSync(join(dir, "table.prj"), "utf8")).toMatch(/^PROJCS\["CH1903\+ \/ LV95"/);
    const inPixels = await writeLayer(path, pixelResultObjects(PIXELS));
    expect(inPixels.files.map((f) => f.slice(dir.length + 1))).toEqual(["table.csv", "table.csvt"]);
    expect(existsSync(join(dir, "table.prj"))).toBe(false);
  });
});
