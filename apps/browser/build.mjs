// Bundles the page for browsers: src/main.ts → dist/app.js, plus src/index.html.
// Fails when anything in the bundle imports a Node built-in, because the point of this page is to prove that
// @picterra/core and @picterra/nongeo run in a browser as they are. No polyfills, no `process` shim.
//   node build.mjs [--entry <file>] [--outdir <dir>]
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import { nodeBuiltins } from "../../scripts/browser-bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { entry: { type: "string" }, outdir: { type: "string" } },
});
const entry = values.entry ?? join(here, "src/main.ts");
const outdir = values.outdir ?? join(here, "dist");

/** Turns every import of a Node built-in (`node:fs`, `fs`, `fs/promises`, ...) into a build error. */
const noNodeBuiltins = nodeBuiltins((args) => {
  const importer = args.importer ? relative(here, args.importer) : "(entry)";
  return {
    errors: [
      { text: `${importer} imports the Node built-in "${args.path}": the page must run in a browser` },
    ],
  };
});

try {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: join(outdir, "app.js"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: ["chrome120", "firefox120", "safari17"],
    sourcemap: true,
    minify: false,
    metafile: true,
    logLevel: "warning",
    plugins: [noNodeBuiltins],
  });
  await mkdir(outdir, { recursive: true });
  await writeFile(join(outdir, "meta.json"), JSON.stringify(result.metafile));
  await copyFile(join(here, "src/index.html"), join(outdir, "index.html"));
  const bytes = result.metafile.outputs[relative(process.cwd(), join(outdir, "app.js"))]?.bytes;
  console.log(`built ${relative(here, outdir)}/app.js${bytes ? ` (${bytes} bytes)` : ""} and index.html`);
} catch {
  // esbuild has already printed the errors.
  process.exitCode = 1;
}
