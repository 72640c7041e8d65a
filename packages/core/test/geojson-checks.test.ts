import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PicterraClient, ValidationError, WGS84_CRS, checkFeatureCollection } from "../src/index";
import { checkKeyedPolygonCollection, checkPolygonCollection } from "../src/machinery/geojson-checks";
import { newClient, useNock, validatesBeforeAnyRequest } from "./helpers";

useNock();

const ring = (points: number[][]) => [...points, points[0]!];
const polygon = (coordinates: number[][][], properties: object = {}) => ({
  type: "Feature",
  properties,
  geometry: { type: "Polygon", coordinates },
});
const collection = (features: object[], extra: object = {}) => ({
  type: "FeatureCollection",
  ...extra,
  features,
});
const square = (x: number, y: number, d = 0.01) =>
  ring([
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
  ]);

/** Swiss LV95 (EPSG:2056) metres, as a plots file exported without reprojection holds them. */
const LV95 = collection(
  [
    polygon(
      [
        ring([
          [2600000, 1200000],
          [2600100, 1200000],
          [2600100, 1200100],
        ]),
      ],
      { plot_id: "farm-1" },
    ),
  ],
  { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::2056" } } },
);

function refusal(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error("expected a ValidationError");
}

describe("a crs member other than WGS 84 is refused, naming the CRS it saw", () => {
  it("a plots file in Swiss LV95 metres (crs EPSG:2056)", () => {
    expect(refusal(() => checkKeyedPolygonCollection("plots", LV95, "plot_id"))).toBe(
      "plots has a crs member naming 'urn:ogc:def:crs:EPSG::2056', not WGS 84 longitude/latitude: GeoJSON takes WGS 84 degrees (RFC 7946): reproject it to EPSG:4326 first",
    );
  });

  it.each([
    [{ type: "name", properties: { name: "EPSG:3857" } }, "'EPSG:3857'"],
    [{ type: "EPSG", properties: { code: 2056 } }, "'EPSG:2056'"],
    [{ type: "link", properties: { href: "http://example.com/crs/42" } }, "'http://example.com/crs/42'"],
    [{ type: "name" }, '{"type":"name"}'],
    ["EPSG:4326", "'EPSG:4326'"],
  ])("%j is refused", (crs, shown) => {
    expect(refusal(() => checkPolygonCollection("areas", collection([], { crs })))).toContain(
      `areas has a crs member naming ${shown}, not WGS 84`,
    );
  });

  const names = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "http://www.opengis.net/def/crs/EPSG/0/4326",
    "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "https://www.opengis.net/def/crs/EPSG/0/4326",
  ];
  it("WGS84_CRS matches those names and no other", () => {
    for (const name of names) expect(WGS84_CRS.test(name)).toBe(true);
    for (const name of ["EPSG:43260", "EPSG:2056", "urn:ogc:def:crs:EPSG::3857", "CRS84", "xEPSG:4326"]) {
      expect(WGS84_CRS.test(name)).toBe(false);
    }
  });

  it.each([...names, "urn:ogc:def:crs:ogc:1.3:crs84", " EPSG:4326 "])("%s (any case) is WGS 84", (name) => {
    const fc = collection([polygon([square(6.1, 46.2)])], { crs: { type: "name", properties: { name } } });
    expect(checkPolygonCollection("areas", fc)).toBe(fc);
  });

  // Web Mercator metres near (0, 0) fall within the degree ranges: only the crs says they are not degrees.
  const mercator = { type: "name", properties: { name: "EPSG:3857" } };
  it("a feature's own crs (GeoJSON 2008 lets a child override it) is refused, naming the feature", () => {
    const feature = { ...polygon([square(1, 1)]), id: "f1", crs: mercator };
    expect(refusal(() => checkPolygonCollection("areas", collection([feature])))).toBe(
      "areas.features[0] (id 'f1') has a crs member naming 'EPSG:3857', not WGS 84 longitude/latitude: GeoJSON takes WGS 84 degrees (RFC 7946): reproject it to EPSG:4326 first",
    );
  });

  it("a geometry's own crs is refused, in a GeometryCollection however nested too", () => {
    const own = { ...polygon([square(1, 1)], { plot_id: "p1" }) };
    own.geometry = { ...own.geometry, crs: mercator } as typeof own.geometry;
    expect(refusal(() => checkKeyedPolygonCollection("plots", collection([own]), "plot_id"))).toContain(
      "plots.features[0] (plot_id 'p1').geometry has a crs member naming 'EPSG:3857'",
    );
    const point = { type: "Point", coordinates: [1, 1], crs: mercator };
    const nested = {
      type: "Feature",
      properties: {},
      geometry: {
        type: "GeometryCollection",
        geometries: [{ type: "GeometryCollection", geometries: [point] }],
      },
    };
    expect(refusal(() => checkFeatureCollection("annotations", collection([nested])))).toContain(
      "annotations.features[0].geometry.geometries[0].geometries[0] has a crs member naming 'EPSG:3857'",
    );
    const wgs84 = { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } };
    const fine = { ...polygon([square(1, 1)]), crs: wgs84 };
    expect(() => checkPolygonCollection("areas", collection([fine]))).not.toThrow();
  });

  it("a null crs is as good as none; EPSG code 4326 names WGS 84", () => {
    expect(() => checkFeatureCollection("fc", collection([], { crs: null }))).not.toThrow();
    const code = collection([], { crs: { type: "EPSG", properties: { code: 4326 } } });
    expect(() => checkFeatureCollection("fc", code)).not.toThrow();
  });
});

