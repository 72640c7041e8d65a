import type { Progress } from "@picterra/core";

/** At most this often between two progress calls, so a fast transfer does not flood the callback. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Throttled progress reporting: one call at the start, calls at most every PROGRESS_INTERVAL_MS while bytes
 * move (never at `total`, so the only call at `total` is the final one, made once the transfer succeeded).
 */
export class ProgressReporter {
  private last = 0;

  constructor(
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly total: number | undefined,
  ) {}

  start(): void {
    this.last = performance.now();
    this.onProgress?.({ loaded: 0, total: this.total });
  }

  update(loaded: number): void {
    if (!this.onProgress || loaded === this.total) return;
    const now = performance.now();
    if (now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.onProgress({ loaded, total: this.total });
  }

  done(loaded: number): void {
    this.onProgress?.({ loaded, total: this.total });
  }
}
