import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

export default defineConfig(
  packageBuild(
    __dirname,
    { index: "src/index.ts", node: "src/node.ts" },
    // The declaration build compiles src/node.ts too, which needs Node's types; the browser entry's
    // safety is checked by tsconfig.json (no Node types) and by test/browser-safe.test.ts.
    { dts: { compilerOptions: { types: ["node"] } } },
  ),
);
