// First call from a fresh process, without fetch: one `node:http` GET of the raster (argv[2]) with the key
// header, the body parsed as JSON. Timed from spawn to exit, as first-call.mjs: what a Node process costs when
// it does not load undici's fetch (and its WebAssembly HTTP parser).
import { get } from "node:http";

const env = { ...process.env };
get(
  `${env.PICTERRA_BASE_URL}/rasters/${process.argv[2]}/`,
  { headers: { "X-Api-Key": env.PICTERRA_API_KEY } },
  (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => {
      if (res.statusCode !== 200 || !JSON.parse(Buffer.concat(chunks).toString("utf8")).id) process.exit(1);
    });
  },
).on("error", () => process.exit(1));
