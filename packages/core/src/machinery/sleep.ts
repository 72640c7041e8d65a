/** The longest delay a timer takes (2^31 − 1 ms, about 24.8 days): a longer one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts (at once if it has). A delay
 * that is not a positive number (NaN, negative) is 0; one longer than a timer can hold is waited in steps, so
 * that a huge number from a server never turns into a timer that fires at once.
 */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // biome-ignore lint/complexity/useMathMinMax: Math.max(NaN, 0) is NaN; this is 0.
    let left = ms > 0 ? ms : 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const arm = () => {
      const step = Math.min(left, MAX_TIMER_MS);
      left -= step;
      timer = setTimeout(() => {
        if (left > 0) return arm();
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, step);
    };
    arm();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Calls `fire` once after `ms` (unref'd where the runtime can: a pending deadline keeps no process alive), and
 * returns what cancels it. A delay longer than a timer can hold is counted in steps, and `Infinity` never fires:
 * a `timeoutMs` of 3e9 or `Infinity` given to a timer as it is would overflow and fire at once.
 */
export function later(ms: number, fire: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let left = ms;
  const arm = () => {
    if (left === Number.POSITIVE_INFINITY) return;
    const step = Math.min(left, MAX_TIMER_MS);
    left -= step;
    timer = setTimeout(() => (left > 0 ? arm() : fire()), step);
    (timer as { unref?: () => void }).unref?.();
  };
  arm();
  return () => clearTimeout(timer);
}
