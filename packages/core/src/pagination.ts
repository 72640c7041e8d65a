import type { Page } from "./schemas";

/** Loads the page behind an absolute `next`/`previous` URL. */
export type PageLoader<T> = (url: string, signal?: AbortSignal) => Promise<Page<T>>;

/**
 * One page of a list, with the way to the others: `length`, `count` (all pages), `at(i)`, iteration over this
 * page, `next()` / `previous()` (a page, or `null` at either end), and `all()` to iterate every item from this
 * page to the last.
 */
export class ResultsPage<T> implements Iterable<T> {
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

  constructor(
    page: Page<T>,
    private readonly load: PageLoader<T>,
  ) {
    this.results = page.results;
    this.count = page.count;
    this.pageSize = page.page_size;
    this.nextUrl = page.next;
    this.previousUrl = page.previous;
  }

  /** How many items this page holds. */
  get length(): number {
    return this.results.length;
  }

  /** The item at `index` of this page (negative counts from the end), or undefined. */
  at(index: number): T | undefined {
    return this.results.at(index);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.results[Symbol.iterator]();
  }

  /** The next page, or `null` when this is the last one. */
  async next(options: { signal?: AbortSignal } = {}): Promise<ResultsPage<T> | null> {
    return this.nextUrl === null
      ? null
      : new ResultsPage(await this.load(this.nextUrl, options.signal), this.load);
  }

  /** The previous page, or `null` when this is the first one. */
  async previous(options: { signal?: AbortSignal } = {}): Promise<ResultsPage<T> | null> {
    return this.previousUrl === null
      ? null
      : new ResultsPage(await this.load(this.previousUrl, options.signal), this.load);
  }

  /** Every item of this page and of all the following ones, loading each page only when it is reached. */
  all(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<T> {
    // A hand-written iterator: an async generator would cost an extra await per item (~10% of a listing).
    let page: ResultsPage<T> | null = this;
    let index = 0;
    const step = (): Promise<IteratorResult<T, undefined>> => {
      if (page === null) return Promise.resolve({ value: undefined, done: true });
      if (index < page.results.length)
        return Promise.resolve({ value: page.results[index++] as T, done: false });
      const current: ResultsPage<T> = page;
      page = null;
      index = 0;
      return current.next(options).then((following) => {
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
    let page: ResultsPage<T> | null = this;
    while (page) {
      yield page;
      page = await page.next(options);
    }
  }

  /** Every item of this page and the following ones, collected in an array. */
  async toArray(options: { signal?: AbortSignal } = {}): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this.all(options)) items.push(item);
    return items;
  }
}
