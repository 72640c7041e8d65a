import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { useLocalServer } from "./local-server";

// A Node program bundled as a production build does it (esbuild, platform node, minified, tree-shaken, so
// `"sideEffects": false` is believed): its API calls must still go over core's node:http transport, which the
// node entry hands to the client, and never through the global fetch.

const packageDir = join(__dirname, "..");
const seen: string[] = [];
// Inside the package, so that the bundler resolves `@picterra/core` through its own exports (the `node` entries).
mkdirSync(join(packageDir, "test-artifacts"), { recursive: true });
const work = mkdtempSync(join(packageDir, "test-artifacts", "bundle-"));

const local = useLocalServer((req, res) => {
  seen.push(`${req.method} ${req.url} ${req.headers["user-agent"]}`);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ id: "r1", name: "a", status: "ready" }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A program that replaces the global fetch by one that throws, then makes one call with the client `make` makes. */
const program = (imports: string) => `${imports}
globalThis.fetch = () => { throw new Error("the global fetch was used"); };
(async () => {
  const client = make({ apiKey: "k", baseUrl: process.argv[2] });
  const raster = await client.getRaster("r1");
  console.log(raster.id);
})();
`;

async function bundleAndRun(name: string, source: string, format: "esm" | "cjs"): Promise<string> {
  const entry = join(work, `${name}.${format === "esm" ? "mjs" : "cjs"}`);
  writeFileSync(entry, source);
  const outfile = join(work, `${name}.out.${format === "esm" ? "mjs" : "cjs"}`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format,
    minify: true,
    treeShaking: true,
    outfile,
    logLevel: "silent",
  });
  const { stdout } = await promisify(execFile)(process.execPath, [outfile, local.base]);
  return stdout.trim();
}

describe("a Node-target bundle keeps core's node:http transport", () => {
  it("createClient from @picterra/core, as ESM and as CommonJS", async () => {
    const imports = {
      esm: 'import { createClient as make } from "@picterra/core";',
      cjs: 'const { createClient: make } = require("@picterra/core");',
    };
    for (const format of ["esm", "cjs"] as const) {
      seen.length = 0;
      const source = program(imports[format]);
      expect(await bundleAndRun(`core-${format}`, source, format)).toBe("r1");
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^GET \/public\/api\/v2\/rasters\/r1\/ picterra-ts\//);
    }
  });

  it("a client made with `new`, given nodeTransport from @picterra/core/machinery", async () => {
    seen.length = 0;
    const source = program(`import { PicterraClient } from "@picterra/core";
import { nodeTransport } from "@picterra/core/machinery";
const make = (options) => new PicterraClient({ ...options, transport: nodeTransport });`);
    expect(await bundleAndRun("machinery", source, "esm")).toBe("r1");
    expect(seen).toHaveLength(1);
  });
});
