import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// The entry points share the machinery: split into shared chunks, so that there is one PicterraError class
// (and one of everything else) whichever entry a program or a plugin imports it from. The `node` entries add
// the node:http fetch for API calls (package.json's `node` export condition); the others import no Node.
export default defineConfig(
  packageBuild(
    __dirname,
    {
      index: "src/index.ts",
      machinery: "src/machinery/index.ts",
      node: "src/node/index.ts",
      "machinery-node": "src/node/machinery.ts",
    },
    { splitting: true, tsconfig: "tsconfig.node.json", dts: { compilerOptions: { types: ["node"] } } },
  ),
);
