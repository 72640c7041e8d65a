// The runtime matrix's scenario: the calls a user makes, run unchanged under every runtime and bundle. It imports
// no package itself: each entry (Node ESM or CommonJS, Bun, Deno, a Worker, a page) hands it the modules it
// loaded, so the packages come from where that runtime resolves them. Plain JavaScript, so that every runtime
// runs it as it is.

/** Every step, in the order they run; `files: true` ones only where node-fs can run (Node, Bun, Deno). */
export const STEPS = [
  { name: "retry middleware on a 503" },
  { name: "getUserInfo" },
  { name: "full listing" },
  { name: "upload from bytes" },
  { name: "upload from a Blob" },
  { name: "getRaster until ready" },
  { name: "nongeo conversion" },
  { name: "Tracer listMethodologies" },
  { name: "node-fs download, sha256", files: true },
  { name: "node-fs upload from a path", files: true },
];

/** The steps of node-bundle.mjs (a bundle with a Node target, its global fetch made to throw), in order. */
export const TRANSPORT_STEPS = [
  "getUserInfo over node:http",
  "retry middleware, over node:http",
  "Tracer listMethodologies over node:http",
];

/** The steps of env-check.mjs (Deno without --allow-env), in order. */
export const ENV_STEPS = ["options given: no environment read", "createClient() names --allow-env"];

/** The line prefix of a step's outcome on stdout (or in a Worker's log): `@@step {json}`. */
export const STEP_MARK = "@@step ";

// A 100×100 grayscale PNG: the emulator reads PNGs and places them as Picterra places non-georeferenced images.
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAGQAAABkCAAAAABVicqIAAADeElEQVR42r3aV1QIUBzH8Z+UEQqhCGWEVFJmIYmEslcRSZSMZAupRJFQdqWsKBnJKklmqMwQSlklEspeyfFwH+5DD3X8PN+37/k//M7nXKC6SsOmrdobde/df/Co8ZNd3RctXxW4KXR3dOyps5fTMx49LXj3+VdV5XoaWm0MOvewGDhs7MSpM+ct8Vm9YWt45MFjp89fvXn/8YvCkm9l1eo00Gyp27GbmaXNyHGO02Yv9Fy5dmPIrqgjJ1HuS9KltDsPn7x8++mnQs266s119DuZ9hkwdMyEKTPmenj7r9+yY29MXMK5KzfuZT9/Xfz1t1JttSYt2hl27dXPeoTdJBe3Bct8A4K379x/+MSZiyj3JfX2g9z8oo8/qtRQbdSstZ6xibnVkNH2TtPnLPbyW7c5bM+Bo/HJKdfvZj179f5LqWKt+o2123bo0rPvoOG2Ds6z5i9dsSZoW8S+Q8cTL1y7hXJfMnPy3nz4/k9qorKdK1ITle1ckZqobOeK1ATpaqWaIF2tVBOkq5VqgnS1Uk2QrlaqCdLVSjVBulqpJkhXK9UE6WqlmiBdrVQTpKuVaoJ0tVJNkK5WqgnS1Uo1QbpaqSZIVyvVBOlqpZpg7i1RE8y9JWqCubdETTD3lqgJ5t4SNcHcW6ImmHtL1ARzb4maYO4tURPMvSVqgrm3RE0w95aoCebeEjXB3FuiJph7S9QEc2+JmmDuLVETdClIupQGuhSk3n4AuhRk5uSBLgUvCktAl4Lir79Bl4JSxVqgS4FyPQ3QpUC9uQ7oUtBazxh0KTDq3ht0KTCztAFdCqxH2IEuBbYOzqBLwdSZ80CXgrke3qBLgZffOtClIHBTKOhSELIrCnQp2H/4BOhScDzxAuhScP7qTdCl4Ma9bNClIOvZK9CloODdZ9Cl4NNPBdCloEoNVdClQKVhU9ClQLOlLuhS0M6wK+hS0KVnX9ClwGLgMNClYOiYCaBLgb3TdNClwNV9EehSsNBzJehS4BsQDLoUBG2LAF0KwiMPgi4FMXEJoEtBfHIK6FJwOT0DdCm48/AJ6FKQm18EuhT8rUmXgm9l1UCXAqXaaqBLQf3G2qBLgVYbA9ClQL+TKehSYGJuBboU9B88CnQpGDnOEXQpmOTiBroUzJq/FHQpWOKzGnQp8F+/BXQp2By2B3Qp2B0d+z9+wyX9AeNqcP7vucpWAAAAAElFTkSuQmCC";

