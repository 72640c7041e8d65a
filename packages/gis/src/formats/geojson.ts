import { GisInputError } from "../errors";
import type { FormatSink, LayerSpec, PreparedFeature } from "../layer";

/**
 * GeoJSON text. WGS 84 unless another CRS is asked for (RFC 7946 allows no other): then the FeatureCollection
 * names it with the 2008 `crs` member, which GDAL and QGIS read. Pixel coordinates are refused: a GeoJSON
 * reader takes them for degrees.
 */
export function geoJsonSink(spec: LayerSpec): FormatSink<string> {
  if (spec.crs === null) {
    throw new GisInputError(
      "pixel coordinates cannot be written as GeoJSON, which every reader takes for WGS 84 degrees: write a GeoPackage (.gpkg), whose undefined cartesian SRS says they have no CRS",
    );
  }
  const parts: string[] = [];
  const names = spec.fields.map((f) => JSON.stringify(f.name));
  return {
    add(feature: PreparedFeature) {
      const props = feature.values.map((v, i) => `${names[i]}:${JSON.stringify(v)}`).join(",");
      const coordinates = spec.geometryType === "Polygon" ? feature.polygons[0] : feature.polygons;
      parts.push(
        `{"type":"Feature","properties":{${props}},"geometry":{"type":"${spec.geometryType}","coordinates":${JSON.stringify(coordinates)}}}`,
      );
    },
    finish() {
      const crs =
        spec.crs!.code === 4326
          ? ""
          : `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::${spec.crs!.code}"}},`;
      return `{"type":"FeatureCollection","name":${JSON.stringify(spec.name)},${crs}"features":[\n${parts.join(",\n")}\n]}\n`;
    },
  };
}
