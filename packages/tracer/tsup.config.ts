import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// core is a peer: tsup keeps `@picterra/core/machinery` an import, so an app bundles one copy of its classes.
// The `node` entry (package.json's `node` condition: what Node resolves for every import of the package, so a
// program loads one entry or the other) adds core's node:http transport to createTracerClient. It declares
// what the default entry does: package.json points both at index.d.ts.
export default defineConfig(
  packageBuild(
    __dirname,
    { index: "src/index.ts", node: "src/node.ts" },
    { tsconfig: "tsconfig.node.json", dts: { entry: { index: "src/index.ts" } } },
  ),
);
