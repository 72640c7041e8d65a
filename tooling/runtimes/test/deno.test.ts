import { join } from "node:path";
import { describe } from "vitest";
import { ENV_STEPS } from "../scenario/scenario.mjs";
import { run } from "../src/process.mjs";
import { type ScenarioRun, parseProcess } from "../src/session";
import { DENO_CLIENT_FLAGS, DENO_FILES_FLAGS } from "../src/documented";
import { SCENARIO_TIMEOUT_MS, runtimeTests } from "../src/suite";
import { denoBinary, pinnedVersion } from "../src/tools.mjs";

// Deno from the registry's `deno` package, with exactly the permissions the README documents: the clients
// need the network and the environment (PICTERRA_API_KEY, PICTERRA_BASE_URL); node-fs and the CLI also read
// and write files. Deno resolves the packages' `node` export, as Node does.
const version = pinnedVersion("deno", "deno");
// No update check: it would reach for a host this machine cannot reach.
const ENV = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

async function deno(
  consumer: string,
  flags: readonly string[],
  args: string[],
  title: string,
): Promise<ScenarioRun> {
  const command = await denoBinary();
  const done = await run(command, ["run", ...flags, ...args], {
    cwd: consumer,
    env: ENV,
    timeoutMs: SCENARIO_TIMEOUT_MS,
  });
  return parseProcess(title, done, SCENARIO_TIMEOUT_MS);
}

for (const [flags, files] of [
  [DENO_CLIENT_FLAGS, false],
  [DENO_FILES_FLAGS, true],
] as const) {
  const title = `Deno ${version} (${flags.join(" ")})`;
  describe(title, () => {
    runtimeTests({
      title,
      expect: { name: "Deno", version },
      files,
      start: (consumer, config) => {
        const args = [join(consumer, "entry.mjs"), JSON.stringify(config), ...(files ? ["--files"] : [])];
        return deno(consumer, flags, args, title);
      },
      ...(files ? { cli: async () => ({ command: await denoBinary(), args: ["run", ...flags] }) } : {}),
    });
  });
}

// The key is in the environment: reading it is what Deno refuses.
const title = `Deno ${version} (--allow-net, no --allow-env)`;
describe(title, () => {
  runtimeTests({
    title,
    expect: { name: "Deno", version },
    files: false,
    steps: ENV_STEPS,
    faults: false,
    start: async (consumer, config) => {
      const args = [join(consumer, "env-check.mjs"), JSON.stringify(config)];
      const done = await run(await denoBinary(), ["run", "--allow-net", ...args], {
        cwd: consumer,
        env: { ...ENV, PICTERRA_API_KEY: config.apiKey },
        timeoutMs: SCENARIO_TIMEOUT_MS,
      });
      return parseProcess(title, done, SCENARIO_TIMEOUT_MS);
    },
  });
});
