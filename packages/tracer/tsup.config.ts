import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// core is a peer: tsup keeps `@picterra/core/machinery` an import, so an app bundles one copy of its classes.
export default defineConfig(packageBuild(__dirname, { index: "src/index.ts" }));