// Where a non-georeferenced image's pixels are (Picterra's placement: EPSG:3857, 0.1 m a pixel, origin at 0, 0).
const EARTH_RADIUS = 6378137;
function pixelToLngLat([x, y]) {
  const mx = x * 0.1;
  const my = -y * 0.1;
  const lng = (mx / EARTH_RADIUS) * (180 / Math.PI);
  const lat = (2 * Math.atan(Math.exp(my / EARTH_RADIUS)) - Math.PI / 2) * (180 / Math.PI);
  return [lng, lat];
}

/** The square of pixels (10, 20)–(30, 40) as a lon/lat Polygon, and its ring in pixels. */
const PIXEL_RING = [
  [10, 20],
  [30, 20],
  [30, 40],
  [10, 40],
  [10, 20],
];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An error as a line: its name, message and cause (unless the message already says it). */
export function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  const { cause } = error;
  const told = cause instanceof Error && !error.message.includes(cause.message);
  return `${error.name}: ${error.message}${told ? ` (cause: ${cause.name}: ${cause.message})` : ""}`;
}

/**
 * Runs `[name, body]` steps in order, each once even after one failed (so a report names every broken step);
 * reports each outcome `{ step, ok, detail | error, ms }` through `report`, and returns them all.
 */
export async function runSteps(steps, report) {
  const outcomes = [];
  for (const [step, body] of steps) {
    const started = Date.now();
    let outcome;
    try {
      outcome = { step, ok: true, detail: await body() };
    } catch (error) {
      outcome = { step, ok: false, error: describeError(error) };
    }
    outcome.ms = Date.now() - started;
    outcomes.push(outcome);
    report(outcome);
  }
  return outcomes;
}

/** A reporter that prints each outcome as a step line. */
export function printStep(outcome) {
  console.log(STEP_MARK + JSON.stringify(outcome));
}

/**
 * Runs every step of STEPS that the runtime can (see `runSteps`) and reports each through `report(outcome)`. `modules`: `{ core, retry, nongeo, tracer }` and, where files exist, `nodeFs` with
 * `files: { readFile, outDir, join }`. `config`: `{ siteUrl, apiKey, userId, folderId, seeded }` from the host.
 */
