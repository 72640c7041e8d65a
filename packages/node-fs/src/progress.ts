import type { Progress } from "@picterra/core";

/** At most this often between two progress calls, so a fast transfer does not flood the callback. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Throttled progress reporting: one call at the start, calls at most every PROGRESS_INTERVAL_MS while bytes
 * move (never at `total`, so the only call at `total` is the final one, made once the transfer succeeded).
 * `loaded` never goes back: a retried upload, or a download that starts over, reports nothing until it has
 * moved more bytes than were reported before.
 */
export class ProgressReporter {
  private last = 0;
  private reported = 0;
  private started = false;

  constructor(
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private total: number | undefined,
  ) {}

  /** Reports `{ loaded: 0, total }`, once per transfer (a retry does not start it again). */
  start(total = this.total): void {
    if (this.started) return;
    this.started = true;
    this.total = total;
    this.last = performance.now();
    this.onProgress?.({ loaded: 0, total: this.total });
  }

  /** A download that started over got another size: later calls report it. */
  resize(total: number | undefined): void {
    this.total = total;
  }

  update(loaded: number): void {
    if (!this.onProgress || loaded <= this.reported || loaded === this.total) return;
    const now = performance.now();
    if (now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.reported = loaded;
    this.onProgress({ loaded, total: this.total });
  }

  done(loaded: number): void {
    this.onProgress?.({ loaded, total: this.total });
  }
}
