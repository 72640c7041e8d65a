interface ProcessLike {
  env?: Record<string, string | undefined>;
  versions?: { node?: string };
  platform?: string;
}

/** `process` where there is one (Node, Deno, Bun); browsers have none, and core never touches it unguarded. */
function processOf(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

/** Reads an environment variable where a `process` exists; an empty value counts as unset. */
export function readEnv(name: string): string | undefined {
  const value = processOf()?.env?.[name];
  return value === "" ? undefined : value;
}

/** True where the runtime lets a request set its own User-Agent (not in browsers). */
export function canSetUserAgent(): boolean {
  return typeof (globalThis as { document?: unknown }).document === "undefined";
}

/**
 * The runtime, as the User-Agent's comment tells it (like Picterra's Python client tells its Python and OS):
 * "Node 20.20.2; linux", or "JavaScript" where the runtime does not say.
 */
export function runtimeDescription(): string {
  const proc = processOf();
  const node = proc?.versions?.node;
  if (typeof node === "string") return `Node ${node}; ${proc?.platform ?? "unknown"}`;
  return "JavaScript";
}
