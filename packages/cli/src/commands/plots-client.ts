import { TRACER_VALUES, type TracerClient, createTracerClient } from "@picterra/tracer";
import type { Context } from "../context";

export type { TracerClient };

/** A kind of Tracer resource that takes grants. */
export type TracerGrantKind = Parameters<TracerClient["getAuthorizationGrants"]>[0];

/** Tracer's grant kinds (`picterra grants` sends them to the Tracer client), from Tracer's document. */
export const TRACER_GRANT_KINDS: readonly string[] = TRACER_VALUES.GrantKind.enum;

const clients = new WeakMap<Context, TracerClient>();

/** The Tracer client of this context (same key, base URL, throttle and retries as Forge's), made on first use. */
export async function tracerClient(ctx: Context): Promise<TracerClient> {
  const existing = clients.get(ctx);
  if (existing) return existing;
  const client = createTracerClient(await ctx.clientOptions());
  clients.set(ctx, client);
  return client;
}
