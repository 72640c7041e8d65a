// The scenario from CommonJS: the packages come from `require`, so their CommonJS builds run. (The scenario
// itself is ESM, loaded with import(), which CommonJS has everywhere.)
const { readFile } = require("node:fs/promises");
const { join } = require("node:path");
const core = require("@picterra/core");
const nongeo = require("@picterra/nongeo");
const retry = require("@picterra/retry");
const tracer = require("@picterra/tracer");
const nodeFs = require("@picterra/node-fs");

async function main() {
  const { describeRuntime, RUNTIME_MARK } = await import("./runtime.mjs");
  const { printStep, runScenario } = await import("./scenario.mjs");
  const config = JSON.parse(process.argv[2]);
  console.log(RUNTIME_MARK + JSON.stringify(describeRuntime()));
  const modules = { core, retry, nongeo, tracer, nodeFs, files: { readFile, join, outDir: config.outDir } };
  const outcomes = await runScenario(modules, config, printStep);
  process.exitCode = outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

main();
