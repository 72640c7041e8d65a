import { featureEach } from '@turf/meta';
import { toWgs84, toMercator } from '@turf/projection';

// src/geometries.ts

// src/errors.ts
var GEOJSON_TYPES = /* @__PURE__ */ new Set([
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "Polygon",
  "MultiPolygon",
  "GeometryCollection",
  "Feature",
  "FeatureCollection"
]);
var PREVIEW_LENGTH = 40;
function preview(value) {
  let text;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}\u2026` : text;
}
function describe(value) {
  if (value === void 0) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return preview(value);
  if (typeof value === "object") {
    const type = value.type;
    if (typeof type === "string") {
      return GEOJSON_TYPES.has(type) ? `a ${type}` : `an object with type ${preview(type)}`;
    }
    return "an object without a GeoJSON type";
  }
  return `the ${typeof value} ${preview(value)}`;
}
function invalidInput(where, found, expected) {
  return new TypeError(`${where || "input"} is ${describe(found)}; expected ${expected}`);
}

// src/location.ts
function geometryPath(location) {
  if (location === "root") return "";
  return location === "feature" ? "geometry" : `features[${location}].geometry`;
}
function coordinatesPath(location, ...indices) {
  const geometry = geometryPath(location);
  const base = geometry ? `${geometry}.coordinates` : "coordinates";
  return base + indices.filter((index) => index >= 0).map((index) => `[${index}]`).join("");
}

// src/geometries.ts
var ROOT_EXPECTED = "a Polygon, MultiPolygon, Feature or FeatureCollection";
var GEOMETRY_EXPECTED = "Polygon or MultiPolygon";
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isPolygonal(value) {
  return isRecord(value) && (value.type === "Polygon" || value.type === "MultiPolygon");
}
function visitFeature(feature, location, visit) {
  if (!isRecord(feature) || feature.type !== "Feature") {
    throw invalidInput(location === "feature" ? "" : `features[${location}]`, feature, "a Feature");
  }
  const geometry = feature.geometry;
  if (!isPolygonal(geometry)) throw invalidInput(geometryPath(location), geometry, GEOMETRY_EXPECTED);
  visit(geometry, location, feature);
}
function eachPolygonalGeometry(input, visit) {
  if (!isRecord(input)) throw invalidInput("", input, ROOT_EXPECTED);
  switch (input.type) {
    case "Polygon":
    case "MultiPolygon":
      visit(input, "root", void 0);
      return;
    case "Feature":
      visitFeature(input, "feature", visit);
      return;
    case "FeatureCollection":
      if (!Array.isArray(input.features)) throw invalidInput("features", input.features, "an array of Features");
      featureEach(input, (feature, index) => {
        visitFeature(feature, index, visit);
      });
      return;
    default:
      throw invalidInput("", input, ROOT_EXPECTED);
  }
}
var NONGEO_GEOTRANSFORM = [0, 0.1, 0, 0, 0, -0.1];
var [X_ORIGIN, PIXEL_WIDTH, , Y_ORIGIN, , PIXEL_HEIGHT] = NONGEO_GEOTRANSFORM;
var LNG_LAT_EXPECTED = "a [lng, lat] position with -180 \u2264 lng \u2264 180 and -90 \u2264 lat \u2264 90";
var PIXEL_EXPECTED = "an [x, y] position of finite numbers";
function isLngLat(value) {
  if (!Array.isArray(value)) return false;
  const lng = value[0];
  const lat = value[1];
  return typeof lng === "number" && typeof lat === "number" && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
}
function lngLatToPixel(lngLat) {
  const xy = toMercator(lngLat);
  xy[0] = (xy[0] - X_ORIGIN) / PIXEL_WIDTH;
  xy[1] = (xy[1] - Y_ORIGIN) / PIXEL_HEIGHT;
  return xy;
}
function nongeoPointToPixel(lngLat) {
  if (!isLngLat(lngLat)) throw invalidInput("lngLat", lngLat, LNG_LAT_EXPECTED);
  return lngLatToPixel(lngLat);
}
function pixelToNongeoPoint(pixel) {
  const x = Array.isArray(pixel) ? pixel[0] : void 0;
  const y = Array.isArray(pixel) ? pixel[1] : void 0;
  if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw invalidInput("pixel", pixel, PIXEL_EXPECTED);
  }
  return toWgs84([X_ORIGIN + x * PIXEL_WIDTH, Y_ORIGIN + y * PIXEL_HEIGHT]);
}

// src/polygons.ts
function polygonToPixel(polygon, location, partIndex = -1) {
  if (!Array.isArray(polygon)) {
    throw invalidInput(coordinatesPath(location, partIndex), polygon, "an array of linear rings");
  }
  const rings = new Array(polygon.length);
  for (let r = 0; r < polygon.length; r++) {
    const ring = polygon[r];
    if (!Array.isArray(ring)) {
      throw invalidInput(coordinatesPath(location, partIndex, r), ring, "an array of positions");
    }
    const pixels = new Array(ring.length);
    for (let i = 0; i < ring.length; i++) {
      const position = ring[i];
      if (false) {
        throw invalidInput(coordinatesPath(location, partIndex, r, i), position, LNG_LAT_EXPECTED);
      }
      pixels[i] = lngLatToPixel(position);
    }
    rings[r] = pixels;
  }
  return rings;
}
function multiPolygonToPixel(multiPolygon, location) {
  if (!Array.isArray(multiPolygon)) {
    throw invalidInput(coordinatesPath(location), multiPolygon, "an array of polygons");
  }
  const polygons = new Array(multiPolygon.length);
  for (let p = 0; p < multiPolygon.length; p++) {
    polygons[p] = polygonToPixel(multiPolygon[p], location, p);
  }
  return polygons;
}

// src/result.ts
function nongeoResultToPixel(geojson) {
  const polygons = [];
  eachPolygonalGeometry(geojson, (geometry, location) => {
    if (geometry.type === "Polygon") {
      polygons.push(polygonToPixel(geometry.coordinates, location));
    } else {
      for (const polygon of multiPolygonToPixel(geometry.coordinates, location)) polygons.push(polygon);
    }
  });
  return polygons;
}

// src/feature-collection.ts
function nongeoResultToPixelFeatureCollection(geojson) {
  const features = [];
  eachPolygonalGeometry(geojson, (geometry, location, feature) => {
    const out = {
      type: "Feature",
      // A bare geometry has no properties; `{}` rather than null because many drawing tools expect an object.
      properties: feature ? copyProperties(feature.properties) : {},
      geometry: geometry.type === "Polygon" ? { type: "Polygon", coordinates: polygonToPixel(geometry.coordinates, location) } : { type: "MultiPolygon", coordinates: multiPolygonToPixel(geometry.coordinates, location) }
    };
    const id = feature?.id;
    if (typeof id === "string" || typeof id === "number") out.id = id;
    features.push(out);
  });
  return { type: "FeatureCollection", features };
}
function copyProperties(properties) {
  return typeof properties === "object" && properties !== null ? { ...properties } : null;
}

export { NONGEO_GEOTRANSFORM, nongeoPointToPixel, nongeoResultToPixel, nongeoResultToPixelFeatureCollection, pixelToNongeoPoint };
