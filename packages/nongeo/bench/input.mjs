// The input both nongeo benchmarks use (this package's and `pnpm bench`), and the baseline they compare with.
export const VERTICES_PER_RING = 50; // 49 distinct points + the closing one

// Same constants as PROTOCOL.md: EPSG:3857 on a 6378137 m sphere, geotransform [0, 0.1, 0, 0, 0, -0.1].
export const R = 6378137;
export const D2R = Math.PI / 180;

/** Pixel → lon/lat with the inverse formula, so the data sits on a plausible 20000 × 20000 image. */
function lngLat(x, y) {
  return [
    ((x * 0.1) / R) * (180 / Math.PI),
    (Math.PI / 2 - 2 * Math.atan(Math.exp((y * 0.1) / R))) * (180 / Math.PI),
  ];
}

function ring(cx, cy, radius) {
  const out = [];
  for (let i = 0; i < VERTICES_PER_RING - 1; i++) {
    const a = (2 * Math.PI * i) / (VERTICES_PER_RING - 1);
    out.push(lngLat(cx + radius * Math.cos(a), cy + radius * Math.sin(a)));
  }
  out.push(out[0].slice());
  return out;
}

/** A mixed FeatureCollection: Polygons, Polygons with a hole, and two-part MultiPolygons. */
export function buildResult(targetVertices) {
  const features = [];
  let vertices = 0;
  for (let i = 0; vertices < targetVertices; i++) {
    const cx = 100 + ((i * 37) % 19800);
    const cy = 100 + ((i * 53) % 19800);
    let geometry;
    if (i % 3 === 0) geometry = { type: "Polygon", coordinates: [ring(cx, cy, 40)] };
    else if (i % 3 === 1) geometry = { type: "Polygon", coordinates: [ring(cx, cy, 40), ring(cx, cy, 10)] };
    else geometry = { type: "MultiPolygon", coordinates: [[ring(cx, cy, 20)], [ring(cx + 50, cy, 20)]] };
    vertices +=
      geometry.type === "Polygon" ? geometry.coordinates.length * VERTICES_PER_RING : 2 * VERTICES_PER_RING;
    features.push({ type: "Feature", properties: { class_name: "tree" }, geometry });
  }
  return { result: { type: "FeatureCollection", features }, vertices };
}

/** The baseline: what one would write by hand, with no validation and no library. */
export function plainLoop(fc) {
  const polygons = [];
  const convertPolygon = (polygon) =>
    polygon.map((r) =>
      r.map((p) => [
        (R * p[0] * D2R - 0) / 0.1,
        (R * Math.log(Math.tan(Math.PI / 4 + (p[1] * D2R) / 2)) - 0) / -0.1,
      ]),
    );
  for (const feature of fc.features) {
    const g = feature.geometry;
    if (g.type === "Polygon") polygons.push(convertPolygon(g.coordinates));
    else for (const polygon of g.coordinates) polygons.push(convertPolygon(polygon));
  }
  return polygons;
}
