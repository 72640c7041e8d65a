// The scenario from ESM, as a Node, Bun or Deno program imports the packages. The host passes its config as
// the first argument (JSON), so no environment variable is needed; `--files` adds node-fs.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import * as core from "@picterra/core";
import * as nongeo from "@picterra/nongeo";
import * as retry from "@picterra/retry";
import * as tracer from "@picterra/tracer";
import { describeRuntime, RUNTIME_MARK } from "./runtime.mjs";
import { printStep, runScenario } from "./scenario.mjs";

const config = JSON.parse(process.argv[2]);
const files = process.argv.includes("--files");
console.log(RUNTIME_MARK + JSON.stringify(describeRuntime()));
const modules = { core, retry, nongeo, tracer };
if (files) {
  modules.nodeFs = await import("@picterra/node-fs");
  modules.files = { readFile, join, outDir: config.outDir };
}
const outcomes = await runScenario(modules, config, printStep);
process.exitCode = outcomes.every((outcome) => outcome.ok) ? 0 : 1;
