import { PicterraError } from "@picterra/core/machinery";
import type { Operation } from "./schemas";

/** The string (an id, a URL) a finished operation's `results` hold under `field`. */
export function resultField(operation: Operation, field: string): string {
  const value = (operation.results as Record<string, unknown> | null | undefined)?.[field];
  if (typeof value !== "string") {
    throw new PicterraError(`${operation.type} operation ${operation.id} succeeded without ${field}`);
  }
  return value;
}
