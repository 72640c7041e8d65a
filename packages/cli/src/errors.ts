import { APIError, OperationFailedError, PicterraError, UploadError, ValidationError } from "@picterra/core";
import { CommanderError } from "commander";

/** Bad usage found by the command itself (a value commander let through): exit code 2, like commander's own. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The process's exit codes, in one place. */
export const EXIT = Object.freeze({
  ok: 0,
  /** Something failed: an API error, a failed operation, a file that could not be written... */
  failure: 1,
  /** Bad usage: unknown command or flag, missing argument, bad value, missing key; nothing was sent. */
  usage: 2,
  /** Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
  interrupted: 130,
});

/** The exit code an error means. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError || error instanceof ValidationError) return EXIT.usage;
  return EXIT.failure;
}

/** An error as `--json` prints it: what a script needs to branch on, never the API key. */
export function errorJson(error: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: error instanceof Error ? error.name : "Error",
    message: messageOf(error),
  };
  if (error instanceof APIError) out.status = error.status;
  if (error instanceof APIError || error instanceof OperationFailedError) out.body = error.body;
  if (error instanceof OperationFailedError) out.operation_id = error.operationId;
  if (error instanceof UploadError) {
    out.raster_id = error.id;
    out.removed = error.removed;
  }
  return out;
}

/** The message of an error, for stderr. */
export function messageOf(error: unknown): string {
  if (error instanceof PicterraError || error instanceof Error) return error.message;
  return String(error);
}
