// The scenario in a Cloudflare Worker (run by workerd's `test` command): the browser-safe packages, bundled
// as a Worker is (the `workerd`, `worker` and `browser` export conditions). The host's config is the CONFIG
// text binding; each step goes to the log as a line.
import * as core from "@picterra/core";
import * as nongeo from "@picterra/nongeo";
import * as retry from "@picterra/retry";
import * as tracer from "@picterra/tracer";
import { describeRuntime, RUNTIME_MARK } from "./runtime.mjs";
import { printStep, runScenario } from "./scenario.mjs";

export default {
  async test(_controller, env) {
    console.log(RUNTIME_MARK + JSON.stringify(describeRuntime()));
    const modules = { core, retry, nongeo, tracer };
    const outcomes = await runScenario(modules, JSON.parse(env.CONFIG), printStep);
    if (!outcomes.every((outcome) => outcome.ok)) throw new Error("a step failed");
  },
};
