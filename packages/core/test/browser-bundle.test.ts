import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script shared by the size tests and the benchmarks
import { browserBundle } from "../../../scripts/browser-bundle.mjs";
import { browserRealm } from "./browser-realm";

const root = join(__dirname, "../../..");
const budgets = JSON.parse(readFileSync(join(root, "size-budgets.json"), "utf8")) as Record<string, number>;

describe("the built core in a browser bundle", () => {
  it("imports no Node built-in", async () => {
    const bundle = await browserBundle(join(__dirname, "../dist/index.js"));
    expect(bundle.builtins).toEqual([]);
  });

  it("a browser build of `@picterra/core` and its machinery picks the entries without node:http", async () => {
    // Resolved through package.json's exports, as a browser app's bundler does (no `node` condition).
    const bundle = await browserBundle({
      contents: 'export * from "@picterra/core"; export * from "@picterra/core/machinery";',
      resolveDir: join(__dirname, "../../retry"),
    });
    expect(bundle.builtins).toEqual([]);
    expect(bundle.code).not.toContain("keepAlive");
  });

  it("loads and makes a call in a realm with no `process`, `require` or Node globals", async () => {
    const bundle = await browserBundle(join(__dirname, "../dist/index.js"), {
      format: "iife",
      globalName: "Picterra",
    });
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(`${request.method} ${request.url} key=${request.headers.get("x-api-key")}`);
      return Response.json({ id: "r1", name: "a", status: "ready" });
    };
    const realm = browserRealm(bundle.code, fetch);
    const raster = await vm.runInContext(
      `Picterra.createClient({ apiKey: "k", baseUrl: "https://api.test/public/api/v2/" }).getRaster("r1")`,
      realm,
    );
    expect(raster).toEqual({ id: "r1", name: "a", status: "ready" });
    expect(seen).toEqual(["GET https://api.test/public/api/v2/rasters/r1/ key=k"]);
    expect(vm.runInContext("typeof process", realm)).toBe("undefined");
  });

  it(`stays within its size budget (${budgets["@picterra/core"]} bytes min+gzip)`, async () => {
    const bundle = await browserBundle(join(__dirname, "../dist/index.js"));
    expect(bundle.gzipBytes).toBeLessThanOrEqual(budgets["@picterra/core"] as number);
  });
});
