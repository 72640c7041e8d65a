/**
 * How the request rate adapts to Picterra's throttle. Every option as data, defaults in `GOVERNOR_DEFAULTS`.
 *
 * Picterra's throttle is Django REST Framework's: a sliding log of the key's accepted requests over the last
 * minute. It says nothing until the log is full, then refuses every request with 429 and a `Retry-After` that
 * is exactly the time until the oldest entry leaves. So the governor does two things: it paces requests at a
 * rate that grows additively while nothing is refused and is cut multiplicatively on a 429 (AIMD), and on the
 * first 429 whose `Retry-After` matches its own log (the oldest request it saw accepted leaves the window just
 * then) it learns how many requests the window holds, and from then on sends no request the server's log would
 * refuse. The budget grows by one per quiet window, so a limit that rises is found again.
 */
export interface GovernorOptions {
  /** Requests a second at the start. */
  initialRate: number;
  /** Requests a second gained per second without a 429 (the additive increase). */
  rateIncrease: number;
  /** The rate is multiplied by this on a 429 (the multiplicative decrease), once per episode of refusals. */
  decreaseFactor: number;
  /** The rate never goes below this (requests a second). */
  minRate: number;
  /** The rate never goes above this (requests a second); the user's `--max-rate`. */
  maxRate: number;
  /** The throttle's window (Picterra's rates are per minute). */
  windowMs: number;
  /** How long to wait after a 429 that names no `Retry-After`. */
  defaultPauseMs: number;
  /**
   * The longest pause a 429's `Retry-After` makes (a server's number: a huge one would stop the run for good).
   * The throttled fetch does not wait for a longer one either: that 429 goes to its caller.
   */
  maxPauseMs: number;
  /**
   * How far a `Retry-After` may be from the time the oldest request of the window leaves it, for the 429 to
   * count as the window's (whole seconds are rounded up, and answers take time).
   */
  retryAfterToleranceMs: number;
}

export const GOVERNOR_DEFAULTS: GovernorOptions = Object.freeze({
  initialRate: 4,
  rateIncrease: 1,
  decreaseFactor: 0.5,
  minRate: 0.5,
  maxRate: Number.POSITIVE_INFINITY,
  windowMs: 60_000,
  defaultPauseMs: 1_000,
  maxPauseMs: 10 * 60_000,
  retryAfterToleranceMs: 2_000,
});

/** What the governor has seen, for progress lines and benchmarks. */
export interface GovernorStats {
  /** The pacing rate now, in requests a second. */
  rate: number;
  /** Requests the window holds, as learned from the server's first 429 (null until then). */
  budget: number | null;
  /** Requests answered 429. */
  throttled: number;
  /** Requests sent. */
  sent: number;
}

/** Decides when each API request may go: shared by every worker of a run, so they slow down together. */
export class Governor {
  private readonly o: GovernorOptions;
  private rate: number;
  private nextAt = 0;
  private pausedUntil = 0;
  private budget = Number.POSITIVE_INFINITY;
  private probeAt = Number.POSITIVE_INFINITY;
  /** The ticket of the last request sent before the rate was last cut. */
  private cutAt = 0;
  /** When each request of the last window was answered (not 429): the server logged it no later. */
  private readonly accepted: number[] = [];
  private inflight = 0;
  private readonly waiting: Waiter[] = [];
  private dispatching = false;
  private readonly wakers = new Set<() => void>();
  private throttled = 0;
  private sent = 0;

  constructor(options: Partial<GovernorOptions> = {}) {
    // An option given as `undefined` (a flag not set) keeps its default.
    const given = Object.entries(options).filter(([, value]) => value !== undefined);
    this.o = { ...GOVERNOR_DEFAULTS, ...Object.fromEntries(given) };
    this.rate = Math.min(this.o.maxRate, Math.max(this.o.minRate, this.o.initialRate));
  }

  stats(): GovernorStats {
    return {
      rate: this.rate,
      budget: Number.isFinite(this.budget) ? this.budget : null,
      throttled: this.throttled,
      sent: this.sent,
    };
  }

