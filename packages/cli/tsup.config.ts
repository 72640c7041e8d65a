import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// A command, not a library: one ESM entry that bin/picterra.js imports, no types.
export default defineConfig(packageBuild(__dirname, { cli: "src/cli.ts" }, { format: ["esm"], dts: false }));
