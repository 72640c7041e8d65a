import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script shared by the size tests and the benchmarks
import { browserBundle } from "../../../scripts/browser-bundle.mjs";

interface Bundle {
  code: string;
  builtins: string[];
  gzipBytes: number;
}
const bundle = browserBundle as (
  entry: string,
  options?: { format?: string; globalName?: string },
) => Promise<Bundle>;

const root = join(__dirname, "../../..");
const budgets = JSON.parse(readFileSync(join(root, "size-budgets.json"), "utf8")) as Record<string, number>;
const budget = budgets["@picterra/nongeo"] as number;
const PROCESS = /\bprocess\b/;

describe("the source entry is browser-safe", () => {
  it("bundles for the browser, turf included, with no Node built-in and no `process`", async () => {
    const { code, builtins } = await bundle(join(__dirname, "../src/index.ts"));
    expect(builtins).toEqual([]);
    expect(code).not.toMatch(PROCESS);
    expect(code).toContain("6378137"); // turf's projection is in the bundle, not left out
  });

  it("(control) the Node subpath is caught importing a Node built-in", async () => {
    const { builtins } = await bundle(join(__dirname, "../src/node.ts"));
    expect(builtins.join("\n")).toMatch(/^node:fs\/promises /m);
  });
});

describe("the built entry in a browser bundle", () => {
  const dist = join(__dirname, "../dist/index.js");

  it("imports no Node built-in", async () => {
    const { code, builtins } = await bundle(dist);
    expect(builtins).toEqual([]);
    expect(code).not.toMatch(PROCESS);
  });

  it("converts in a realm with no `process`, `require` or Node globals", async () => {
    const { code } = await bundle(dist, { format: "iife", globalName: "PicterraNongeo" });
    const realm = vm.createContext({});
    vm.runInContext(code, realm);
    const corner = vm.runInContext(
      "PicterraNongeo.nongeoResultToPixel({ type: 'Polygon', coordinates: [[[0.0013653, -0.00097539]]] })[0][0][0].map(Math.round)",
      realm,
    ) as number[];
    expect(Array.from(corner)).toEqual([1520, 1086]);
    expect(vm.runInContext("typeof process", realm)).toBe("undefined");
  });

  it(`stays within its size budget (${budget} bytes min+gzip)`, async () => {
    const { gzipBytes } = await bundle(dist);
    expect(gzipBytes).toBeLessThanOrEqual(budget);
  });
});
