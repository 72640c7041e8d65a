import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

export default defineConfig(
  packageBuild(__dirname, { index: "src/index.ts", tracer: "src/tracer-entry.ts" }, { splitting: true }),
);
