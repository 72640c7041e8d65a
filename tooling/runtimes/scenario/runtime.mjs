// Which runtime runs this, in its own words: the host checks it is the pinned version.

/** The line prefix of the runtime's report. */
export const RUNTIME_MARK = "@@runtime ";

/** `{ name, version }`: Deno and Bun first, since both also report a Node version for compatibility. */
export function describeRuntime() {
  const versions = globalThis.process?.versions ?? {};
  if (globalThis.Deno?.version?.deno) return { name: "Deno", version: globalThis.Deno.version.deno };
  if (versions.bun) return { name: "Bun", version: versions.bun };
  if (versions.node) return { name: "Node", version: versions.node };
  return { name: globalThis.navigator?.userAgent ?? "unknown", version: "" };
}
