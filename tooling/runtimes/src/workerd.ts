import { build } from "esbuild";
import { WORKERD_NETWORK } from "./documented";
import { pinnedVersion } from "./tools.mjs";

// How the matrix and the docs runner drive workerd: one Worker module, `worker.js`, beside a capnp config, with
// the outbound network the README documents.

/** The pinned workerd's newest compatibility date: workerd 1.20261123.1 calls itself "workerd 2026-11-23". */
export function workerdDate(): string {
  const version = pinnedVersion("workerd", "workerd");
  const parts = /^1\.(\d{4})(\d{2})(\d{2})\.\d+$/.exec(version);
  if (!parts) throw new Error(`workerd ${version}: not a version a compatibility date can be read from`);
  return parts.slice(1).join("-");
}

/**
 * workerd's config for `worker.js` (an ES module beside it) with text bindings, each `name` to the file whose
 * contents it holds, and the README's network: `workerd test config.capnp` runs the module's test handler.
 */
export function workerdConfig(bindings: Record<string, string>): string {
  const texts = Object.entries(bindings).map(([name, file]) => `(name = "${name}", text = embed "${file}")`);
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    ${WORKERD_NETWORK},
  ],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${workerdDate()}",
  bindings = [${texts.join(", ")}],
);
`;
}

/** Bundles the Worker module `entry` into `outfile` as Wrangler bundles one (its export conditions and fields). */
export async function bundleWorker(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    outfile,
    logLevel: "silent",
  });
}
