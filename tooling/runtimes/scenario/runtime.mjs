// Which runtime runs this, in its own words: the host checks it is the pinned version.

/** The line prefix of the runtime's report. */
export const RUNTIME_MARK = "@@runtime ";

/**
 * `{ name, version }`: Workers, Deno and Bun first, since all of them also report a Node version for
 * compatibility. A Worker cannot see its workerd's version (the host asks the binary).
 */
export function describeRuntime() {
  if (globalThis.navigator?.userAgent === "Cloudflare-Workers") return { name: "workerd", version: "" };
  const versions = globalThis.process?.versions ?? {};
  if (globalThis.Deno?.version?.deno) return { name: "Deno", version: globalThis.Deno.version.deno };
  if (versions.bun) return { name: "Bun", version: versions.bun };
  if (versions.node) return { name: "Node", version: versions.node };
  // Browsers tell only their major version (the rest of the user agent is frozen at 0.0.0).
  const chrome = /Chrome\/(\d+)/.exec(globalThis.navigator?.userAgent ?? "");
  if (chrome) return { name: "Chromium", version: chrome[1] };
  return { name: globalThis.navigator?.userAgent ?? "unknown", version: "" };
}
