import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// shims: the CJS build gets an `import.meta.url`, which finds the OpenAPI document next to @picterra/core.
export default defineConfig(
  packageBuild(__dirname, { index: "src/index.ts", cli: "src/cli.ts" }, { shims: true }),
);
