import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

export default defineConfig(packageBuild(__dirname, { index: "src/index.ts", machinery: "src/machinery/index.ts" }));
