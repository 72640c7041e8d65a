import { toMercator } from "@turf/projection";
import { nongeoResultToPixel } from "/work/main/packages/nongeo/dist/index.js";
const R = 6378137, D2R = Math.PI / 180;
function lngLat(x, y) { return [((x * 0.1) / R) * (180 / Math.PI), (Math.PI / 2 - 2 * Math.atan(Math.exp((y * 0.1) / R))) * (180 / Math.PI)]; }
const features = [];
for (let i = 0; i < 20000; i++) { const r = []; for (let k = 0; k < 50; k++) r.push(lngLat(i % 20000 + k, (i * 7) % 20000 + k)); features.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [r] } }); }
const fc = { type: "FeatureCollection", features };
const plain = (fc) => { const out = []; for (const f of fc.features) out.push(f.geometry.coordinates.map(r => r.map(p => [(R * p[0] * D2R - 0) / 0.1, (R * Math.log(Math.tan(Math.PI / 4 + (p[1] * D2R) / 2)) - 0) / -0.1]))); return out; };
function isLngLat(value) { if (!Array.isArray(value)) return false; const lng = value[0]; const lat = value[1]; return typeof lng === "number" && typeof lat === "number" && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90; }
function toPx(p) { const xy = toMercator(p); xy[0] = (xy[0] - 0) / 0.1; xy[1] = (xy[1] - 0) / -0.1; return xy; }
function poly1(polygon, path) { if (!Array.isArray(polygon)) throw new Error(path); const rings = new Array(polygon.length); for (let r = 0; r < polygon.length; r++) { const ring = polygon[r]; if (!Array.isArray(ring)) throw new Error(path); const px = new Array(ring.length); for (let i = 0; i < ring.length; i++) { const p = ring[i]; if (!isLngLat(p)) throw new Error(`${path}[${r}][${i}]`); px[i] = toPx(p); } rings[r] = px; } return rings; }
function poly2(polygon, path) { if (!Array.isArray(polygon)) throw new Error(path); const rings = new Array(polygon.length); for (let r = 0; r < polygon.length; r++) { const ring = polygon[r]; if (!Array.isArray(ring)) throw new Error(path); const px = new Array(ring.length); for (let i = 0; i < ring.length; i++) { const p = ring[i]; px[i] = toPx(p); } rings[r] = px; } return rings; }
function poly3(polygon, path) { if (!Array.isArray(polygon)) throw new Error(path); const rings = new Array(polygon.length); for (let r = 0; r < polygon.length; r++) { const ring = polygon[r]; if (!Array.isArray(ring)) throw new Error(path); const px = new Array(ring.length); for (let i = 0; i < ring.length; i++) { const p = ring[i]; if (!isLngLat(p)) throw new Error(`${path}[${r}][${i}]`); const xy = toMercator(p, undefined); xy[0] = xy[0] / 0.1; xy[1] = xy[1] / -0.1; px[i] = xy; } rings[r] = px; } return rings; }
const mk = (poly) => (fc) => { const out = []; const fs = fc.features; for (let i = 0; i < fs.length; i++) out.push(poly(fs[i].geometry.coordinates, "x")); return out; };
const fns = { plain, valid: mk(poly1), novalid: mk(poly2), validInline: mk(poly3), ours: nongeoResultToPixel };
const t = {}; for (const k in fns) t[k] = [];
for (let run = 0; run < 11; run++) for (const k of Object.keys(fns).sort(() => Math.random() - 0.5)) { globalThis.gc(); const t0 = performance.now(); fns[k](fc); t[k].push(performance.now() - t0); }
for (const k in t) { const s = t[k].slice(1).sort((a, b) => a - b); console.log(k.padEnd(12), s[Math.floor(s.length / 2)].toFixed(1), "ms"); }
