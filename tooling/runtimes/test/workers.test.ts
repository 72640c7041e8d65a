import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe } from "vitest";
import { run } from "../src/process.mjs";
import { parseProcess } from "../src/session";
import { WORKERD_NETWORK } from "../src/documented";
import { SCENARIO_TIMEOUT_MS, runtimeTests } from "../src/suite";
import { pinnedVersion, workerdBinary } from "../src/tools.mjs";

// Cloudflare Workers' runtime, workerd, from the registry's `workerd` package, driven directly with a capnp
// config (`workerd test` runs the Worker's test handler). The Worker is bundled from core, tracer, retry and
// nongeo as Wrangler bundles one (esbuild, the `workerd`, `worker` and `browser` conditions) and runs the
// browser-safe scenario. workerd's default outbound network allows only public addresses: the emulator on
// 127.0.0.1 needs "private" too, as the README says.
const version = pinnedVersion("workerd", "workerd");
// workerd 1.20261123.1 calls itself "workerd 2026-11-23", the newest compatibility date it supports.
const date = /^1\.(\d{4})(\d{2})(\d{2})\.\d+$/.exec(version)!.slice(1).join("-");

const CONFIG = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    ${WORKERD_NETWORK},
  ],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${date}",
  bindings = [(name = "CONFIG", text = embed "config.json")],
);
`;

/** Bundles the Worker into `dir` as Wrangler would. */
async function bundleWorker(consumer: string, dir: string): Promise<void> {
  await build({
    entryPoints: [join(consumer, "worker.mjs")],
    absWorkingDir: consumer,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    outfile: join(dir, "worker.js"),
    logLevel: "silent",
  });
}

const title = `workerd ${version}`;
describe(`Cloudflare Workers: ${title}`, () => {
  runtimeTests({
    title,
    expect: { name: "workerd", version: date },
    files: false,
    start: async (consumer, config) => {
      const dir = join(consumer, "workers");
      mkdirSync(dir, { recursive: true });
      await bundleWorker(consumer, dir);
      writeFileSync(join(dir, "config.capnp"), CONFIG);
      writeFileSync(join(dir, "config.json"), JSON.stringify(config));
      const workerd = await workerdBinary();
      const done = await run(workerd, ["test", "config.capnp"], { cwd: dir, timeoutMs: SCENARIO_TIMEOUT_MS });
      const result = parseProcess(title, done, SCENARIO_TIMEOUT_MS);
      // The Worker cannot see workerd's version: the binary tells it ("workerd 2026-11-23").
      const said = (await run(workerd, ["--version"], { cwd: dir, timeoutMs: 30_000 })).stdout.trim();
      if (result.reported) result.reported.version = said.replace(/^workerd /, "");
      return result;
    },
  });
});
