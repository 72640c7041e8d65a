// API-call cases in their own process (the emulator runs in another): ours and a hand-written fetch baseline,
// alternated, `runs` times each after one warm-up of each.
// Input (argv[2], JSON): { mode: "list" | "get", url, apiKey, runs, emulatorPid, calls, concurrency, pageSize }.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, cpuSeconds, distUrl, median, reply } from "./lib.mjs";

const input = JSON.parse(process.argv[2]);
const { url: baseUrl, apiKey, runs, emulatorPid } = input;
const core = await import(distUrl("core"));
const client = core.createClient({ apiKey, baseUrl });

// The exact headers core sends, so that the baseline sends the same ones.
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
  await probe.listRasters({ pageSize: 1 });
  delete headers["content-length"];
}

// openapi-fetch alone (the version core uses), with the same headers: what core builds on, as a reference.
// The ESM build, the very module core's ESM dist imports (require.resolve answers the CJS one).
const openapiFetchPath = createRequire(join(ROOT, "packages", "core", "package.json"))
  .resolve("openapi-fetch")
  .replace(/\.cjs$/, ".mjs");
const openapiFetch = (await import(pathToFileURL(openapiFetchPath).href)).default;
const bare = openapiFetch({ baseUrl: client.baseUrl, headers });

async function plainJson(url) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

/** Runs `fn` and returns the wall time with the CPU used by this process and by the emulator meanwhile. */
async function measure(fn) {
  const emu0 = cpuSeconds(emulatorPid);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const count = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const emu1 = cpuSeconds(emulatorPid);
  return {
    ms,
    count,
    clientCpu: (cpu.user + cpu.system) / 1e6 / (ms / 1000),
    emulatorCpu: emu0 === undefined ? undefined : (emu1 - emu0) / (ms / 1000),
  };
}

/** Alternates the sides (the order rotating every run), after one warm-up of each. */
async function compare(sides) {
  const names = Object.keys(sides);
  const all = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run <= runs; run++) {
    const order = names.map((_, i) => names[(i + run) % names.length]);
    for (const name of order) {
      globalThis.gc?.();
      const m = await measure(sides[name]);
      if (run > 0) all[name].push(m);
    }
  }
  const out = {};
  for (const name of names) {
    const ms = all[name].map((m) => m.ms);
    out[name] = {
      runsMs: ms,
      medianMs: median(ms),
      count: all[name][0].count,
      perSecond: all[name][0].count / (median(ms) / 1000),
      clientCpu: median(all[name].map((m) => m.clientCpu)),
      emulatorCpu: median(all[name].map((m) => m.emulatorCpu ?? Number.NaN)),
    };
  }
  return out;
}

let result;
if (input.mode === "list") {
  const pageSize = input.pageSize;
  result = await compare({
    ours: async () => {
      let n = 0;
      for await (const raster of (await client.listRasters({ pageSize })).all()) if (raster.id) n++;
      return n;
    },
    // The same pages, iterated page by page with a sync loop: what the async iteration of all() costs.
    oursPages: async () => {
      let n = 0;
      for (let page = await client.listRasters({ pageSize }); page; page = await page.next()) {
        for (const raster of page) if (raster.id) n++;
      }
      return n;
    },
    openapiFetch: async () => {
      let n = 0;
      let query = { page_number: 1, page_size: pageSize };
      while (query) {
        const { data } = await bare.GET("/rasters/", { params: { query } });
        for (const raster of data.results) if (raster.id) n++;
        query = data.next ? Object.fromEntries(new URL(data.next).searchParams) : undefined;
      }
      return n;
    },
    baseline: async () => {
      let n = 0;
      let next = `${baseUrl}/rasters/?page_number=1&page_size=${pageSize}`;
      while (next) {
        const page = await plainJson(next);
        for (const raster of page.results) if (raster.id) n++;
        next = page.next;
      }
      return n;
    },
  });
} else if (input.mode === "get") {
  const ids = [];
  for await (const raster of (await client.listRasters({ pageSize: 1000 })).all()) {
    ids.push(raster.id);
    if (ids.length === input.calls) break;
  }
  const pool = async (call) => {
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < ids.length) {
        const raster = await call(ids[next++]);
        if (raster.id) done++;
      }
    };
    await Promise.all(Array.from({ length: input.concurrency }, lane));
    return done;
  };
  result = await compare({
    ours: () => pool((id) => client.getRaster(id)),
    // core's transport (timeout, middleware) without the method layer: client.api is the raw openapi-fetch client.
    oursApi: () =>
      pool(
        async (id) =>
          (await client.api.GET("/rasters/{raster_id}/", { params: { path: { raster_id: id } } })).data,
      ),
    openapiFetch: () =>
      pool(
        async (id) => (await bare.GET("/rasters/{raster_id}/", { params: { path: { raster_id: id } } })).data,
      ),
    baseline: () => pool((id) => plainJson(`${baseUrl}/rasters/${id}/`)),
  });
} else {
  throw new Error(`unknown mode ${input.mode}`);
}
reply({ ...result, headers: Object.keys(headers).sort() });
