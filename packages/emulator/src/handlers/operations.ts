import type { Handler, Reply, RequestContext } from "../context";
import type { OperationRecord } from "../operations";

/** The answer of every call that starts a long-running operation, Forge's or Tracer's. */
export function started(ctx: RequestContext, op: OperationRecord<string>): Reply {
  return { status: 201, body: { operation_id: op.id, poll_interval: ctx.emu.options.pollInterval } };
}

export const operationHandlers: Record<string, Handler> = {
  getOperation: async (ctx) => {
    const op = await ctx.emu.ops.poll(ctx.params.operation_id!);
    return { status: 200, body: ctx.emu.ops.json(op, ctx.origin) };
  },
};