describe("every position is a [longitude, latitude] in range", () => {
  it("LV95 metres without a crs: refused naming the feature (its plot_id) and the position", () => {
    const { crs: _, ...bare } = LV95 as typeof LV95 & { crs: unknown };
    expect(refusal(() => checkKeyedPolygonCollection("plots", bare, "plot_id"))).toBe(
      "plots.features[0] (plot_id 'farm-1').geometry.coordinates[0][0] is [2600000,1200000], outside longitude [-180, 180] / latitude [-90, 90]: GeoJSON takes WGS 84 degrees (RFC 7946): reproject it to EPSG:4326 first",
    );
  });

  it.each([
    ["longitude 180.0001", [180.0001, 0], "is [180.0001,0], outside"],
    ["longitude -181", [-181, 0], "is [-181,0], outside"],
    ["latitude 90.5", [0, 90.5], "is [0,90.5], outside"],
    ["latitude -91", [0, -91], "is [0,-91], outside"],
    ["NaN", [Number.NaN, 0], "must be a [longitude, latitude] position of finite numbers"],
    ["a string", ["6.1", 46], "must be a [longitude, latitude] position of finite numbers"],
    ["one number", [6.1], "must be a [longitude, latitude] position"],
    ["an elevation that is not a number", [6.1, 46, "high"], "must be a [longitude, latitude] position"],
  ])("%s is refused", (_, bad, message) => {
    const fc = collection([polygon([ring([[6, 46], bad as number[], [6.2, 46.2]])], { id: 1 })]);
    expect(refusal(() => checkPolygonCollection("areas", fc))).toContain(
      `areas.features[0].geometry.coordinates[0][1] ${message}`,
    );
  });

  it("the edges are in range; an elevation is allowed; a feature's id names it", () => {
    const fc = collection([
      polygon([
        ring([
          [-180, -90],
          [180, -90],
          [180, 90, 1200],
        ]),
      ]),
    ]);
    expect(checkPolygonCollection("areas", fc)).toBe(fc);
    const named = {
      ...polygon([
        ring([
          [0, 0],
          [500, 0],
          [0, 1],
        ]),
      ]),
      id: "north",
    };
    expect(refusal(() => checkPolygonCollection("areas", collection([named])))).toContain(
      "areas.features[0] (id 'north').geometry.coordinates[0][1] is [500,0]",
    );
  });

  it("every geometry type, MultiPolygons and GeometryCollections included", () => {
    const geometries = [
      { type: "Point", coordinates: [0, 95] },
      {
        type: "MultiPoint",
        coordinates: [
          [0, 0],
          [0, 95],
        ],
      },
      {
        type: "LineString",
        coordinates: [
          [0, 0],
          [0, 95],
        ],
      },
      { type: "MultiLineString", coordinates: [[[0, 0]], [[0, 95]]] },
      {
        type: "MultiPolygon",
        coordinates: [
          [square(0, 0)],
          [
            ring([
              [0, 0],
              [1, 0],
              [0, 95],
            ]),
          ],
        ],
      },
      {
        type: "GeometryCollection",
        geometries: [
          { type: "Point", coordinates: [0, 0] },
          { type: "Point", coordinates: [0, 95] },
        ],
      },
    ];
    for (const geometry of geometries) {
      const fc = collection([{ type: "Feature", properties: {}, geometry }]);
      expect(refusal(() => checkFeatureCollection("layer", fc))).toContain("is [0,95], outside");
    }
  });

  it("a GeometryCollection nested 100 000 deep is walked without blowing the stack", () => {
    let geometry: object = { type: "Point", coordinates: [0, 95] };
    for (let i = 0; i < 100_000; i++) geometry = { type: "GeometryCollection", geometries: [geometry] };
    const fc = collection([{ type: "Feature", properties: {}, geometry }]);
    expect(refusal(() => checkFeatureCollection("layer", fc))).toContain("is [0,95], outside");
  });

  it("a polygon of 1 000 000 positions is checked (no spread, no recursion per position)", () => {
    const points = Array.from({ length: 1_000_000 }, (_, i) => [(i % 360) - 180, ((i * 7) % 180) - 90]);
    expect(() => checkPolygonCollection("areas", collection([polygon([points])]))).not.toThrow();
  });
});

