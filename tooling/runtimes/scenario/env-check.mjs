// Deno without --allow-env: a client given its options reads no environment, and one that must read
// PICTERRA_API_KEY gets a PicterraError that names the permission, never Deno's raw NotCapable.
import process from "node:process";
import * as core from "@picterra/core";
import { describeRuntime, RUNTIME_MARK } from "./runtime.mjs";
import { describeError, ENV_STEPS, printStep, runSteps } from "./scenario.mjs";

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const config = JSON.parse(process.argv[2]);
console.log(RUNTIME_MARK + JSON.stringify(describeRuntime()));
const bodies = [
  async () => {
    const client = core.createClient({ apiKey: config.apiKey, baseUrl: config.siteUrl });
    const me = await client.getUserInfo();
    check(me.user_id === config.userId, `wrong user ${me.user_id}`);
    return "getUserInfo answered";
  },
  async () => {
    let error;
    try {
      core.createClient();
    } catch (caught) {
      error = caught;
    }
    check(error !== undefined, "createClient() threw nothing without a key");
    check(error instanceof core.PicterraError, `expected a PicterraError, got ${describeError(error)}`);
    check(/--allow-env/.test(error.message), `the message does not name --allow-env: ${error.message}`);
    return error.message;
  },
];
await runSteps(
  ENV_STEPS.map((step, index) => [step, bodies[index]]),
  printStep,
);
