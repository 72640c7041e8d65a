import { nongeoResultToPixel } from "/work/main/packages/nongeo/dist/index.js";
const R = 6378137;
function lngLat(x, y) { return [((x * 0.1) / R) * (180 / Math.PI), (Math.PI / 2 - 2 * Math.atan(Math.exp((y * 0.1) / R))) * (180 / Math.PI)]; }
const features = [];
for (let i = 0; i < 20000; i++) { const r = []; for (let k = 0; k < 50; k++) r.push(lngLat(i % 20000 + k, (i * 7) % 20000 + k)); features.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [r] } }); }
const fc = { type: "FeatureCollection", features };
for (let i = 0; i < 30; i++) nongeoResultToPixel(fc);
