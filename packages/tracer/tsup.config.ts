import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// core is a peer: tsup keeps `@picterra/core/machinery` an import, so an app bundles one copy of its classes.
// The `node` entry (package.json's `node` condition) adds core's node:http transport to createTracerClient;
// both entries share one chunk, so that TracerClient is one class whichever a program imports.
export default defineConfig(
  packageBuild(
    __dirname,
    { index: "src/index.ts", node: "src/node.ts" },
    // The node entry declares what the default one does: package.json points both at index.d.ts.
    { splitting: true, tsconfig: "tsconfig.node.json", dts: { entry: { index: "src/index.ts" } } },
  ),
);
