import type { ForgeMethods } from "../client";
import type { CallOptions, Forge } from "./schemas";

/**
 * A method of the client as src/client.ts's table holds it: the transport first, then the signature its
 * declaration documents (src/forge/methods/), written there once.
 */
export type ForgeMethod<K extends keyof ForgeMethods> = (
  t: Forge,
  ...args: Parameters<ForgeMethods[K]>
) => ReturnType<ForgeMethods[K]>;

/**
 * The init of a call on one resource: its path parameters (checked by the caller), a query when the call has
 * one, and the caller's signal (a body goes beside it: `{ ...withPath(path, options), body }`).
 */
export function withPath<P extends Record<string, string>, Q extends object | undefined = undefined>(
  path: P,
  options: CallOptions,
  query?: Q,
): { params: { path: P; query: Q | undefined }; signal: AbortSignal | undefined } {
  return { params: { path, query }, signal: options.signal };
}