describe("the client's GeoJSON inputs refuse them before any request", () => {
  const far = collection([
    polygon([
      ring([
        [2600000, 1200000],
        [2600100, 1200000],
        [2600100, 1200100],
      ]),
    ]),
  ]);
  validatesBeforeAnyRequest<PicterraClient>(
    [
      [
        "projected coordinates",
        [
          [
            "setRasterDetectionAreas",
            (c) => c.setRasterDetectionAreas("r1", far as never),
            "areas.features[0]",
          ],
          [
            "importRasterFromRemoteSource",
            (c) => c.importRasterFromRemoteSource("n", "f1", "s1", far as never),
            "aoi.features[0]",
          ],
          ["uploadVectorLayer", (c) => c.uploadVectorLayer("r1", far as never), "geojson.features[0]"],
          [
            "setAnnotations",
            (c) => c.setAnnotations("d1", "r1", "outline", far as never),
            "annotations.features[0]",
          ],
          [
            "setRasterDetectionAreas (LV95 crs)",
            (c) => c.setRasterDetectionAreas("r1", LV95 as never),
            "EPSG::2056",
          ],
        ],
      ],
    ],
    newClient,
    ValidationError,
    (c) => c.setRasterDetectionAreas("r1", collection([polygon([square(6.1, 46.2)])]) as never),
  );
});

// Any number outside [-180, 180] as longitude, or outside [-90, 90] as latitude (or not finite).
const outOfRange = fc.oneof(
  fc.double({ min: 180, minExcluded: true, noNaN: true }),
  fc.double({ max: -180, maxExcluded: true, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const badLatitude = fc.oneof(
  fc.double({ min: 90, minExcluded: true, noNaN: true }),
  fc.double({ max: -90, maxExcluded: true, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
);
const lng = fc.double({ min: -180, max: 180, noNaN: true });
const lat = fc.double({ min: -90, max: 90, noNaN: true });

describe("property: any coordinates outside the ranges are refused", () => {
  it("one bad position anywhere in any feature's rings is refused, naming that very position", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.array(fc.tuple(lng, lat), { minLength: 1, maxLength: 6 }), {
            minLength: 1,
            maxLength: 3,
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.oneof(fc.tuple(outOfRange, lat), fc.tuple(lng, badLatitude), fc.tuple(outOfRange, badLatitude)),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (features, bad, f, r, i) => {
          const fi = f % features.length;
          const ri = r % features[fi]!.length;
          const pi = i % features[fi]![ri]!.length;
          features[fi]![ri]![pi] = bad;
          const value = collection(features.map((rings) => polygon(rings)));
          const message = refusal(() => checkPolygonCollection("areas", value));
          expect(message).toContain(`areas.features[${fi}].geometry.coordinates[${ri}][${pi}]`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("and any collection whose positions are all in range is accepted", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.array(fc.tuple(lng, lat), { minLength: 1, maxLength: 6 }), {
            minLength: 1,
            maxLength: 3,
          }),
          {
            maxLength: 4,
          },
        ),
        (features) => {
          const value = collection(features.map((rings) => polygon(rings)));
          expect(checkPolygonCollection("areas", value)).toBe(value);
        },
      ),
      { numRuns: 200 },
    );
  });
});
