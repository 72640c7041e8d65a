import { rm } from "node:fs/promises";
import { detail } from "./errors";
import type { Operations } from "./operations";
import type { ResolvedOptions } from "./options";
import type { Store } from "./state";
import type { Storage } from "./storage";
import type { Tracer } from "./tracer/tracer";

/** What every handler shares: the state, storage, operations and the options. */
export interface Emu {
  store: Store;
  storage: Storage;
  ops: Operations;
  options: ResolvedOptions;
  /** Tracer's own state and operations (its objects and operation ids are not Forge's). */
  tracer: Tracer;
}

/** One validated API request. */
export interface RequestContext {
  emu: Emu;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  /** Query parameters the document knows, coerced to their types, defaults applied. */
  query: Record<string, unknown>;
  /** The JSON body (validated against the document), `{}` when there is none. */
  body: Record<string, unknown>;
  /** The request URL, absolute, with the origin the client used. */
  url: URL;
  origin: string;
}

/** A handler's answer: a status and a JSON body (none for `undefined`). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** Removes files that state no longer points at; a missing one is fine. */
export async function removeFiles(files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f, { force: true })));
}

/** One page of a list, DRF style, with absolute `next`/`previous` links that keep the other query params. */
export function paginate<T>(ctx: RequestContext, items: readonly T[], toJson: (item: T) => unknown): Reply {
  const pageSize = (ctx.query.page_size as number | undefined) ?? ctx.emu.options.pageSize;
  const page = (ctx.query.page_number as number | undefined) ?? 1;
  const count = items.length;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (page > pages) throw detail(404, "Invalid page.");
  const start = (page - 1) * pageSize;
  const results: unknown[] = [];
  for (let i = start; i < Math.min(start + pageSize, count); i++) results.push(toJson(items[i]!));
  return {
    status: 200,
    body: {
      count,
      next: page < pages ? pageLink(ctx.url, page + 1) : null,
      previous: page > 1 ? pageLink(ctx.url, page - 1) : null,
      page_size: pageSize,
      results,
    },
  };
}

function pageLink(url: URL, page: number): string {
  const link = new URL(url.href);
  // As DRF does: the link to the first page carries no page number.
  if (page === 1) link.searchParams.delete("page_number");
  else link.searchParams.set("page_number", String(page));
  return link.href;
}

/** A date-time as DRF renders it (UTC, ISO 8601); a value without a zone is taken as UTC, as Django does. */
export function isoDate(value: string): string {
  const text = value.replace(" ", "T");
  const zoned = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text) ? text : `${text}Z`;
  return new Date(zoned).toISOString();
}
