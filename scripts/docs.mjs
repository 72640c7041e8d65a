#!/usr/bin/env node
// `pnpm docs`: builds the API reference into docs-site/ with TypeDoc (typedoc.json; a warning is an error).
// pnpm 10 hands `docs` to npm (`npm docs`, which opens a package's page in a browser); the repository's .npmrc
// names scripts/npm-shim.mjs as pnpm's npm, and the shim runs this script for `docs`. `pnpm run docs` runs it
// too.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const typedoc = join(
  dirname(createRequire(import.meta.url).resolve("typedoc/package.json")),
  "bin",
  "typedoc",
);
// Extra arguments go to TypeDoc (e.g. `--out <dir>`).
const run = spawnSync(process.execPath, [typedoc, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
