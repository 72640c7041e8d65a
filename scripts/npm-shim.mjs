#!/usr/bin/env node
// pnpm 10 hands a few commands to npm, `docs` among them (npm's `docs` opens a package's page in a browser), so
// `pnpm docs` never reaches the root package.json's `docs` script. The repository's .npmrc names this file as
// pnpm's npm (`npm-path`): `docs` builds the API reference (scripts/docs.mjs), and every other command goes to
// the npm on the PATH, as it is.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const args = process.argv.slice(2);
const run =
  args[0] === "docs"
    ? spawnSync(process.execPath, [join(import.meta.dirname, "docs.mjs")], { stdio: "inherit" })
    : spawnSync("npm", args, { stdio: "inherit" });
if (run.error) throw run.error;
process.exit(run.status ?? 1);
