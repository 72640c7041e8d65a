import type { ResolvedRateLimit } from "./options";

/**
 * Picterra's throttle, as Django REST Framework's `SimpleRateThrottle` does it: a sliding-window log. Each API
 * key keeps the times of its accepted requests in the last window; a request finding the log full is refused
 * and not logged, and may retry once the oldest logged request leaves the window. A sliding log, rather than a
 * token bucket, because that is what a DRF service runs: no burst beyond the limit, and the wait a client is
 * told is exact, not an average refill rate.
 */
export class Throttle {
  private readonly logs = new Map<string, number[]>();
  /** Requests refused so far. */
  throttled = 0;

  constructor(private readonly options: ResolvedRateLimit) {}

  /** Logs a request of `key`; answers null when it may go on, else the whole seconds until a slot frees. */
  admit(key: string): number | null {
    const now = this.options.now();
    const since = now - this.options.windowMs;
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    let expired = 0;
    while (expired < log.length && log[expired]! <= since) expired++;
    if (expired > 0) log.splice(0, expired);
    if (log.length < this.options.requestsPerMinute) {
      log.push(now);
      return null;
    }
    this.throttled++;
    // The oldest logged request leaves the window at oldest + window: a slot frees then (at least 1 s away).
    return Math.max(1, Math.ceil((log[0]! + this.options.windowMs - now) / 1000));
  }
}
