import type { Handler, Reply, RequestContext } from "../context";
import type { OperationRecord } from "../operations";

/** The answer of every call that starts a long-running operation. */
export function started(ctx: RequestContext, op: OperationRecord): Reply {
  return { status: 201, body: { operation_id: op.id, poll_interval: ctx.emu.options.pollInterval } };
}

export const operationHandlers: Record<string, Handler> = {
  getOperation: async (ctx) => {
    const op = await ctx.emu.ops.poll(ctx.params.operation_id!);
    return { status: 200, body: ctx.emu.ops.json(op, ctx.origin) };
  },

  runAdvancedTool: (ctx) => {
    const { inputs, outputs } = ctx.body as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const op = ctx.emu.ops.start("advanced_tool", { tool_id: ctx.params.tool_id! }, () => ({
      ok: true,
      results: () => ({ inputs, outputs }),
    }));
    return started(ctx, op);
  },
};
