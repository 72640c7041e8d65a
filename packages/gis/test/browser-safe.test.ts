import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script shared by the size tests and the benchmarks
import { nodeBuiltins } from "../../../scripts/browser-bundle.mjs";

const root = join(__dirname, "../../..");
const budgets = JSON.parse(readFileSync(join(root, "size-budgets.json"), "utf8")) as Record<string, number>;
const budget = budgets["@picterra/gis"] as number;
const PROCESS = /\bprocess\b/;
/** What the entry loads only when a CRS is asked for: a browser bundler makes separate chunks of them. */
const LAZY = ["./epsg-table.js", "proj4"];

/** The entry bundled as a browser app would, with every Node built-in it imports listed. */
async function bundle(entry: string, options: { lazy?: boolean; format?: "esm" | "iife" } = {}) {
  const builtins: string[] = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: options.format ?? "esm",
    globalName: "PicterraGis",
    platform: "browser",
    write: false,
    logLevel: "silent",
    // The Node-only dependencies (a native addon, a WASM build) are for the control's bundle of the Node entry.
    external: [...(options.lazy === false ? [] : LAZY), "@resvg/resvg-js", "@sqlite.org/sqlite-wasm"],
    plugins: [
      (nodeBuiltins as (found: (args: { path: string; importer: string }) => unknown) => never)((args) => {
        builtins.push(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      }),
    ],
  });
  const code = result.outputFiles[0]!.text;
  const { gzipSync } = await import("node:zlib");
  return { code, builtins, gzipBytes: gzipSync(code, { level: 9 }).length };
}

describe("the browser entry", () => {
  it("bundles from source with no Node built-in and no `process`", async () => {
    const { code, builtins } = await bundle(join(__dirname, "../src/index.ts"), { lazy: false });
    expect(builtins).toEqual([]);
    expect(code).not.toMatch(PROCESS);
  });

  it("(control) the Node subpath is caught importing Node built-ins", async () => {
    const { builtins } = await bundle(join(__dirname, "../src/node.ts"));
    expect(builtins.join("\n")).toMatch(/^node:fs\/promises /m);
  });

  it("keeps the EPSG table and proj4 out of the main bundle: they load when a CRS is asked for", async () => {
    const dist = join(__dirname, "../dist/index.js");
    // The entry, and the chunks it shares with the node entry (one copy of GisInputError and the table cache).
    const entry = readFileSync(dist, "utf8");
    const chunks = [...entry.matchAll(/from ["']\.\/(chunk-[\w-]+\.js)["']/g)].map((m) =>
      readFileSync(join(__dirname, "../dist", m[1]!), "utf8"),
    );
    expect([entry, ...chunks].join("\n")).toMatch(/import\(["']\.\/epsg-table\.js["']\)/);
    const { code, builtins } = await bundle(dist);
    expect(builtins).toEqual([]);
    expect(code).not.toMatch(PROCESS);
    expect(code).not.toContain("H4sI"); // the gzipped table's base64 starts so
  });

  it(`stays within its size budget (${budget} bytes min+gzip, lazy chunks apart)`, async () => {
    const { gzipBytes } = await bundle(join(__dirname, "../dist/index.js"));
    expect(gzipBytes).toBeLessThanOrEqual(budget);
  });

  it("makes per-object CSV in a realm with no `process`, `require` or Node globals", async () => {
    const { code } = await bundle(join(__dirname, "../dist/index.js"), { format: "iife" });
    const realm = vm.createContext({
      TextEncoder,
      TextDecoder,
      Promise,
      Response,
      Blob,
      DecompressionStream,
      atob,
      btoa,
    });
    vm.runInContext(code, realm);
    const csv = (await vm.runInContext(
      `PicterraGis.toCsv(PicterraGis.resultObjects({ type: "FeatureCollection", features: [{ type: "Feature",
        properties: { class_name: "tree" }, geometry: { type: "Polygon", coordinates: [[[8, 47], [8.001, 47], [8.001, 47.001], [8, 47]]] } }] }))`,
      realm,
    )) as string;
    expect(csv.split("\r\n")[0]).toBe(
      "wkt,class,raster_id,raster_name,operation_id,input,area_m2,perimeter_m,centroid_lon,centroid_lat",
    );
    expect(vm.runInContext("typeof process", realm)).toBe("undefined");
  });
});
