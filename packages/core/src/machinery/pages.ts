import { parameterValues } from "../generated/picterra-v2.values";
import { InvalidResponseError } from "./errors";
import { redactUrl } from "./redact";
import type { Redact } from "./secrets";
import type { AnyTransport, FetchResult } from "./transport";
import { checkIfGiven, checkInteger } from "./validate";

/** One page of a list endpoint, as Picterra's APIs send it (DRF). */
export interface Page<T> {
  /** How many items the whole list holds, over all pages. */
  count: number;
  /** Absolute URL of the next page, or null on the last one. */
  next: string | null;
  /** Absolute URL of the previous page, or null on the first one. */
  previous: string | null;
  /** How many items a page holds at most, when the server says. */
  page_size?: number;
  /** The items of this page. */
  results: T[];
}

/** Loads the page behind an absolute `next`/`previous` URL. */
export type PageLoader<T> = (url: string, signal?: AbortSignal) => Promise<Page<T>>;

/** Options that page through a list. */
export interface PageOptions {
  /** Aborts the request at once. */
  signal?: AbortSignal;
  /** The page to start from (1-based). Default 1. */
  pageNumber?: number;
  /** How many items a page holds (the server's default when omitted). */
  pageSize?: number;
}

// Picterra's documents bound pages alike (Tracer's PageSize is Forge's): the bounds come from the v2 document.
const { PageNumber: PAGE_NUMBER, PageSize: PAGE_SIZE } = parameterValues;

/** The query of a paged list: `page_number` is always sent (default 1), as Picterra's clients do. */
export function pageQuery(options: PageOptions): {
  /** The 1-based page to load. */
  page_number: number;
  /** How many items a page holds, or undefined for the server's default. */
  page_size: number | undefined;
} {
  return {
    page_number: checkInteger(
      "pageNumber",
      options.pageNumber ?? PAGE_NUMBER.default,
      PAGE_NUMBER.minimum,
      Number.MAX_SAFE_INTEGER,
    ),
    page_size: checkIfGiven(options.pageSize, (v) =>
      checkInteger("pageSize", v, PAGE_SIZE.minimum, PAGE_SIZE.maximum),
    ),
  };
}

/** The first page of a list call (exactly 200), as a `ResultsPage` that loads the others through `transport`. */
export async function firstPage<T>(
  transport: AnyTransport,
  call: Promise<FetchResult & { data?: Page<T> }>,
): Promise<ResultsPage<T>> {
  const page = (await transport.expectData(call, 200)) as Page<T>;
  const load = (url: string, signal?: AbortSignal) => transport.getAbsolute(url, signal) as Promise<Page<T>>;
  return new ResultsPage<T>(page, load, transport.storage.redact);
}

type Step<T> = Promise<IteratorResult<T, undefined>>;

/**
 * One page of a list, with the way to the others: `length`, `count` (all pages), `at(i)`, iteration over this
 * page, `next()` / `previous()` (a page, or `null` at either end), and `all()` — or `for await` on the page
 * itself — to iterate every item from this page to the last. Iterating never ends in a loop: a page link seen
 * before is an error, and no more than `count` items are yielded.
 */
export class ResultsPage<T> implements Iterable<T>, AsyncIterable<T> {
  /** The items of this page. */
  readonly results: readonly T[];
  /** How many items the whole list holds, over all pages. */
  readonly count: number;
  /** Page size the server used, when it says. */
  readonly pageSize: number | undefined;
  /** Absolute URL of the next page, or null on the last one. */
  readonly nextUrl: string | null;
  /** Absolute URL of the previous page, or null on the first one. */
  readonly previousUrl: string | null;
  readonly #load: PageLoader<T>;
  readonly #redact: Redact;

  /** `redact` scrubs the client's secrets out of the errors the page makes itself (a page link seen before). */
  constructor(page: Page<T>, load: PageLoader<T>, redact: Redact = (value) => value) {
    if (!Array.isArray(page?.results) || typeof page.count !== "number") {
      throw new InvalidResponseError("GET", "(a list)", "answered a page without `results` and `count`");
    }
    this.results = page.results;
    this.count = page.count;
    this.pageSize = page.page_size;
    this.nextUrl = page.next ?? null;
    this.previousUrl = page.previous ?? null;
    this.#load = load;
    this.#redact = redact;
  }

  /** How many items this page holds. */
  get length(): number {
    return this.results.length;
  }

  /** The item at `index` of this page (negative counts from the end), or undefined. */
  at(index: number): T | undefined {
    return this.results.at(index);
  }

  /** The items of this page only (`for (const r of page)`); `for await` goes through every page. */
  [Symbol.iterator](): Iterator<T> {
    return this.results[Symbol.iterator]();
  }

  /** Every item of this page and of all the following ones (same as `all()`). */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.all();
  }

  /** The next page, or `null` when this is the last one. */
  async next(options: { signal?: AbortSignal } = {}): Promise<ResultsPage<T> | null> {
    return this.nextUrl === null
      ? null
      : new ResultsPage(await this.#load(this.nextUrl, options.signal), this.#load, this.#redact);
  }

  /** The previous page, or `null` when this is the first one. */
  async previous(options: { signal?: AbortSignal } = {}): Promise<ResultsPage<T> | null> {
    return this.previousUrl === null
      ? null
      : new ResultsPage(await this.#load(this.previousUrl, options.signal), this.#load, this.#redact);
  }

  /** Every item of this page and of all the following ones, loading each page only when it is reached. */
  all(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<T> {
    // A hand-written iterator: an async generator would cost an extra await per item (~10% of a listing).
    const chain = new PageChain<T>(this, this.#redact);
    let page: ResultsPage<T> | null = this;
    let index = 0;
    let yielded = 0;
    const step = (): Step<T> => {
      if (page === null || yielded >= chain.limit) return Promise.resolve({ value: undefined, done: true });
      if (index < page.results.length) {
        yielded++;
        return Promise.resolve({ value: page.results[index++] as T, done: false });
      }
      const current: ResultsPage<T> = page;
      page = null;
      index = 0;
      return chain.following(current, options.signal).then((following) => {
        page = following;
        return step();
      });
    };
    return {
      next: step,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** This page and every following one, loading each only when it is reached. */
  async *pages(options: { signal?: AbortSignal } = {}): AsyncGenerator<ResultsPage<T>, void, undefined> {
    const chain = new PageChain<T>(this, this.#redact);
    let page: ResultsPage<T> | null = this;
    while (page) {
      yield page;
      page = await chain.following(page, options.signal);
    }
  }

  /** Every item of this page and the following ones, collected in an array. */
  async toArray(options: { signal?: AbortSignal } = {}): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this.all(options)) items.push(item);
    return items;
  }
}

/** Walks `next` links, refusing a link seen before (a page chain that loops would never end). */
class PageChain<T> {
  readonly #seen = new Set<string>();
  /** At most this many items: the largest `count` any page reported. */
  limit: number;

  constructor(
    first: ResultsPage<T>,
    readonly redact: Redact,
  ) {
    this.limit = first.count;
  }

  async following(page: ResultsPage<T>, signal: AbortSignal | undefined): Promise<ResultsPage<T> | null> {
    const url = page.nextUrl;
    if (url === null) return null;
    if (this.#seen.has(url)) {
      throw this.redact(
        new InvalidResponseError(
          "GET",
          redactUrl(url, true),
          "is a page link seen before: the page chain loops",
        ),
      );
    }
    this.#seen.add(url);
    const next = await page.next({ signal });
    if (next) this.limit = Math.max(this.limit, next.count);
    return next;
  }
}
