import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { run } from "../src/process.mjs";
import { parseProcess } from "../src/session";
import { SCENARIO_TIMEOUT_MS, runtimeTests } from "../src/suite";
import { pinnedVersion, workerdBinary } from "../src/tools.mjs";
import { bundleWorker, workerdConfig, workerdDate } from "../src/workerd";

// Cloudflare Workers' runtime, workerd, from the registry's `workerd` package, driven directly with a capnp
// config (`workerd test` runs the Worker's test handler). The Worker is bundled from core, tracer, retry and
// nongeo as Wrangler bundles one (esbuild, the `workerd`, `worker` and `browser` conditions) and runs the
// browser-safe scenario. workerd's default outbound network allows only public addresses: the emulator on
// 127.0.0.1 needs "private" too, as the README says.
const version = pinnedVersion("workerd", "workerd");
const date = workerdDate();

const title = `workerd ${version}`;
describe(`Cloudflare Workers: ${title}`, () => {
  runtimeTests({
    title,
    expect: { name: "workerd", version: date },
    files: false,
    start: async (consumer, config) => {
      const dir = join(consumer, "workers");
      mkdirSync(dir, { recursive: true });
      await bundleWorker(join(consumer, "worker.mjs"), join(dir, "worker.js"));
      writeFileSync(join(dir, "config.capnp"), workerdConfig({ CONFIG: "config.json" }));
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
