// Bundled with a Node target (esbuild, webpack): core's `node` export sends API calls over node:http. To prove
// the bundle kept that transport, the global fetch is replaced by one that throws before any call.
import process from "node:process";
import * as core from "@picterra/core";
import * as retry from "@picterra/retry";
import * as tracer from "@picterra/tracer";
import { describeRuntime, RUNTIME_MARK } from "./runtime.mjs";
import { printStep, runSteps, TRANSPORT_STEPS } from "./scenario.mjs";

async function main() {
  const config = JSON.parse(process.argv[2]);
  console.log(RUNTIME_MARK + JSON.stringify(describeRuntime()));
  globalThis.fetch = () => {
    throw new Error("the global fetch was called: the bundle lost core's node:http transport");
  };
  const options = { apiKey: config.apiKey, baseUrl: config.siteUrl };
  const bodies = [
    async () => (await core.createClient(options).getUserInfo()).organization_name,
    async () => {
      const middleware = [retry.retry({ backoffFactorMs: 1 })];
      return (await core.createClient({ ...options, middleware }).getUserInfo()).organization_name;
    },
    async () => `${(await tracer.createTracerClient(options).listMethodologies()).count} methodologies`,
  ];
  const outcomes = await runSteps(
    TRANSPORT_STEPS.map((step, index) => [step, bodies[index]]),
    printStep,
  );
  process.exitCode = outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

// No top-level await: webpack bundles this as CommonJS.
main();
