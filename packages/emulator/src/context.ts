import { rm } from "node:fs/promises";
import { detail } from "./errors";
import type { ForgeResults } from "./documents";
import type { OperationType, Operations } from "./operations";
import type { ResolvedOptions } from "./options";
import type { Store } from "./state";
import type { Storage } from "./storage";
import type { Tracer } from "./tracer/tracer";

/** What every handler shares: the state, storage, operations and the options. */
export interface Emu {
  store: Store;
  storage: Storage;
  ops: Operations<OperationType, ForgeResults>;
  options: ResolvedOptions;
  /** Tracer's own state and operations (its objects and operation ids are not Forge's). */
  tracer: Tracer;
}

/** What every request shares, whatever its operation: the emulator, its URL and the origin the client used. */
export interface BaseContext {
  emu: Emu;
  /** The request URL, absolute, with the origin the client used. */
  url: URL;
  origin: string;
}

/** An operation of a document's generated `operations` (openapi-typescript's shape). */
interface DocumentOperation {
  parameters: { query?: unknown; path?: unknown };
  requestBody?: unknown;
  responses: unknown;
}

/** The JSON body of a request or response entry of the generated types; `Empty` when it has none. */
type JsonOf<T, Empty> = T extends { content: { "application/json": infer Body } } ? Body : Empty;
/** `{}` for the parameters an operation does not have (openapi-typescript types them `never`). */
type Given<T> = [T] extends [never]
  ? Record<string, never>
  : [T] extends [undefined]
    ? Record<string, never>
    : NonNullable<T>;
/** The statuses a handler answers itself: the errors are thrown (`HttpError`) and answered by the app. */
type Success = 200 | 201 | 202 | 204;

/** One validated API request of operation `Op`: what the document's validation guarantees, typed from it. */
export interface RequestContext<Op extends DocumentOperation> extends BaseContext {
  /** Path parameters, decoded. */
  params: Given<Op["parameters"]["path"]>;
  /** Query parameters the document knows, coerced to their types, defaults applied. */
  query: Given<Op["parameters"]["query"]>;
  /** The JSON body (validated against the document), `{}` when there is none. */
  body: JsonOf<NonNullable<Op["requestBody"]>, Record<string, never>>;
}

/** A handler's answer, as the app sends it: a status and a JSON body (none for `undefined`). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The answers the document gives operation `Op` on success: each status with its own JSON body, or none. */
export type ReplyOf<Op extends DocumentOperation> = {
  [Status in keyof Op["responses"] & Success]: {
    status: Status;
    headers?: Record<string, string>;
  } & (Op["responses"][Status] extends { content: { "application/json": infer Body } }
    ? { body: Body }
    : { body?: undefined });
}[keyof Op["responses"] & Success];

/** Answers one request of operation `Op`. */
export type Handler<Op extends DocumentOperation> = (
  ctx: RequestContext<Op>,
) => ReplyOf<Op> | Promise<ReplyOf<Op>>;

/** A handler for every operation of a document: one left out is a type error. */
export type Handlers<Operations extends Record<keyof Operations, DocumentOperation>> = {
  [Id in keyof Operations]: Handler<Operations[Id]>;
};

/** Removes files that state no longer points at; a missing one is fine. */
export async function removeFiles(files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f, { force: true })));
}

/** What a list operation's query holds of the page it asks for. */
interface PageQuery {
  page_size?: number;
  page_number?: number;
}

/** One page of a list, DRF style, with absolute `next`/`previous` links that keep the other query params. */
export function paginate<T, Item>(
  ctx: BaseContext & { query: PageQuery },
  items: readonly T[],
  toJson: (item: T) => Item,
): { status: 200; body: Page<Item> } {
  const pageSize = ctx.query.page_size ?? ctx.emu.options.pageSize;
  const page = ctx.query.page_number ?? 1;
  const count = items.length;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (page > pages) throw detail(404, "Invalid page.");
  const start = (page - 1) * pageSize;
  const results: Item[] = [];
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

/** A page of a list, as both documents describe it. */
export interface Page<Item> {
  count: number;
  next: string | null;
  previous: string | null;
  page_size: number;
  results: Item[];
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