  /**
   * Waits until a request may go and returns its ticket for `release`; rejects with the signal's reason on
   * abort. Waiting requests go in `priority` order (lower first; the same priority first come, first served):
   * a bulk run gives each item its position, so that items started first also finish first.
   */
  acquire(signal?: AbortSignal | null, priority = 0): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = { priority, resolve, reject, signal: signal ?? undefined };
      waiter.onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
        this.wake();
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      const at = this.waiting.findIndex((w) => w.priority > priority);
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, waiter);
      void this.dispatch();
    });
  }

  /**
   * Reports how the request `ticket` was answered: its status (undefined when it got no answer) and its
   * `Retry-After` in ms, if any.
   */
  release(ticket: number, status: number | undefined, retryAfterMs?: number): void {
    this.inflight--;
    const now = Date.now();
    if (status === 429) this.refused(now, ticket, retryAfterMs);
    else if (status !== undefined) this.answered(now);
    this.wake();
  }

  /** Lets waiting requests go, one at a time, as soon as each may; one dispatcher runs at a time. */
  private async dispatch(): Promise<void> {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.waiting.length > 0) {
        const now = Date.now();
        const at = this.earliest(now);
        if (at > now) {
          await this.sleep(at - now);
          continue;
        }
        const waiter = this.waiting.shift()!;
        if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
        this.inflight++;
        this.nextAt = Math.max(now, this.nextAt) + 1000 / this.rate;
        waiter.resolve(++this.sent);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** The earliest time the next request may go: after the pause, at its pace, and with room in the window. */
  private earliest(now: number): number {
    this.expire(now);
    if (now >= this.probeAt) {
      // A quiet window: one more request a window, to find a limit that rose.
      this.budget += 1;
      this.probeAt = now + this.o.windowMs;
    }
    let at = Math.max(this.pausedUntil, this.nextAt);
    const excess = this.accepted.length + this.inflight - this.budget;
    if (excess >= 0) {
      // Room comes when the (excess+1)-th oldest logged request leaves the window, or when one in flight is
      // answered (then `wake` runs the check again).
      const frees = this.accepted[excess];
      at = Math.max(at, frees === undefined ? Number.POSITIVE_INFINITY : frees + this.o.windowMs);
    }
    return at;
  }

  private answered(now: number): void {
    this.accepted.push(now);
    const ceiling = Math.min(this.o.maxRate, (this.budget * 1000) / this.o.windowMs);
    // +rateIncrease per second (`rate` answers a second, each adding rateIncrease / rate), but at most 10% per
    // answer: a slow rate grows by steps of its own size, not by leaps (measured: a quarter per answer doubled
    // the refusals of a run started in a window another process had filled).
    this.rate = Math.min(ceiling, this.rate + Math.min(this.o.rateIncrease / this.rate, this.rate * 0.1));
  }

  private refused(now: number, ticket: number, given: number | undefined): void {
    this.throttled++;
    const retryAfterMs = this.pauseOf(given);
    this.pausedUntil = Math.max(this.pausedUntil, now + (retryAfterMs ?? this.o.defaultPauseMs));
    this.nextAt = Math.max(this.nextAt, this.pausedUntil);
    // A probe only after a whole window of sending without a refusal.
    this.probeAt = this.pausedUntil + this.o.windowMs;
    // Requests sent before the last cut were sent at the old rate: their refusals belong to that episode.
    if (ticket <= this.cutAt) return;
    this.cutAt = this.sent;
    this.expire(now);
    if (this.confirmsWindow(now, retryAfterMs)) this.budget = Math.max(1, this.accepted.length);
    const ceiling = (this.budget * 1000) / this.o.windowMs;
    const cut = Math.max(this.o.minRate, Math.min(this.rate * this.o.decreaseFactor, ceiling));
    this.rate = Math.min(this.o.maxRate, cut);
  }

  /** A server's `Retry-After` (ms) as a pause: within [0, maxPauseMs], and none when it is no number. */
  private pauseOf(retryAfterMs: number | undefined): number | undefined {
    if (retryAfterMs === undefined || Number.isNaN(retryAfterMs)) return undefined;
    return Math.min(this.o.maxPauseMs, Math.max(0, retryAfterMs));
  }

  /**
   * Whether a 429 comes from a sliding window full of this process's own requests: then its `Retry-After` is
   * the time until the oldest of them leaves the window. Any other 429 (another user of the key, a proxy, a
   * daily quota) teaches nothing about the window, and only slows the rate down.
   */
  private confirmsWindow(now: number, retryAfterMs: number | undefined): boolean {
    const oldest = this.accepted[0];
    if (retryAfterMs === undefined || oldest === undefined) return false;
    const expected = oldest + this.o.windowMs - now;
    return (
      Math.abs(retryAfterMs - expected) <= Math.max(this.o.retryAfterToleranceMs, this.o.windowMs * 0.05)
    );
  }

  private expire(now: number): void {
    const since = now - this.o.windowMs;
    let n = 0;
    while (n < this.accepted.length && this.accepted[n]! <= since) n++;
    if (n > 0) this.accepted.splice(0, n);
  }

  /** Sleeps `ms` (capped at a window), or less when a request is answered or a waiter leaves. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, this.o.windowMs));
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}

interface Waiter {
  priority: number;
  resolve: (ticket: number) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}
