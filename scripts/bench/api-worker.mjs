// API-call sides in one long-lived Node process (the emulator runs in another; the Python peer in a third).
// argv[2] (JSON): { url, apiKey, ids, builds }, builds being other dist folders of core to measure as sides
// `core:<name>` (`--compare-core`). Then reads one JSON command a line on stdin,
// { case: "get" | "list", side, concurrency }, runs that side once and answers { ms, count, cpuSeconds }.
// The bench alternates the sides across this process and the Python peer (scripts/bench/api-case.mjs).
import { Agent } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, buildUrl, distUrl, eachLine, httpGetJson, pool, reply } from "./lib.mjs";

const { url: baseUrl, apiKey, ids, builds = [] } = JSON.parse(process.argv[2]);
const core = await import(distUrl("core"));
const client = core.createClient({ apiKey, baseUrl });
/** The clients of the other builds, by side name: each build's own entry for Node, as `distUrl` picks ours. */
const compared = {};
for (const { name, dir } of builds) {
  const other = await import(buildUrl(dir));
  compared[`core:${name}`] = other.createClient({ apiKey, baseUrl });
}

// The exact headers core sends, so that every baseline sends the same ones.
let headers;
{
  const probe = core.createClient({
    apiKey,
    baseUrl,
    fetch: (request) => {
      headers = Object.fromEntries(request.headers.entries());
      return fetch(request);
    },
  });
  await probe.getRaster(ids[0]);
  delete headers["content-length"];
}

// openapi-fetch alone (the version core uses), with the same headers: what core builds on, as a reference.
// The ESM build, the very module core's ESM dist imports (require.resolve answers the CJS one).
const openapiFetchPath = createRequire(join(ROOT, "packages", "core", "package.json"))
  .resolve("openapi-fetch")
  .replace(/\.cjs$/, ".mjs");
const openapiFetch = (await import(pathToFileURL(openapiFetchPath).href)).default;
const bare = openapiFetch({ baseUrl: client.baseUrl, headers });

async function fetchJson(url) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

// node:http with a keep-alive agent: the least a Node client can do per call.
const agent = new Agent({ keepAlive: true });
const httpJson = (url) => httpGetJson(url, { agent, headers });

/** Follows `next` from page 1 with `getPage(url)`, counting the items. */
async function followNext(getPage) {
  let n = 0;
  for (let url = `${baseUrl}/rasters/?page_number=1`; url; ) {
    const page = await getPage(url);
    for (const raster of page.results) if (raster.id) n++;
    url = page.next;
  }
  return n;
}

const rasterPath = "/rasters/{raster_id}/";
const sides = {
  get: {
    ours: (c) => pool(ids, c, (id) => client.getRaster(id)),
    // core's transport (timeout, middleware) without the method layer: client.api is the raw openapi-fetch client.
    oursApi: (c) =>
      pool(
        ids,
        c,
        async (id) => (await client.api.GET(rasterPath, { params: { path: { raster_id: id } } })).data,
      ),
    openapiFetch: (c) =>
      pool(ids, c, async (id) => (await bare.GET(rasterPath, { params: { path: { raster_id: id } } })).data),
    fetch: (c) => pool(ids, c, (id) => fetchJson(`${baseUrl}/rasters/${id}/`)),
    http: (c) => pool(ids, c, (id) => httpJson(`${baseUrl}/rasters/${id}/`)),
  },
  list: {
    ours: async () => {
      let n = 0;
      for await (const raster of (await client.listRasters()).all()) if (raster.id) n++;
      return n;
    },
    // The same pages, page by page with a sync loop over each: what the async iteration of all() costs.
    oursPages: async () => {
      let n = 0;
      for (let page = await client.listRasters(); page; page = await page.next()) {
        for (const raster of page) if (raster.id) n++;
      }
      return n;
    },
    openapiFetch: async () => {
      let n = 0;
      let query = { page_number: 1 };
      while (query) {
        const { data } = await bare.GET("/rasters/", { params: { query } });
        for (const raster of data.results) if (raster.id) n++;
        query = data.next ? Object.fromEntries(new URL(data.next).searchParams) : undefined;
      }
      return n;
    },
    fetch: () => followNext(fetchJson),
    http: () => followNext(httpJson),
  },
};

for (const [side, other] of Object.entries(compared)) {
  sides.get[side] = (c) => pool(ids, c, (id) => other.getRaster(id));
  sides.list[side] = async () => {
    let n = 0;
    for await (const raster of (await other.listRasters()).all()) if (raster.id) n++;
    return n;
  };
}

reply({ ready: true, headers: Object.keys(headers).sort() });
let queue = Promise.resolve();
eachLine(process.stdin, (line) => {
  const command = JSON.parse(line);
  queue = queue
    .then(() => run(command))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
});
process.stdin.on("end", () => queue.then(() => process.exit(0)));

async function run({ case: name, side, concurrency = 1 }) {
  const fn = sides[name]?.[side];
  if (!fn) throw new Error(`unknown side ${name}/${side}`);
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const count = await fn(concurrency);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  reply({ ms, count, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
}
