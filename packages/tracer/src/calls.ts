import type { TracerMethods } from "./client";
import type { Tracer } from "./schemas";

/**
 * A method of the client as src/client.ts's table holds it: the transport first, then the signature its
 * declaration documents (src/methods/), written there once.
 */
export type TracerMethod<K extends keyof TracerMethods> = (
  t: Tracer,
  ...args: Parameters<TracerMethods[K]>
) => ReturnType<TracerMethods[K]>;
