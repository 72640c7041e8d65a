import { PicterraError, ValidationError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import { nongeoResultToPixel, nongeoResultToPixelFeatureCollection } from "../src/index";
import { readGeoJsonFile } from "../src/node";
import { lngLatPolygon, pixelBox } from "./support/geojson";

// Input from a file or a server: another CRS is refused, keys named __proto__ stay data, and every error is a
// PicterraError.

const feature = (properties: unknown) => ({
  type: "Feature" as const,
  properties,
  geometry: { type: "Polygon" as const, coordinates: lngLatPolygon(pixelBox(0, 0, 10, 10)) },
});

describe("nongeo input", () => {
  it("a crs member other than WGS 84 is refused, naming it", () => {
    const input = {
      type: "FeatureCollection",
      crs: { type: "name", properties: { name: "EPSG:3857" } },
      features: [feature({})],
    };
    expect(() => nongeoResultToPixel(input as never)).toThrow(ValidationError);
    expect(() => nongeoResultToPixel(input as never)).toThrow("input has a crs member naming 'EPSG:3857'");
    const wgs84 = { ...input, crs: { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } } };
    expect(nongeoResultToPixel(wgs84 as never)).toHaveLength(1);
  });

  it("a feature's or a geometry's own crs (GeoJSON 2008 lets a child override it) is refused too", () => {
    const mercator = { type: "name", properties: { name: "EPSG:3857" } };
    const ownFeature = {
      type: "FeatureCollection",
      features: [feature({}), { ...feature({}), crs: mercator }],
    };
    expect(() => nongeoResultToPixel(ownFeature as never)).toThrow(
      "input.features[1] has a crs member naming 'EPSG:3857'",
    );
    const f = feature({});
    const ownGeometry = { ...f, geometry: { ...f.geometry, crs: mercator } };
    expect(() => nongeoResultToPixel(ownGeometry as never)).toThrow(ValidationError);
    expect(() => nongeoResultToPixel(ownGeometry as never)).toThrow(
      "input.geometry has a crs member naming 'EPSG:3857'",
    );
  });

  it("properties named __proto__ and constructor are copied as data, with no prototype set", () => {
    const properties = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "tree", "class_name": "x"}');
    const out = nongeoResultToPixelFeatureCollection({
      type: "FeatureCollection",
      features: [feature(properties)],
    } as never);
    const copied = out.features[0]!.properties!;
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(["__proto__", "constructor", "class_name"]);
    expect((copied as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each([
    ["null", null],
    ["a number", 42],
    ["a file: URL with a host", new URL("file://some-host/x.geojson")],
    ["an http: URL", new URL("https://example.com/x.geojson")],
  ])("readGeoJsonFile(%s) rejects with a PicterraError, never a raw TypeError", async (_, file) => {
    const error = await readGeoJsonFile(file as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicterraError);
  });
});
