// Bundles the pages for browsers: src/main.ts → dist/app.js with src/index.html (Forge: core + nongeo), and
// src/tracer-main.ts → dist/tracer.js with src/tracer.html (Tracer: core + tracer), and src/gis-main.ts →
// dist/gis.js with src/gis.html (@picterra/gis: layers and preview); the pages use src/page.css.
// Fails when anything in a bundle imports a Node built-in, because the point of these pages is to prove that
// @picterra/core, @picterra/nongeo and @picterra/tracer run in a browser as they are. No polyfills, no `process` shim.
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
// `--entry` builds one file as app.js (the tests' fixtures); by default both pages.
const entryPoints = values.entry
  ? { app: values.entry }
  : {
      app: join(here, "src/main.ts"),
      tracer: join(here, "src/tracer-main.ts"),
      gis: join(here, "src/gis-main.ts"),
    };
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
    entryPoints,
    outdir,
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
  for (const file of ["index.html", "tracer.html", "gis.html", "page.css"])
    await copyFile(join(here, "src", file), join(outdir, file));
  for (const name of Object.keys(entryPoints)) {
    const bytes = result.metafile.outputs[relative(process.cwd(), join(outdir, `${name}.js`))]?.bytes;
    console.log(`built ${relative(here, outdir)}/${name}.js${bytes ? ` (${bytes} bytes)` : ""}`);
  }
} catch {
  // esbuild has already printed the errors.
  process.exitCode = 1;
}