export async function runScenario(modules, config, report) {
  const { core, retry, nongeo, tracer } = modules;
  const png = Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0));
  const client = core.createClient({ apiKey: config.apiKey, baseUrl: config.siteUrl });
  const state = {};
  const bodies = {
    "retry middleware on a 503": async () => {
      // The emulator answers the first two GETs with 503: the plain client sees one, the retrying client the other.
      const refused = await client.getUserInfo().then(
        () => undefined,
        (error) => error,
      );
      check(
        refused instanceof core.APIError,
        `without retry: expected an APIError, got ${describeError(refused)}`,
      );
      check(refused.status === 503, `without retry: expected status 503, got ${refused.status}`);
      const retried = [];
      const retrying = core.createClient({
        apiKey: config.apiKey,
        baseUrl: config.siteUrl,
        middleware: [retry.retry({ backoffFactorMs: 1, onRetry: (info) => retried.push(info.status) })],
      });
      const me = await retrying.getUserInfo();
      check(me.user_id === config.userId, `with retry: wrong user ${me.user_id}`);
      check(retried.join() === "503", `with retry: expected one retry after a 503, saw [${retried.join()}]`);
      return "503 without retry, one retry with it";
    },
    getUserInfo: async () => {
      const me = await client.getUserInfo();
      check(me.user_id === config.userId, `expected user ${config.userId}, got ${me.user_id}`);
      return me.organization_name;
    },
    "full listing": async () => {
      const first = await client.listRasters({ folderId: config.folderId });
      const all = await first.toArray();
      const ids = new Set(all.map((raster) => raster.id));
      check(first.count === config.seeded, `count ${first.count}, expected ${config.seeded}`);
      check(
        ids.size === config.seeded,
        `${ids.size} distinct rasters over the pages, expected ${config.seeded}`,
      );
      return `${ids.size} rasters over ${Math.ceil(ids.size / first.length)} pages`;
    },
    "upload from bytes": async () => {
      state.bytesId = await client.uploadRaster(png, "bytes.png");
      return state.bytesId;
    },
    "upload from a Blob": async () => {
      state.blobId = await client.uploadRaster(new Blob([png], { type: "image/png" }), "blob.png");
      return state.blobId;
    },
    "getRaster until ready": async () => {
      const ids = [state.bytesId, state.blobId];
      check(ids.every(Boolean), "no raster was uploaded");
      for (const id of ids) {
        let status;
        for (let poll = 0; poll < 200 && status !== "ready"; poll++) {
          if (poll > 0) await new Promise((resolve) => setTimeout(resolve, 25));
          status = (await client.getRaster(id)).status;
        }
        check(status === "ready", `raster ${id} is still ${status} after 200 polls`);
      }
      return "both ready";
    },
    "nongeo conversion": async () => {
      check(state.bytesId, "no raster was uploaded");
      const polygon = { type: "Polygon", coordinates: [PIXEL_RING.map(pixelToLngLat)] };
      const layerId = await client.uploadVectorLayer(
        state.bytesId,
        { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: polygon }] },
        { name: "square" },
      );
      const downloaded = await client.downloadVectorLayer(layerId);
      const pixels = nongeo.nongeoResultToPixel(downloaded);
      check(pixels.length === 1, `expected one polygon, got ${pixels.length}`);
      const ring = pixels[0][0];
      for (const [x, y] of PIXEL_RING) {
        const near = ring.some(([px, py]) => Math.abs(px - x) < 1e-6 && Math.abs(py - y) < 1e-6);
        check(near, `pixel (${x}, ${y}) is not in the converted ring ${JSON.stringify(ring)}`);
      }
      return `${ring.length} positions`;
    },
    "Tracer listMethodologies": async () => {
      const client = tracer.createTracerClient({ apiKey: config.apiKey, baseUrl: config.siteUrl });
      const page = await client.listMethodologies();
      check(page.count > 0, "no methodology");
      check(
        page.results.every((m) => typeof m.id === "string" && typeof m.name === "string"),
        "a methodology without id or name",
      );
      return `${page.count} methodologies`;
    },
    "node-fs download, sha256": async () => {
      const { nodeFs, files } = modules;
      check(state.blobId, "no raster was uploaded");
      const path = files.join(files.outDir, "downloaded.png");
      await nodeFs.downloadRasterToFile(client, state.blobId, path);
      const [got, want] = await Promise.all([sha256Hex(await files.readFile(path)), sha256Hex(png)]);
      check(got === want, `sha256 ${got}, expected ${want}`);
      state.downloaded = path;
      return `sha256 ${got.slice(0, 12)}…`;
    },
    "node-fs upload from a path": async () => {
      check(state.downloaded, "nothing was downloaded");
      const id = await modules.nodeFs.uploadRaster(client, state.downloaded, "from-disk.png");
      const raster = await client.getRaster(id);
      check(raster.name === "from-disk.png", `uploaded raster is named ${raster.name}`);
      return id;
    },
  };
  const steps = STEPS.filter((step) => modules.nodeFs || !step.files).map((step) => [
    step.name,
    bodies[step.name],
  ]);
  return runSteps(steps, report);
}
