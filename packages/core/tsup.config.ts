import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// The entry points share the machinery: split into shared chunks, so that there is one PicterraError class
// (and one of everything else) whichever entry a program or a plugin imports it from. The `node` entries add
// the node:http transport for API calls (package.json's `node` export condition), handed to the client by
// `createClient` and exported as `nodeTransport` (nothing is set on import); the others import no Node.
export default defineConfig(
  packageBuild(
    __dirname,
    {
      index: "src/index.ts",
      machinery: "src/machinery/index.ts",
      node: "src/node/index.ts",
      "machinery-node": "src/node/machinery.ts",
    },
    {
      splitting: true,
      tsconfig: "tsconfig.node.json",
      // The node entry of "." declares what the default one does (package.json points both at index.d.ts);
      // the node entry of ./machinery adds `nodeTransport`.
      dts: {
        entry: {
          index: "src/index.ts",
          machinery: "src/machinery/index.ts",
          "machinery-node": "src/node/machinery.ts",
        },
        compilerOptions: { types: ["node"] },
      },
    },
  ),
);
