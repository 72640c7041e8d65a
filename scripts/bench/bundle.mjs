// Browser bundle sizes (esbuild, minified, gzip -9) of the browser-safe packages, against their dependencies
// alone.
import { join } from "node:path";
import { browserBundle } from "../browser-bundle.mjs";
import { ROOT } from "./lib.mjs";

export async function bundleSizes() {
  const core = join(ROOT, "packages", "core");
  const nongeo = join(ROOT, "packages", "nongeo");
  const sizes = async (entry) => {
    const { gzipBytes, minBytes, builtins } = await browserBundle(entry);
    if (builtins.length > 0)
      throw new Error(`a browser bundle imports Node built-ins: ${builtins.join(", ")}`);
    return { gzipBytes, minBytes };
  };
  return {
    core: await sizes(join(core, "dist", "index.js")),
    openapiFetch: await sizes({ contents: 'export * from "openapi-fetch";', resolveDir: core }),
    nongeo: await sizes(join(nongeo, "dist", "index.js")),
    // What nongeo builds on: turf's projection and iteration helpers.
    turf: await sizes({
      contents:
        'export { toMercator, toWgs84 } from "@turf/projection"; export { featureEach } from "@turf/meta";',
      resolveDir: nongeo,
    }),
  };
}
