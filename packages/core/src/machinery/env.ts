import { ValidationError } from "./errors";

interface ProcessLike {
  env?: Record<string, string | undefined>;
  versions?: { node?: string };
  platform?: string;
}

/** `process` where there is one (Node, Deno, Bun); browsers have none, and core never touches it unguarded. */
function processOf(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

/**
 * Reads an environment variable where a `process` exists; an empty value counts as unset. A runtime that
 * refuses the read (Deno without `--allow-env`: a `NotCapable` error) gets a ValidationError naming the
 * permission, or `undefined` when `optional` (the variable only changes a default).
 */
export function readEnv(name: string, optional = false): string | undefined {
  let value: string | undefined;
  try {
    value = processOf()?.env?.[name];
  } catch (error) {
    if (optional) return undefined;
    throw new ValidationError(
      `cannot read ${name}: the runtime does not allow reading the environment (under Deno, run with --allow-env=${name}, or pass the value as an option)`,
      { cause: error },
    );
  }
  return value === "" ? undefined : value;
}

/** True where the runtime lets a request set its own User-Agent (not in browsers). */
export function canSetUserAgent(): boolean {
  return typeof (globalThis as { document?: unknown }).document === "undefined";
}

/**
 * The runtime, as the User-Agent's comment tells it (like Picterra's Python client tells its Python and OS):
 * "Node 20.20.2; linux", or "JavaScript" where the runtime does not say (or does not let us look).
 */
export function runtimeDescription(): string {
  try {
    const proc = processOf();
    const node = proc?.versions?.node;
    if (typeof node === "string") return `Node ${node}; ${proc?.platform ?? "unknown"}`;
  } catch {
    // a runtime that guards `process` as it guards the environment
  }
  return "JavaScript";
}
