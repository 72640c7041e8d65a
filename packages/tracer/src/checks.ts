import {
  type PageOptions,
  ValidationError,
  checkBoolean,
  checkIfGiven,
  checkString,
  pageQuery,
} from "@picterra/core/machinery";
import { schemaValues } from "./generated/picterra-tracer-v1.values";

/** Allowed values of Tracer's document (generated), so the checks cannot drift from it. */
export const values = schemaValues;

/** A non-empty string: a name the document gives `minLength: 1`, or a report type key. */
export function checkName(what: string, value: unknown): string {
  if (checkString(what, value) === "") throw new ValidationError(`${what} must not be empty`);
  return value as string;
}

/** Options of Tracer's paged lists that filter by name. */
export interface SearchPageOptions extends PageOptions {
  /** Only items whose name matches (case-insensitive, in part); trimmed, as Picterra's client does. */
  search?: string;
}

/** Options of the lists that hide archived items unless asked. */
export interface ArchivedPageOptions extends SearchPageOptions {
  /** Also list archived items (sent only when true). */
  includeArchived?: boolean;
}

/**
 * The query of a Tracer list: `search` trimmed, `include_archived` only when true, the list's own `filters`,
 * and `page_number` always (default 1), as Picterra's Python client sends them.
 */
export function listQuery(options: ArchivedPageOptions, filters: Record<string, string | undefined> = {}) {
  const archived = checkIfGiven(options.includeArchived, (v) => checkBoolean("includeArchived", v));
  // openapi-fetch leaves undefined parameters out of the query.
  return {
    search: searchOf(options.search),
    include_archived: archived || undefined,
    ...filters,
    ...pageQuery(options),
  };
}

/** `search` as sent: trimmed, when given. */
export function searchOf(search: unknown): string | undefined {
  return checkIfGiven(search, (v) => checkString("search", v).trim());
}
