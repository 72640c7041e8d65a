// The two entries as a user loads them, built: what both use (GisInputError, the EPSG table) is one copy, so
// that an error the node entry throws is `instanceof` the GisInputError a user imports from the main entry.
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dist = join(import.meta.dirname, "..", "dist");

describe("the built entries", () => {
  it("ESM: the node entry's errors are the main entry's GisInputError", async () => {
    const main = await import(join(dist, "index.js"));
    const node = await import(join(dist, "node.js"));
    const error = await node.writeLayer("objects.txt", []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(main.GisInputError);
    expect(node.GisInputError).toBe(main.GisInputError);
  });

  it("CommonJS: the same", async () => {
    const require = createRequire(import.meta.url);
    const main = require(join(dist, "index.cjs"));
    const node = require(join(dist, "node.cjs"));
    const error = await node.writeLayer("objects.txt", []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(main.GisInputError);
    expect(node.GisInputError).toBe(main.GisInputError);
  });
});
