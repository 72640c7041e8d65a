import type { BaseContext } from "../context";
import type { ForgeHandlers } from "../documents";

/** The answer of every call that starts a long-running operation, Forge's or Tracer's. */
export function started(ctx: BaseContext, op: { id: string }) {
  return {
    status: 201 as const,
    body: { operation_id: op.id, poll_interval: ctx.emu.options.pollInterval },
  };
}

export const operationHandlers = {
  getOperation: async (ctx) => {
    const op = await ctx.emu.ops.poll(ctx.params.operation_id);
    return { status: 200, body: ctx.emu.ops.json(op, ctx.origin) };
  },
} satisfies ForgeHandlers;
