import { PicterraError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import {
  type NongeoInput,
  NongeoInputError,
  nongeoPointToPixel,
  nongeoResultToPixel,
  nongeoResultToPixelFeatureCollection,
  pixelToNongeoPoint,
} from "../src/index";
import { lngLatPolygon, pixelBox } from "./support/geojson";

const GOOD_POLYGON = { type: "Polygon", coordinates: lngLatPolygon(pixelBox(0, 0, 10, 10)) };
const feature = (geometry: unknown) => ({ type: "Feature", properties: {}, geometry });
const collection = (...features: unknown[]) => ({ type: "FeatureCollection", features });
const ringWith = (position: unknown) => [[0, 0], [0.0001, 0], position, [0, 0]];

// [what is wrong, input, the exact message]
const CASES: Array<[string, unknown, string]> = [
  ["null", null, "input is null; expected a Polygon, MultiPolygon, Feature or FeatureCollection"],
  [
    "undefined",
    undefined,
    "input is missing; expected a Polygon, MultiPolygon, Feature or FeatureCollection",
  ],
  [
    "a string",
    "result.geojson",
    'input is the string "result.geojson"; expected a Polygon, MultiPolygon, Feature or FeatureCollection',
  ],
  ["a number", 42, "input is the number 42; expected a Polygon, MultiPolygon, Feature or FeatureCollection"],
  ["an array", [[0, 0]], "input is [[0,0]]; expected a Polygon, MultiPolygon, Feature or FeatureCollection"],
  [
    "an object without type",
    {},
    "input is an object without a GeoJSON type; expected a Polygon, MultiPolygon, Feature or FeatureCollection",
  ],
  [
    "an unknown type",
    { type: "Circle" },
    'input is an object with type "Circle"; expected a Polygon, MultiPolygon, Feature or FeatureCollection',
  ],
  [
    "a Point",
    { type: "Point", coordinates: [0, 0] },
    "input is a Point; expected a Polygon, MultiPolygon, Feature or FeatureCollection",
  ],
  [
    "a LineString",
    {
      type: "LineString",
      coordinates: [
        [0, 0],
        [1, 1],
      ],
    },
    "input is a LineString; expected a Polygon, MultiPolygon, Feature or FeatureCollection",
  ],
  [
    "a GeometryCollection",
    { type: "GeometryCollection", geometries: [GOOD_POLYGON] },
    "input is a GeometryCollection; expected a Polygon, MultiPolygon, Feature or FeatureCollection",
  ],
  ["a Feature with null geometry", feature(null), "geometry is null; expected Polygon or MultiPolygon"],
  [
    "a Feature of a Point",
    feature({ type: "Point", coordinates: [0, 0] }),
    "geometry is a Point; expected Polygon or MultiPolygon",
  ],
  [
    "a Feature without geometry",
    { type: "Feature", properties: {} },
    "geometry is missing; expected Polygon or MultiPolygon",
  ],
  [
    "a LineString in a FeatureCollection",
    collection(
      feature(GOOD_POLYGON),
      feature(GOOD_POLYGON),
      feature(GOOD_POLYGON),
      feature({ type: "LineString", coordinates: [] }),
    ),
    "features[3].geometry is a LineString; expected Polygon or MultiPolygon",
  ],
  [
    "a null geometry in a FeatureCollection",
    collection(feature(GOOD_POLYGON), feature(null)),
    "features[1].geometry is null; expected Polygon or MultiPolygon",
  ],
  [
    "a GeometryCollection in a FeatureCollection",
    collection(feature({ type: "GeometryCollection", geometries: [GOOD_POLYGON] })),
    "features[0].geometry is a GeometryCollection; expected Polygon or MultiPolygon",
  ],
  [
    "a FeatureCollection without features",
    { type: "FeatureCollection" },
    "features is missing; expected an array of Features",
  ],
  [
    "a geometry where a Feature belongs",
    collection(GOOD_POLYGON),
    "features[0] is a Polygon; expected a Feature",
  ],
  [
    "null where a Feature belongs",
    collection(feature(GOOD_POLYGON), null),
    "features[1] is null; expected a Feature",
  ],
  [
    "Polygon coordinates that are not an array",
    { type: "Polygon", coordinates: "nope" },
    'coordinates is the string "nope"; expected an array of linear rings',
  ],
  [
    "Polygon without coordinates",
    { type: "Polygon" },
    "coordinates is missing; expected an array of linear rings",
  ],
  [
    "a ring that is not an array",
    { type: "Polygon", coordinates: [null] },
    "coordinates[0] is null; expected an array of positions",
  ],
  [
    "a MultiPolygon part that is not an array",
    { type: "MultiPolygon", coordinates: [GOOD_POLYGON.coordinates, 5] },
    "coordinates[1] is the number 5; expected an array of linear rings",
  ],
  [
    "a string coordinate",
    collection(feature({ type: "Polygon", coordinates: [ringWith(["0.1", 0])] })),
    'features[0].geometry.coordinates[0][2] is ["0.1",0]; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90',
  ],
  [
    "a NaN coordinate (in a MultiPolygon in a Feature)",
    feature({ type: "MultiPolygon", coordinates: [GOOD_POLYGON.coordinates, [ringWith([Number.NaN, 0])]] }),
    "geometry.coordinates[1][0][2] is [null,0]; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90",
  ],
  [
    "a latitude out of range",
    { type: "Polygon", coordinates: [ringWith([0, 91])] },
    "coordinates[0][2] is [0,91]; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90",
  ],
  [
    "a longitude out of range",
    { type: "Polygon", coordinates: [ringWith([-180.5, 0])] },
    "coordinates[0][2] is [-180.5,0]; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90",
  ],
  [
    "a position without latitude",
    { type: "Polygon", coordinates: [ringWith([0])] },
    "coordinates[0][2] is [0]; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90",
  ],
  [
    "a position that is an object",
    { type: "Polygon", coordinates: [ringWith({ lng: 0, lat: 0 })] },
    "coordinates[0][2] is an object without a GeoJSON type; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90",
  ],
];

describe("invalid input", () => {
  it.each(CASES)(
    "rejects %s with a NongeoInputError (a PicterraError) that says where and what",
    (_, input, message) => {
      const run = () => nongeoResultToPixel(input as NongeoInput);
      expect(run).toThrow(NongeoInputError);
      expect(run).toThrow(PicterraError);
      expect(run).toThrow(message);
      // The FeatureCollection variant walks the same way, so it must fail the same way.
      expect(() => nongeoResultToPixelFeatureCollection(input as NongeoInput)).toThrow(message);
    },
  );

  it("checks every feature's structure before converting any coordinates", () => {
    // A wrong geometry type is reported even when an earlier feature has a bad coordinate, so a
    // result that is not polygons at all is rejected before the (costly) conversion starts.
    const input = collection(
      feature({ type: "Polygon", coordinates: [ringWith([0, 91])] }),
      feature({ type: "Point", coordinates: [0, 0] }),
    );
    expect(() => nongeoResultToPixel(input as NongeoInput)).toThrow(
      "features[1].geometry is a Point; expected Polygon or MultiPolygon",
    );
  });

  it("shortens long values in messages", () => {
    const long = "x".repeat(500);
    expect(() => nongeoResultToPixel(long as unknown as NongeoInput)).toThrow(/"x{39}…; expected/);
  });

  it("describes values JSON cannot show", () => {
    const circular: unknown[] = [];
    circular.push(circular);
    expect(() =>
      nongeoResultToPixel({ type: "Polygon", coordinates: [[circular]] } as unknown as NongeoInput),
    ).toThrow("coordinates[0][0] is ; expected");
  });

  it("rejects bad single points", () => {
    expect(() => nongeoPointToPixel([0, 100])).toThrow(
      new NongeoInputError(
        "lngLat is [0,100]; expected a [lng, lat] position with -180 ≤ lng ≤ 180 and -90 ≤ lat ≤ 90",
      ),
    );
    expect(() => nongeoPointToPixel(null as unknown as number[])).toThrow("lngLat is null");
    expect(() => pixelToNongeoPoint([1, Number.POSITIVE_INFINITY])).toThrow(
      new NongeoInputError("pixel is [1,null]; expected an [x, y] position of finite numbers"),
    );
    expect(() => pixelToNongeoPoint("1,2" as unknown as number[])).toThrow('pixel is the string "1,2"');
  });
});
