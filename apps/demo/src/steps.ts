import { APIError, type ResultsPage } from "@picterra/core";
import { StepError, describe } from "./failure";

/**
 * How the workflow's parts run their steps: each step logs a ✓ line when done or rejects with a `StepError`
 * naming it, and what a step created is remembered so that it can be deleted at the end (also after a failure).
 */
export interface Steps {
  /** Runs one step; `done` turns its value into the text after the ✓ line's dash. */
  step<T>(what: string, run: () => Promise<T>, done?: (value: T) => string): Promise<T>;
  /** Remembers how to delete what was just created; a 404 then means it is gone already (e.g. a retried DELETE). */
  created(what: string, remove: () => Promise<void>): void;
  /** Deletes what was created, newest first; rejects on the first failure (the rest stay for `cleanUpQuietly`). */
  cleanUp(): Promise<number>;
  /** Deletes what is left, best effort: a failure is logged, not thrown (it must not hide the error that stopped the run). */
  cleanUpQuietly(): Promise<void>;
}

/** The steps of one run: `log` gets the ✓ lines, `signal` stops the run before its next step. */
export function createSteps(log: (line: string) => void, signal?: AbortSignal): Steps {
  const jobs: { what: string; run: () => Promise<void> }[] = [];
  const step = async <T>(what: string, run: () => Promise<T>, done?: (value: T) => string): Promise<T> => {
    let value: T;
    try {
      signal?.throwIfAborted();
      value = await run();
    } catch (error) {
      throw new StepError(what, error);
    }
    log(`✓ ${what}${done ? ` — ${done(value)}` : ""}`);
    return value;
  };
  return {
    step,
    created(what, remove) {
      jobs.push({
        what,
        run: () =>
          remove().catch((error) =>
            error instanceof APIError && error.status === 404 ? undefined : Promise.reject(error),
          ),
      });
    },
    async cleanUp() {
      let deleted = 0;
      // Newest first (a vector layer before its raster); a job that fails stays out of the list.
      for (let job = jobs.pop(); job; job = jobs.pop()) {
        await job.run();
        deleted++;
      }
      return deleted;
    },
    async cleanUpQuietly() {
      for (let job = jobs.pop(); job; job = jobs.pop()) {
        await job.run().catch((error: unknown) => log(`! could not delete ${job.what}: ${describe(error)}`));
      }
    },
  };
}

/** Every item of a list, following `next()` page by page, and how many pages there were. */
export async function walk<T>(first: () => Promise<ResultsPage<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  for (let page: ResultsPage<T> | null = await first(); page; page = await page.next()) {
    pages++;
    items.push(...page.results);
  }
  return { items, pages };
}

/** Throws a `StepError` ("check <what>") when an id is missing from a list. */
export function expectIds(what: string, items: { id: string }[], ids: string[]): void {
  const found = new Set(items.map((item) => item.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new StepError(`check ${what}`, new Error(`${missing.join(", ")} not listed`));
}
