// One conversion by @picterra/gis in a fresh process: a GeoJSON file of per-object features → GeoPackage or
// FlatGeobuf. Input (argv[2], JSON): { input, output }. Replies the time of the conversion (read, parse, write)
// and two peak RSS growths: of reading and parsing the GeoJSON (JSON.parse's objects, the same for any writer),
// and of writing the layer from features already in memory (the library's own memory, what the target is for).
import { readFile } from "node:fs/promises";
import { distUrl, measurePeakRss, reply } from "./lib.mjs";

const { input, output } = JSON.parse(process.argv[2]);
const { writeLayer } = await import(distUrl("gis", "node.js"));
const t0 = performance.now();
const parse = await measurePeakRss(async () => JSON.parse(await readFile(input, "utf8")));
const write = await measurePeakRss(() => writeLayer(output, parse.value.features));
reply({
  ms: performance.now() - t0,
  parseGrowth: parse.peakGrowth,
  peakGrowth: write.peakGrowth,
  count: write.value.count,
});
