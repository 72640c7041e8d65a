import { basename } from "node:path";
import type { Context } from "../context";
import { EXIT, messageOf } from "../errors";
import type { Journal } from "./journal";
import { InterruptedError, type Outcome, abortOnInterrupt, runPool } from "./pool";
import { type Progress, createProgress, progressMode } from "./progress";
import { requestPriority } from "./throttled-fetch";
import type { BulkRun } from "./upload-once";

/** What a bulk command hands to `runBulk`. */
export interface BulkJob<T extends { arg: string }, R> {
  items: readonly T[];
  concurrency: number;
  journal: Journal | undefined;
  /** Works on one item; `run.signal` aborts on Ctrl-C. */
  work: (run: BulkRun, item: T) => Promise<R>;
  /** The progress line of a finished item. */
  describe: (item: T, value: R) => string;
}

/** How a bulk run ended. */
export interface BulkResult<T, R> {
  outcomes: Outcome<T, R>[];
  /** True when Ctrl-C (or SIGTERM) stopped it. */
  interrupted: boolean;
}

/** How an item that did not finish is reported: stopped by Ctrl-C (no error), or failed with its message. */
export function failureOf(error: unknown): { status: "interrupted" | "failed"; error: string | null } {
  return error instanceof InterruptedError
    ? { status: "interrupted", error: null }
    : { status: "failed", error: messageOf(error) };
}

/** A bulk command's exit code: 130 when interrupted, else 1 when an item failed, else 0. */
export function bulkExitCode(interrupted: boolean, failed: number): number {
  if (interrupted) return EXIT.interrupted;
  return failed > 0 ? EXIT.failure : EXIT.ok;
}

/**
 * Runs a bulk job: a pool of `concurrency` workers sharing one client (so one rate governor), a progress
 * display fit for where stderr goes, and Ctrl-C aborting every transfer in flight. The journal is closed (all
 * its lines on disk) before this returns, whatever happened.
 */
export async function runBulk<T extends { arg: string }, R>(
  ctx: Context,
  job: BulkJob<T, R>,
): Promise<BulkResult<T, R>> {
  const client = await ctx.forge();
  const controller = new AbortController();
  const progress: Progress = createProgress(job.items.length, progressMode(ctx.out.json), {
    retries: () => ctx.retries,
  });
  const stopListening = abortOnInterrupt(controller, () =>
    progress.log("Stopping: aborting transfers in flight (Ctrl-C again to quit at once)"),
  );
  const run: BulkRun = { client, journal: job.journal, progress, signal: controller.signal };
  try {
    const outcomes = await runPool(
      job.items,
      job.concurrency,
      controller.signal,
      async (item, _signal, index) => {
        try {
          // Requests of earlier items go first: items finish one after another rather than all at the end.
          const value = await requestPriority.run(index, () => job.work(run, item));
          progress.itemDone(job.describe(item, value));
          return value;
        } catch (error) {
          if (!controller.signal.aborted)
            progress.itemDone(`${basename(item.arg)}: failed: ${messageOf(error)}`, true);
          throw error;
        }
      },
    );
    return { outcomes, interrupted: controller.signal.aborted };
  } finally {
    stopListening();
    progress.stop();
    await job.journal?.close();
  }
}
