import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Governor } from "../src/bulk/governor";

/** Picterra's throttle as DRF runs it (the emulator's): a sliding log of accepted requests over a minute. */
class SlidingLog {
  private readonly log: number[] = [];
  accepted: number[] = [];
  refused = 0;
  constructor(private readonly perMinute: number) {}

  /** null when accepted, else the Retry-After in whole seconds. */
  admit(now: number): number | null {
    while (this.log.length > 0 && this.log[0]! <= now - 60_000) this.log.shift();
    if (this.log.length < this.perMinute) {
      this.log.push(now);
      this.accepted.push(now);
      return null;
    }
    this.refused++;
    return Math.max(1, Math.ceil((this.log[0]! + 60_000 - now) / 1000));
  }
}

/** `workers` loops of acquire → request (latencyMs) → release, against `server`, until `stop` is set. */
function drive(governor: Governor, server: SlidingLog, workers: number, latencyMs: number) {
  const state = { stop: false };
  const loop = async () => {
    while (!state.stop) {
      const ticket = await governor.acquire();
      await new Promise((r) => setTimeout(r, latencyMs / 2));
      const wait = server.admit(Date.now());
      await new Promise((r) => setTimeout(r, latencyMs / 2));
      governor.release(ticket, wait === null ? 200 : 429, wait === null ? undefined : wait * 1000);
    }
  };
  const done = Promise.all(Array.from({ length: workers }, loop));
  return {
    stop: async () => {
      state.stop = true;
      await vi.advanceTimersByTimeAsync(70_000);
      await done;
    },
  };
}

/** Acquires, moving the fake clock on until the governor lets the request go. */
async function pass(governor: Governor): Promise<number> {
  let done = false;
  const turn = governor.acquire().then((ticket) => {
    done = true;
    return ticket;
  });
  while (!done) await vi.advanceTimersByTimeAsync(10);
  return turn;
}

describe("the governor against a sliding-window throttle (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps a run near 600 a minute at ≥ 90% of the limit with ≤ 2% of requests refused", async () => {
    const server = new SlidingLog(600);
    const governor = new Governor();
    const run = drive(governor, server, 8, 20);
    await vi.advanceTimersByTimeAsync(180_000);
    const throughput = server.accepted.filter((t) => t >= 10_000 && t < 180_000).length;
    await run.stop();
    // 600 a minute = 10 a second, over the 170 s after the first ten.
    expect(throughput / (170 * 10)).toBeGreaterThanOrEqual(0.9);
    expect(server.refused / (server.accepted.length + server.refused)).toBeLessThanOrEqual(0.02);
    expect(governor.stats().budget).toBeGreaterThanOrEqual(590);
  });

  it("at 60 a minute, refuses only the first episode's requests and then keeps to the limit", async () => {
    const server = new SlidingLog(60);
    const governor = new Governor();
    const run = drive(governor, server, 8, 20);
    await vi.advanceTimersByTimeAsync(300_000);
    await run.stop();
    // One episode: at most the requests in flight when the window filled, then the learned budget, plus at most
    // one probe a quiet minute.
    expect(server.refused).toBeLessThanOrEqual(8 + 5);
    expect(server.accepted.filter((t) => t < 300_000).length).toBeGreaterThanOrEqual(5 * 60 * 0.9);
  });

  it("starts in a window another process filled (a resumed run): few refusals, then the limit", async () => {
    const server = new SlidingLog(60);
    for (let t = -59_000; t < 0; t += 1_000) server.admit(t);
    server.accepted = [];
    const governor = new Governor();
    const run = drive(governor, server, 8, 20);
    await vi.advanceTimersByTimeAsync(300_000);
    await run.stop();
    expect(server.refused).toBeLessThanOrEqual(16);
    expect(server.accepted.filter((t) => t >= 60_000 && t < 300_000).length).toBeGreaterThanOrEqual(
      4 * 60 * 0.9,
    );
  });

  it("waits out Retry-After, slows down on a 429 and speeds up again", async () => {
    const governor = new Governor({ initialRate: 10 });
    governor.release(await pass(governor), 200);
    const refused = await pass(governor);
    // A 429 whose Retry-After does not match a full window (another user of the key): no budget learned.
    governor.release(refused, 429, 5_000);
    expect(governor.stats().budget).toBeNull();
    const slowed = governor.stats().rate;
    expect(slowed).toBeLessThan(10);
    let passed = false;
    const next = governor.acquire().then((ticket) => {
      passed = true;
      return ticket;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(passed).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    governor.release(await next, 200);
    expect(passed).toBe(true);
    for (let i = 0; i < 50; i++) governor.release(await pass(governor), 200);
    expect(governor.stats().rate).toBeGreaterThan(slowed);
    expect(governor.stats().throttled).toBe(1);
  });

  it("never sends past a learned window", async () => {
    const server = new SlidingLog(30);
    const governor = new Governor({ initialRate: 100 });
    const run = drive(governor, server, 4, 10);
    await vi.advanceTimersByTimeAsync(59_000);
    const firstEpisode = server.refused;
    expect(firstEpisode).toBeGreaterThan(0);
    expect(governor.stats().budget).toBe(30);
    await vi.advanceTimersByTimeAsync(60_000);
    // Within the next minute the budget holds (no probe before a quiet window has passed).
    expect(server.refused).toBe(firstEpisode);
    await run.stop();
  });

  it("cuts the rate once for requests sent at the same rate, again for one sent after the cut", async () => {
    const governor = new Governor({ initialRate: 8 });
    const tickets = [await pass(governor), await pass(governor), await pass(governor)];
    governor.release(tickets[0]!, 429, 0);
    const once = governor.stats().rate;
    governor.release(tickets[1]!, 429, 0);
    governor.release(tickets[2]!, 429, 0);
    expect(governor.stats().rate).toBe(once);
    governor.release(await pass(governor), 429, 0);
    expect(governor.stats().rate).toBe(once / 2);
    expect(governor.stats().throttled).toBe(4);
  });

  it("a huge, negative or unreadable Retry-After pauses at most maxPauseMs, and a paused wait still aborts", async () => {
    for (const retryAfterMs of [1e15, Number.POSITIVE_INFINITY, -5_000, Number.NaN]) {
      const governor = new Governor({ initialRate: 100, maxPauseMs: 30_000 });
      governor.release(await pass(governor), 429, retryAfterMs);
      let passed = false;
      const next = governor.acquire().then(() => {
        passed = true;
      });
      await vi.advanceTimersByTimeAsync(30_000 + 100);
      expect(passed, String(retryAfterMs)).toBe(true);
      await next;
    }
    const governor = new Governor({ initialRate: 100 });
    governor.release(await pass(governor), 429, 1e15);
    const controller = new AbortController();
    const waiting = governor.acquire(controller.signal);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(new Error("Ctrl-C"));
    await expect(waiting).rejects.toThrow("Ctrl-C");
  });

  it("aborts a wait at once", async () => {
    const governor = new Governor({ initialRate: 1 });
    await governor.acquire();
    const controller = new AbortController();
    const waiting = governor.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});
