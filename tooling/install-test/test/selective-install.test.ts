import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Packs every public package as `pnpm pack` would publish it, then installs only some of them into empty
// projects with plain npm, and runs a smoke script from an ESM and a CommonJS file.
const root = join(import.meta.dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "picterra-install-"));
const tarballs: Record<string, string> = {};

function run(cmd: string, args: string[], cwd: string) {
  return spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
}

function sh(cmd: string, args: string[], cwd: string) {
  const done = run(cmd, args, cwd);
  if (done.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${done.stdout}\n${done.stderr}`);
  return done.stdout;
}

function pnpm(args: string[], cwd: string) {
  // Run the pnpm that runs this test when there is one, else the one on PATH.
  const execpath = process.env.npm_execpath;
  return execpath && /pnpm/.test(execpath)
    ? sh(process.execPath, [execpath, ...args], cwd)
    : sh("pnpm", args, cwd);
}

beforeAll(() => {
  const dest = join(work, "tarballs");
  for (const name of ["core", "retry", "node-fs", "nongeo", "tracer", "emulator", "gis"]) {
    pnpm(["pack", "--pack-destination", dest], join(root, "packages", name));
  }
  for (const file of readdirSync(dest)) {
    const name = /^picterra-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(file)?.[1];
    if (name) tarballs[name] = join(dest, file);
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An empty project. */
function emptyProject(name: string): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "smoke", version: "1.0.0", private: true }),
  );
  return dir;
}

const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--ignore-scripts"];

/** An empty project with only the named packages installed from their tarballs. */
function project(names: string[]): string {
  const dir = emptyProject(names.join("+"));
  sh("npm", [...NPM_INSTALL, ...names.map((n) => tarballs[n] as string)], dir);
  return dir;
}

/** Every folder named node_modules/<pkg> under dir: how many copies of pkg are installed. */
function copiesOf(dir: string, pkg: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    const nm = join(d, "node_modules");
    if (!existsSync(nm)) return;
    if (existsSync(join(nm, pkg, "package.json"))) found.push(join(nm, pkg));
    for (const entry of readdirSync(nm)) {
      if (entry.startsWith(".")) continue;
      if (entry.startsWith("@")) for (const sub of readdirSync(join(nm, entry))) walk(join(nm, entry, sub));
      else walk(join(nm, entry));
    }
  };
  walk(dir);
  return found;
}

function installedPackages(dir: string): string[] {
  const nm = join(dir, "node_modules");
  return readdirSync(nm)
    .filter((e) => !e.startsWith("."))
    .flatMap((e) => (e.startsWith("@") ? readdirSync(join(nm, e)).map((s) => `${e}/${s}`) : [e]))
    .sort();
}

/** The bytes of every file under dir (what `du --apparent-size` counts). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

// A tiny API on 127.0.0.1 for the smoke scripts: a raster, a 503 once (for retry), a download.
const server = `
const http = require("node:http");
function serve() {
  let failed = false;
  const s = http.createServer((req, res) => {
    const base = "http://127.0.0.1:" + s.address().port;
    if (req.url.startsWith("/storage/")) {
      if (req.headers["x-api-key"]) { res.writeHead(400); return res.end("key sent to storage"); }
      res.writeHead(200, { "content-type": "application/octet-stream" }); return res.end("raster-bytes");
    }
    if (req.headers["x-api-key"] !== "k") { res.writeHead(401); return res.end("{}"); }
    if (req.url.startsWith("/public/api/plots_analysis/v1/")) return tracer(req, res, base);
    if (req.url === "/public/api/v2/rasters/flaky/" && !failed) { failed = true; res.writeHead(503); return res.end("{}"); }
    if (req.url.endsWith("/download/")) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ download_url: base + "/storage/r1?sig=x" }));
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: req.url.split("/")[5], name: "a", status: "ready" }));
  });
  return new Promise((r) => s.listen(0, "127.0.0.1", () => r(s)));
}
// Tracer: a page of methodologies, and a plots group export (an operation, then a signed URL).
function tracer(req, res, base) {
  const path = req.url.slice("/public/api/plots_analysis/v1".length);
  const json = (status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
  if (path === "/methodologies/?search=coffee&page_number=1") {
    return json(200, { count: 1, next: null, previous: null, results: [{ id: "m1", name: "Coffee - EUDR" }] });
  }
  if (req.method === "POST" && path === "/plots_groups/g1/export/") return json(201, { operation_id: "o1", poll_interval: 0 });
  if (path === "/operations/o1/") {
    return json(200, { id: "o1", type: "export", status: "success", results: { download_url: base + "/storage/plots.geojson?sig=x" } });
  }
  json(404, { detail: "Not found." });
}
`;

function smoke(dir: string, body: { esm: string; cjs: string }) {
  writeFileSync(join(dir, "server.cjs"), `${server}\nmodule.exports = { serve };`);
  writeFileSync(
    join(dir, "smoke.mjs"),
    `import { createRequire } from "node:module";\nconst { serve } = createRequire(import.meta.url)("./server.cjs");\n${body.esm}`,
  );
  writeFileSync(
    join(dir, "smoke.cjs"),
    `const { serve } = require("./server.cjs");\n(async () => {\n${body.cjs}\n})();`,
  );
  return {
    esm: sh(process.execPath, ["smoke.mjs"], dir).trim(),
    cjs: sh(process.execPath, ["smoke.cjs"], dir).trim(),
  };
}

const clientLines = `
  const s = await serve();
  const client = createClient({ apiKey: "k", baseUrl: "http://127.0.0.1:" + s.address().port + "/public/api/v2/" EXTRA });
  const raster = await client.getRaster(RASTER);
  console.log(raster.id);
  s.close();`;

/** The `package.json` a tarball holds. */
function manifestOf(tarball: string): { version: string; peerDependencies?: Record<string, string> } {
  return JSON.parse(sh("tar", ["-xzOf", tarball, "package/package.json"], work));
}

describe("peer ranges: a plugin refuses a core it was not built for", () => {
  const PLUGINS = ["retry", "node-fs", "nongeo", "tracer", "gis"];

  it("every plugin's published peer range on core stops before core's next minor (a breaking 0.x release)", () => {
    const core = manifestOf(tarballs.core as string).version;
    // In 0.x, ^0.1.0 is >=0.1.0 <0.2.0: the next minor, which may break, is out of range.
    expect(core.startsWith("0.")).toBe(true);
    for (const plugin of PLUGINS) {
      const range = manifestOf(tarballs[plugin] as string).peerDependencies?.["@picterra/core"];
      expect({ plugin, range }).toEqual({ plugin, range: `^${core}` });
    }
  });

  it("npm refuses node-fs with a core of the next minor (ERESOLVE), and installs it with the matching core", () => {
    // A copy of core's tarball at the next minor: what a breaking core release would publish.
    const copy = mkdtempSync(join(work, "core-next-"));
    sh("tar", ["-xzf", tarballs.core as string, "-C", copy], work);
    const manifestFile = join(copy, "package", "package.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    const [major, minor] = String(manifest.version).split(".");
    manifest.version = `${major}.${Number(minor) + 1}.0`;
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const packed = sh("npm", ["pack", "--silent", "--pack-destination", copy], join(copy, "package"));
    const next = join(copy, packed.trim().split("\n").at(-1) as string);

    const refused = run("npm", [...NPM_INSTALL, next, tarballs["node-fs"] as string], emptyProject("mixed"));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("ERESOLVE");
    expect(refused.stderr).toMatch(/peer @picterra\/core@"\^0\.\d+\.\d+" from @picterra\/node-fs/);

    const dir = project(["core", "node-fs"]);
    expect(copiesOf(dir, "@picterra/core")).toHaveLength(1);
  });
});

describe("installing only what you need, from the packed tarballs, with plain npm", () => {
  it("@picterra/gis with core and node-fs: no OpenLayers, and a GeoPackage in EPSG:2056 and a PNG preview from ESM and CommonJS", () => {
    const dir = project(["core", "node-fs", "gis"]);
    const installed = installedPackages(dir);
    // flatgeobuf is bundled: its optional dependency on OpenLayers (16 MB) never reaches users.
    expect(
      installed.filter((p) => ["ol", "flatgeobuf", "epsg-index", "dejavu-fonts-ttf"].includes(p)),
    ).toEqual([]);
    expect(copiesOf(dir, "@picterra/core")).toHaveLength(1);
    const lines = (file: string) => `
  const result = { type: "FeatureCollection", features: [{ type: "Feature", properties: { class_name: "tree" },
    geometry: { type: "MultiPolygon", coordinates: [[[[8.54, 47.37], [8.541, 47.37], [8.541, 47.371], [8.54, 47.37]]]] } }] };
  const objects = resultObjects(result, { input: "a.tif" });
  const written = await writeLayer("${file}.gpkg", objects, { crs: "EPSG:2056" });
  const png = renderPng(previewSvg({ title: "Zürich", objects }));
  console.log(written.crs, written.count, png.length > 1000);`;
    const out = smoke(dir, {
      esm: `import { resultObjects, previewSvg } from "@picterra/gis";\nimport { writeLayer, renderPng } from "@picterra/gis/node";\n${lines("esm")}`,
      cjs: `const { resultObjects, previewSvg } = require("@picterra/gis");\nconst { writeLayer, renderPng } = require("@picterra/gis/node");\n${lines("cjs")}`,
    });
    expect(out).toEqual({ esm: "EPSG:2056 1 true", cjs: "EPSG:2056 1 true" });
    expect(readFileSync(join(dir, "esm.gpkg")).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
  });

  it("@picterra/core alone: works from ESM and CommonJS, pulls in no turf and nothing Node-only", () => {
    const dir = project(["core"]);
    expect(installedPackages(dir)).toEqual(["@picterra/core", "openapi-fetch", "openapi-typescript-helpers"]);
    const lines = clientLines.replace("EXTRA", "").replace("RASTER", '"r1"');
    const out = smoke(dir, {
      esm: `import { createClient } from "@picterra/core";\n${lines}`,
      cjs: `const { createClient } = require("@picterra/core");\n${lines}`,
    });
    expect(out).toEqual({ esm: "r1", cjs: "r1" });
  });

  it("@picterra/core + @picterra/retry: one copy of core, and the retry middleware works", () => {
    const dir = project(["core", "retry"]);
    expect(copiesOf(dir, "@picterra/core")).toHaveLength(1);
    expect(installedPackages(dir)).not.toContain("@turf/projection");
    const lines = clientLines
      .replace("EXTRA", ", middleware: [retry({ backoffFactorMs: 1 })]")
      .replace("RASTER", '"flaky"');
    const out = smoke(dir, {
      esm: `import { createClient } from "@picterra/core";\nimport { retry } from "@picterra/retry";\n${lines}`,
      cjs: `const { createClient } = require("@picterra/core");\nconst { retry } = require("@picterra/retry");\n${lines}`,
    });
    expect(out).toEqual({ esm: "flaky", cjs: "flaky" });
  });

  it("@picterra/core + @picterra/node-fs: one copy of core, and a download lands on disk", () => {
    const dir = project(["core", "node-fs"]);
    expect(copiesOf(dir, "@picterra/core")).toHaveLength(1);
    expect(installedPackages(dir).filter((p) => p.startsWith("@turf/"))).toEqual([]);
    const lines = (file: string) => `
  const s = await serve();
  const client = createClient({ apiKey: "k", baseUrl: "http://127.0.0.1:" + s.address().port + "/public/api/v2/" });
  await downloadRasterToFile(client, "r1", "${file}");
  console.log(readFileSync("${file}", "utf8"));
  s.close();`;
    const out = smoke(dir, {
      esm: `import { createClient } from "@picterra/core";\nimport { downloadRasterToFile } from "@picterra/node-fs";\nimport { readFileSync } from "node:fs";\n${lines("esm.bin")}`,
      cjs: `const { createClient } = require("@picterra/core");\nconst { downloadRasterToFile } = require("@picterra/node-fs");\nconst { readFileSync } = require("node:fs");\n${lines("cjs.bin")}`,
    });
    expect(out).toEqual({ esm: "raster-bytes", cjs: "raster-bytes" });
    expect(readFileSync(join(dir, "esm.bin"), "utf8")).toBe("raster-bytes");
  });

  it("@picterra/tracer with core: one copy of core, and Tracer calls work from ESM and CommonJS", () => {
    const dir = project(["core", "tracer"]);
    expect(installedPackages(dir)).toEqual([
      "@picterra/core",
      "@picterra/tracer",
      "openapi-fetch",
      "openapi-typescript-helpers",
    ]);
    expect(copiesOf(dir, "@picterra/core")).toHaveLength(1);
    const lines = `
  const s = await serve();
  const tracer = createTracerClient({ apiKey: "k", baseUrl: "http://127.0.0.1:" + s.address().port + "/" });
  const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
  const exported = await (await tracer.downloadPlotsGroup("g1", "geojson")).text();
  const refused = await tracer.getPlotsGroup("a/b").catch((e) => e instanceof ValidationError);
  console.log([coffee.name, exported, refused].join(","));
  s.close();`;
    const out = smoke(dir, {
      esm: `import { createTracerClient } from "@picterra/tracer";\nimport { ValidationError } from "@picterra/core";\n${lines}`,
      cjs: `const { createTracerClient } = require("@picterra/tracer");\nconst { ValidationError } = require("@picterra/core");\n${lines}`,
    });
    // The storage stub answers "raster-bytes" to any GET without the key (a 400 with it).
    expect(out).toEqual({ esm: "Coffee - EUDR,raster-bytes,true", cjs: "Coffee - EUDR,raster-bytes,true" });
  });

  it("@picterra/emulator: starts from its tarball (it reads core's and tracer's OpenAPI documents) and serves both APIs", () => {
    // gis holds its EPSG table; node-fs is what gis peers on.
    const dir = project(["core", "tracer", "gis", "node-fs", "emulator"]);
    expect(copiesOf(dir, "@picterra/core")).toHaveLength(1);
    expect(installedPackages(dir)).not.toContain("epsg-index");
    // The budget for this install: 60 MB of files (about 25 MB since epsg-index's 40 MB went).
    expect(bytesUnder(join(dir, "node_modules"))).toBeLessThanOrEqual(60e6);
    const lines = `
  const emu = await startEmulator();
  const client = createClient({ apiKey: emu.apiKey, baseUrl: emu.url });
  const page = await client.listRasters();
  const methodologies = await (await fetch(emu.tracerUrl + "methodologies/", { headers: { "X-Api-Key": emu.apiKey } })).json();
  console.log(page.count + "," + methodologies.count);
  await emu.close();`;
    const out = smoke(dir, {
      esm: `import { createClient } from "@picterra/core";\nimport { startEmulator } from "@picterra/emulator";\n${lines}`,
      cjs: `const { createClient } = require("@picterra/core");\nconst { startEmulator } = require("@picterra/emulator");\n${lines}`,
    });
    expect(out).toEqual({ esm: "0,7", cjs: "0,7" });
  });
});
