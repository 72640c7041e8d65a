import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Governor } from "../src/bulk/governor";
import { Journal } from "../src/bulk/journal";
import { type SentRequest, throttledFetch } from "../src/bulk/throttled-fetch";
import { POLL_INTERVAL_LIMITS, journalOperations, operationRef } from "../src/bulk/upload-once";
import type { Context } from "../src/context";
import { tempDir } from "./helpers";

describe("waits fed by a server's numbers (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a 429 with a Retry-After too long to wait goes to its caller, and does not stop the other requests", async () => {
    let calls = 0;
    const fetchImpl = async () => {
      calls++;
      return calls === 1
        ? new Response("{}", { status: 429, headers: { "retry-after": "999999999999" } })
        : new Response("{}", { status: 200 });
    };
    const fetch = throttledFetch(new Governor({ initialRate: 100 }), {}, undefined, fetchImpl);
    const refused = await fetch(new Request("http://api.test/a/"));
    expect(refused.status).toBe(429);
    let answered: Response | undefined;
    void fetch(new Request("http://api.test/b/")).then((r) => {
      answered = r;
    });
    // The pause of a 429 without a usable Retry-After (1 s), not the server's 31 years.
    await vi.advanceTimersByTimeAsync(1_100);
    expect(answered?.status).toBe(200);
  });
});

describe("operation polls a journal resumes", () => {
  it("keep a poll interval within limits, whatever the server answered or the journal holds", async () => {
    const dir = tempDir();
    const journal = await Journal.open(join(dir, "journal.jsonl"), {
      command: "detect",
      api: "http://api.test/public/api/v2",
      options: {},
    });
    let observe!: (request: SentRequest, response: Response) => Promise<void>;
    const ctx = { observe: (fn: typeof observe) => (observe = fn) } as unknown as Context;
    journalOperations(ctx, journal, new Map([["r1", "/data/a.png"]]));
    const body = new TextEncoder().encode(JSON.stringify({ raster_id: "r1" })).buffer as ArrayBuffer;
    await observe(
      { method: "POST", url: "http://api.test/public/api/v2/detectors/d1/run/", body },
      Response.json({ operation_id: "op1", poll_interval: 1e12 }),
    );
    await journal.close();
    expect(journal.last("/data/a.png", "detect-started")).toMatchObject({
      operationId: "op1",
      pollInterval: POLL_INTERVAL_LIMITS.maxSeconds,
    });
    expect(operationRef({ operationId: "op1", pollInterval: 1e12 }).poll_interval).toBe(
      POLL_INTERVAL_LIMITS.maxSeconds,
    );
    expect(operationRef({ operationId: "op1", pollInterval: -3 }).poll_interval).toBe(0);
    expect(operationRef({ operationId: "op1", pollInterval: "soon" }).poll_interval).toBe(
      POLL_INTERVAL_LIMITS.defaultSeconds,
    );
  });
});
