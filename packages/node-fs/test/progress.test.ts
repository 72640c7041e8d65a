import type { Progress } from "@picterra/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROGRESS_INTERVAL_MS, ProgressReporter } from "../src/progress";

// Time is the subject: the reporter reads performance.now(), which the fake timers drive.
beforeEach(() => vi.useFakeTimers({ toFake: ["performance", "Date"] }));
afterEach(() => vi.useRealTimers());

function reporter(total: number | undefined = 1000) {
  const events: Progress[] = [];
  return { events, progress: new ProgressReporter((p) => events.push(p), total) };
}

describe("ProgressReporter", () => {
  it("reports the start, at most once per interval while bytes move, and the end once at total", () => {
    const { events, progress } = reporter();
    progress.start();
    progress.update(100); // same instant as the start: held back
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS - 1);
    progress.update(200); // still within the interval
    vi.advanceTimersByTime(1);
    progress.update(300);
    progress.update(400);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    progress.update(1000); // the total is only ever reported by done()
    progress.done(1000);
    expect(events.map((e) => e.loaded)).toEqual([0, 300, 1000]);
    expect(events.every((e) => e.total === 1000)).toBe(true);
  });

  it("never goes back when a retry or a restart counts from zero again", () => {
    const { events, progress } = reporter();
    progress.start();
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    progress.update(600);
    progress.start(); // a retried attempt: no second start
    for (const loaded of [100, 500, 600, 700]) {
      vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
      progress.update(loaded);
    }
    progress.done(1000);
    expect(events.map((e) => e.loaded)).toEqual([0, 600, 700, 1000]);
  });

  it("takes the total from the answer, and a new one when a download starts over on another object", () => {
    const { events, progress } = reporter(undefined);
    progress.start(2000);
    progress.resize(1500);
    progress.done(1500);
    expect(events).toEqual([
      { loaded: 0, total: 2000 },
      { loaded: 1500, total: 1500 },
    ]);
  });
});
