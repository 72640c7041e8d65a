import { toMercator } from "@turf/projection";
import { nongeoResultToPixel } from "/work/main/packages/nongeo/dist/index.js";
const R = 6378137, D2R = Math.PI / 180;
function lngLat(x, y) { return [((x * 0.1) / R) * (180 / Math.PI), (Math.PI / 2 - 2 * Math.atan(Math.exp((y * 0.1) / R))) * (180 / Math.PI)]; }
const features = [];
for (let i = 0; i < 20000; i++) { const r = []; for (let k = 0; k < 50; k++) r.push(lngLat(i % 20000 + k, (i * 7) % 20000 + k)); features.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [r] } }); }
const fc = { type: "FeatureCollection", features };
const plain = (fc) => { const out = []; for (const f of fc.features) out.push(f.geometry.coordinates.map(r => r.map(p => [(R * p[0] * D2R - 0) / 0.1, (R * Math.log(Math.tan(Math.PI / 4 + (p[1] * D2R) / 2)) - 0) / -0.1]))); return out; };
const turfMap = (fc) => { const out = []; for (const f of fc.features) out.push(f.geometry.coordinates.map(r => r.map(p => { const xy = toMercator(p); xy[0] /= 0.1; xy[1] /= -0.1; return xy; }))); return out; };
const turfLoop = (fc) => { const out = []; for (const f of fc.features) { const poly = f.geometry.coordinates; const rings = new Array(poly.length); for (let r = 0; r < poly.length; r++) { const ring = poly[r]; const px = new Array(ring.length); for (let i = 0; i < ring.length; i++) { const xy = toMercator(ring[i]); xy[0] = xy[0] / 0.1; xy[1] = xy[1] / -0.1; px[i] = xy; } rings[r] = px; } out.push(rings); } return out; };
const turfPush = (fc) => { const out = []; for (const f of fc.features) { const poly = f.geometry.coordinates; const rings = []; for (let r = 0; r < poly.length; r++) { const ring = poly[r]; const px = []; for (let i = 0; i < ring.length; i++) { const xy = toMercator(ring[i]); xy[0] = xy[0] / 0.1; xy[1] = xy[1] / -0.1; px.push(xy); } rings.push(px); } out.push(rings); } return out; };
const fns = { plain, turfMap, turfLoop, turfPush, ours: nongeoResultToPixel };
const t = {}; for (const k in fns) t[k] = [];
for (let run = 0; run < 9; run++) for (const k of Object.keys(fns).sort(() => Math.random() - 0.5)) { globalThis.gc(); const t0 = performance.now(); fns[k](fc); t[k].push(performance.now() - t0); }
for (const k in t) { const s = t[k].slice(1).sort((a, b) => a - b); console.log(k.padEnd(10), s[Math.floor(s.length / 2)].toFixed(1), "ms"); }
