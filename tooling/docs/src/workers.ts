import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleWorker, workerdConfig } from "../../runtimes/src/workerd";

// A ```ts workers block is a Worker module (`export default { fetch(request, env) }`), as `wrangler dev` runs
// it: bundled with the conditions Wrangler uses, its secrets as text bindings, run by workerd (the runtime
// matrix's pinned build) with a test handler that sends it one request, as a browser would.

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
  await bundleWorker(join(dir, "host.mjs"), join(dir, "worker.js"));
  writeFileSync(join(dir, "api-key.txt"), env.apiKey);
  writeFileSync(join(dir, "base-url.txt"), env.baseUrl);
  const config = join(dir, "config.capnp");
  writeFileSync(
    config,
    workerdConfig({ PICTERRA_API_KEY: "api-key.txt", PICTERRA_BASE_URL: "base-url.txt" }),
  );
  return config;
}
