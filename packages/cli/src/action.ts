import type { Command, OptionValues } from "commander";
import { Context, type GlobalOptions } from "./context";

/** What a command's handler gets: the context, its arguments (parsed) and its own options; it may return an exit code. */
export type Handler<O> = (ctx: Context, args: unknown[], options: O) => Promise<unknown>;

/**
 * Turns a handler into a commander action: builds the context from the global options (`--json`, the key
 * file...) and sets the exit code the handler returns (0 when it returns nothing). Errors go up to `main`.
 */
export function action<O extends OptionValues = OptionValues>(handler: Handler<O>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const ctx = new Context(command.optsWithGlobals<GlobalOptions>());
    const code = await handler(ctx, command.processedArgs, command.opts<O>());
    process.exitCode = typeof code === "number" ? code : 0;
  };
}
