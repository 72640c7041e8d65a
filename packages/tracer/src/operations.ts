import { PicterraError, printable } from "@picterra/core/machinery";
import type { Operation } from "./schemas";

/** The string (an id, a URL) a finished operation's `results` hold under `field`. */
export function resultField(operation: Operation, field: string): string {
  const value = (operation.results as Record<string, unknown> | null | undefined)?.[field];
  if (typeof value !== "string") {
    // The type and id are the server's text: shown escaped, as in every message.
    const what = `${printable(String(operation.type))} operation ${printable(String(operation.id))}`;
    throw new PicterraError(`${what} succeeded without ${field}`);
  }
  return value;
}
