// The scenario in a web page (bundled by Vite, or by esbuild with a browser target): the browser-safe
// packages. The host's config comes in the URL's fragment; each step's line goes into #outcomes, and
// body[data-state] says when it is over.
import * as core from "@picterra/core";
import * as nongeo from "@picterra/nongeo";
import * as retry from "@picterra/retry";
import * as tracer from "@picterra/tracer";
import { describeRuntime, RUNTIME_MARK } from "./runtime.mjs";
import { runScenario, STEP_MARK } from "./scenario.mjs";

const lines = [RUNTIME_MARK + JSON.stringify(describeRuntime())];
const config = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const report = (outcome) => lines.push(STEP_MARK + JSON.stringify(outcome));
runScenario({ core, retry, nongeo, tracer }, config, report)
  .catch((error) => lines.push(`the scenario threw: ${error}`))
  .finally(() => {
    document.getElementById("outcomes").textContent = lines.join("\n");
    document.body.dataset.state = "done";
  });
