// Bundled with a Node target (esbuild, webpack): core's `node` export sends API calls over node:http. To prove
// the bundle kept that transport, the global fetch is replaced by one that throws before any call.
import process from "node:process";
import * as core from "@picterra/core";
import * as retry from "@picterra/retry";
import * as tracer from "@picterra/tracer";
import { describeRuntime, RUNTIME_MARK } from "./runtime.mjs";
import { STEP_MARK, TRANSPORT_STEPS } from "./scenario.mjs";

const LOST = "the global fetch was called: the bundle lost core's node:http transport";

function describeError(error) {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error && !error.message.includes(error.cause.message)
      ? ` (cause: ${error.cause.message})`
      : "";
  return `${error.name}: ${error.message}${cause}`;
}

async function main() {
  const config = JSON.parse(process.argv[2]);
  console.log(RUNTIME_MARK + JSON.stringify(describeRuntime()));
  globalThis.fetch = () => {
    throw new Error(LOST);
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
  let failed = false;
  for (const [index, step] of TRANSPORT_STEPS.entries()) {
    let outcome;
    try {
      outcome = { step, ok: true, detail: await bodies[index]() };
    } catch (error) {
      outcome = { step, ok: false, error: describeError(error) };
      failed = true;
    }
    console.log(STEP_MARK + JSON.stringify({ ...outcome, ms: 0 }));
  }
  process.exitCode = failed ? 1 : 0;
}

main();
