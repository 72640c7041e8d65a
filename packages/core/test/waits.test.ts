import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_WAIT_TIMEOUT_MS,
  OperationTimeoutError,
  POLL_INTERVAL,
  TimeoutError,
  ValidationError,
} from "../src/index";
import { MAX_TIMER_MS, sleep } from "../src/machinery/sleep";
import { IdleTimer } from "../src/machinery/storage";
import { KEY, newClient, rejection } from "./helpers";

// Time is the subject: fake timers, and a fetch that records when each poll is made. No wall-clock margin.
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const RUNNING = { type: "x", status: "running" };
const SUCCESS = { type: "x", status: "success" };

/** A client whose polls answer `states` in turn (the last one again), recording when each poll is made. */
function polled(states: object[]) {
  const times: number[] = [];
  const client = newClient({
    fetch: async () => {
      times.push(Date.now());
      return Response.json(states[Math.min(times.length - 1, states.length - 1)]);
    },
  });
  return { client, times };
}

/** Every delay handed to setTimeout while `run` runs. */
function timerDelays(): number[] {
  const delays: number[] = [];
  const real = globalThis.setTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return real(fn, ms);
  }) as typeof setTimeout);
  return delays;
}

describe("poll_interval from the server is clamped", () => {
  it("1e9 seconds (which overflows a timer: ~400 polls a second) polls every 60 s", async () => {
    vi.useFakeTimers();
    const delays = timerDelays();
    const { client, times } = polled([RUNNING, RUNNING, RUNNING, SUCCESS]);
    const start = Date.now();
    const done = client.waitForOperation({ operation_id: "o1", poll_interval: 1e9 });
    await vi.advanceTimersByTimeAsync(1_000);
    // Not a burst of polls: the first one waits 0.1 × 60 s.
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000 + 3 * 60_000);
    expect(times).toEqual([start + 6_000, start + 66_000, start + 126_000, start + 186_000]);
    expect(await done).toEqual(SUCCESS);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it.each([
    ["0", 0, POLL_INTERVAL.minMs],
    ["negative", -5, POLL_INTERVAL.minMs],
    ["Infinity", Number.POSITIVE_INFINITY, POLL_INTERVAL.maxMs],
    ["NaN", Number.NaN, POLL_INTERVAL.maxMs],
    ["missing", undefined, POLL_INTERVAL.maxMs],
    ["a string", "5", POLL_INTERVAL.maxMs],
  ])("%s polls every %s → %d ms", async (_, interval, every) => {
    vi.useFakeTimers();
    const { client, times } = polled([RUNNING, RUNNING, SUCCESS]);
    const start = Date.now();
    const done = client.waitForOperation({ operation_id: "o1", poll_interval: interval as number });
    await vi.advanceTimersByTimeAsync(every * 2.1);
    expect(await done).toEqual(SUCCESS);
    expect(times.map((t) => t - start)).toEqual([every * 0.1, every * 1.1, every * 2.1]);
  });

  it("the bounds are documented numbers: 10 ms to 60 s", () => {
    expect(POLL_INTERVAL).toEqual({ minMs: 10, maxMs: 60_000 });
    expect(Object.isFrozen(POLL_INTERVAL)).toBe(true);
  });
});

describe("a wait's overall timeoutMs", () => {
  it("an operation that never ends: an OperationTimeoutError naming it once timeoutMs has passed", async () => {
    vi.useFakeTimers();
    const { client, times } = polled([RUNNING]);
    const start = Date.now();
    const done = rejection(
      client.waitForOperation({ operation_id: "o1", poll_interval: 30 }, { timeoutMs: 100_000 }),
    );
    await vi.advanceTimersByTimeAsync(100_000);
    const error = await done;
    expect(error).toBeInstanceOf(OperationTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    const e = error as OperationTimeoutError;
    expect(e.operationId).toBe("o1");
    expect(e.timeoutMs).toBe(100_000);
    expect(e.lastStatus).toBe("running");
    expect(e.message).toContain("operation o1 had not ended; last status: running");
    expect(String(e)).not.toContain(KEY);
    expect(times.map((t) => t - start)).toEqual([3_000, 33_000, 63_000, 93_000]);
    expect(Date.now() - start).toBe(100_000);
  });

  it("the default is 24 h, and the server's number cannot stretch it", async () => {
    vi.useFakeTimers();
    expect(DEFAULT_WAIT_TIMEOUT_MS).toBe(86_400_000);
    const { client } = polled([RUNNING]);
    const start = Date.now();
    const done = rejection(client.waitForOperation({ operation_id: "o1", poll_interval: 1e12 }));
    await vi.advanceTimersByTimeAsync(DEFAULT_WAIT_TIMEOUT_MS);
    expect(await done).toBeInstanceOf(OperationTimeoutError);
    expect(Date.now() - start).toBe(DEFAULT_WAIT_TIMEOUT_MS);
  });

  it("Infinity waits without bound; an abort still ends it at once", async () => {
    vi.useFakeTimers();
    const { client, times } = polled([RUNNING]);
    const controller = new AbortController();
    const done = rejection(
      client.waitForOperation(
        { operation_id: "o1", poll_interval: 60 },
        { timeoutMs: Number.POSITIVE_INFINITY, signal: controller.signal },
      ),
    );
    await vi.advanceTimersByTimeAsync(DEFAULT_WAIT_TIMEOUT_MS + 60_000);
    expect(times.length).toBeGreaterThan(1_440);
    controller.abort();
    expect(await done).toBe(controller.signal.reason);
  });

  it("a timeoutMs that is not a non-negative number is a ValidationError", async () => {
    const { client } = polled([RUNNING]);
    for (const timeoutMs of [-1, Number.NaN, "5" as unknown as number]) {
      expect(
        await rejection(client.waitForOperation({ operation_id: "o1", poll_interval: 1 }, { timeoutMs })),
      ).toBeInstanceOf(ValidationError);
    }
  });
});

describe("sleep", () => {
  it("never hands setTimeout more than 2^31 − 1 ms: a longer wait is made in steps, and still ends", async () => {
    vi.useFakeTimers();
    const delays = timerDelays();
    let done = false;
    const wait = sleep(3 * MAX_TIMER_MS + 5).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(3 * MAX_TIMER_MS + 4);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
    expect(delays).toEqual([MAX_TIMER_MS, MAX_TIMER_MS, MAX_TIMER_MS, 5]);
  });

  it("NaN and negative delays are 0; an abort ends a huge wait at once", async () => {
    vi.useFakeTimers();
    const delays = timerDelays();
    const a = sleep(Number.NaN);
    const b = sleep(-10);
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all([a, b]);
    expect(delays).toEqual([0, 0]);
    const controller = new AbortController();
    const huge = rejection(sleep(Number.POSITIVE_INFINITY, controller.signal));
    controller.abort();
    expect(await huge).toBe(controller.signal.reason);
  });
});

describe("a client's timeouts longer than a timer holds (2^31 − 1 ms)", () => {
  /** A client whose API answers only when the test says, and fails when its request is aborted. */
  function held(options: { timeoutMs?: number } = {}) {
    let answer: (response: Response) => void = () => undefined;
    const client = newClient({
      ...options,
      fetch: (request) =>
        new Promise<Response>((resolve, reject) => {
          answer = resolve;
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
        }),
    });
    return { client, answer: (response: Response) => answer(response) };
  }

  it.each([3e9, Number.POSITIVE_INFINITY])(
    "timeoutMs %s is no timer that fires at once: the call waits for its answer",
    async (timeoutMs) => {
      vi.useFakeTimers();
      const delays = timerDelays();
      const { client, answer } = held({ timeoutMs });
      let settled = false;
      const call = client.getRaster("r1").finally(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 1_000);
      expect(settled).toBe(false);
      answer(Response.json({ id: "r1" }));
      expect(await call).toEqual({ id: "r1" });
      expect(Math.max(0, ...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    },
  );

  it("timeoutMs 3e9 still ends the call then, with a TimeoutError", async () => {
    vi.useFakeTimers();
    const { client } = held({ timeoutMs: 3e9 });
    const start = Date.now();
    const call = rejection(client.getRaster("r1"));
    await vi.advanceTimersByTimeAsync(3e9);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(3e9);
    expect(Date.now() - start).toBe(3e9);
  });

  it.each([3e9, Number.POSITIVE_INFINITY])(
    "an idle timeout of %s ms arms no timer longer than that, and does not fire early",
    async (ms) => {
      vi.useFakeTimers();
      const delays = timerDelays();
      let fired = 0;
      const timer = new IdleTimer(ms, () => {
        fired++;
      });
      timer.touch();
      await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 1_000);
      expect(fired).toBe(0);
      // Re-armed once for what is left, not in a loop of 1 ms timers.
      expect(delays.length).toBeLessThanOrEqual(2);
      expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
      await vi.advanceTimersByTimeAsync(3e9);
      expect(fired).toBe(ms === 3e9 ? 1 : 0);
      timer.stop();
    },
  );
});
