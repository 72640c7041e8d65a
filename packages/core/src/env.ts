/** Reads an environment variable where a `process` exists (Node, Deno, Bun); in a browser there is none. */
export function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === "" ? undefined : value;
}

/** True where the runtime lets a request set its own User-Agent (not in browsers). */
export function canSetUserAgent(): boolean {
  return typeof (globalThis as { document?: unknown }).document === "undefined";
}
