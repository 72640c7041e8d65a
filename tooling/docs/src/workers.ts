import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { WORKERD_NETWORK } from "../../runtimes/src/documented";
import { pinnedVersion } from "../../runtimes/src/tools.mjs";

// A ```ts workers block is a Worker module (`export default { fetch(request, env) }`), as `wrangler dev` runs
// it: bundled with the conditions Wrangler uses, its secrets as text bindings, run by workerd (the runtime
// matrix's pinned build) with a test handler that sends it one request, as a browser would.

/** workerd 1.20261123.1 supports compatibility dates up to 2026-11-23. */
function compatibilityDate(): string {
  const version = pinnedVersion("workerd", "workerd");
  const parts = /^1\.(\d{4})(\d{2})(\d{2})\.\d+$/.exec(version);
  if (!parts) throw new Error(`workerd ${version}: not a version this runner can read a date from`);
  return parts.slice(1).join("-");
}

/** What the host prints before the Worker's answer, so that the runner can find it in workerd's output. */
export const ANSWER_MARK = "WORKER ANSWER ";

const HOST = (block: string) => `import worker from ${JSON.stringify(block)};

export default {
  async test(_controller, env) {
    const response = await worker.fetch(new Request("http://worker.localhost/"), env);
    const text = await response.text();
    console.log(${JSON.stringify(ANSWER_MARK)} + JSON.stringify({ status: response.status, text }));
    if (!response.ok) throw new Error("the Worker answered " + response.status);
  },
};
`;

const CONFIG = (date: string) => `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    ${WORKERD_NETWORK},
  ],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${date}",
  bindings = [
    (name = "PICTERRA_API_KEY", text = embed "api-key.txt"),
    (name = "PICTERRA_BASE_URL", text = embed "base-url.txt"),
  ],
);
`;

/**
 * Writes into `dir` the bundle of the Worker in `blockFile` with its host, and workerd's config binding the key
 * and the base URL as Wrangler binds a secret and a var; returns the config's path (`workerd test <config>`).
 */
export async function workerdProject(
  blockFile: string,
  dir: string,
  env: { apiKey: string; baseUrl: string },
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "host.mjs"), HOST(blockFile));
  await build({
    entryPoints: [join(dir, "host.mjs")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    outfile: join(dir, "worker.js"),
    logLevel: "silent",
  });
  writeFileSync(join(dir, "api-key.txt"), env.apiKey);
  writeFileSync(join(dir, "base-url.txt"), env.baseUrl);
  const config = join(dir, "config.capnp");
  writeFileSync(config, CONFIG(compatibilityDate()));
  return config;
}
