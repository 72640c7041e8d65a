/** How one item of a bulk run ended. */
export type Outcome<T, R> =
  | { item: T; ok: true; value: R }
  | { item: T; ok: false; error: unknown; started: boolean };

/**
 * Works on `items` with at most `concurrency` at once, in order, and returns each one's outcome (a failure does
 * not stop the others). Once `signal` aborts, no item starts; those in flight see the abort through the signal
 * they were given, and the pool resolves when they have settled.
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T, signal: AbortSignal, index: number) => Promise<R>,
): Promise<Outcome<T, R>[]> {
  const outcomes: Outcome<T, R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      if (signal.aborted) {
        outcomes[index] = { item, ok: false, error: signal.reason, started: false };
        continue;
      }
      try {
        outcomes[index] = { item, ok: true, value: await work(item, signal, index) };
      } catch (error) {
        outcomes[index] = { item, ok: false, error, started: true };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return outcomes;
}

/** The reason a run stops on Ctrl-C (or SIGTERM). */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor(signal: string) {
    super(`interrupted (${signal})`);
  }
}

/**
 * Aborts `controller` on the first SIGINT/SIGTERM, so that transfers in flight stop and their partial files
 * go; a second one exits at once. Returns the function that removes the handlers.
 */
export function abortOnInterrupt(controller: AbortController, onFirst?: () => void): () => void {
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    onFirst?.();
    controller.abort(new InterruptedError(name));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
