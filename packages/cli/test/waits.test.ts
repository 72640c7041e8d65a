import { join } from "node:path";
import { type PicterraClient, createClient } from "@picterra/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { detectOne } from "../src/bulk/detect";
import { Governor } from "../src/bulk/governor";
import { Journal } from "../src/bulk/journal";
import { createProgress } from "../src/bulk/progress";
import { throttledFetch } from "../src/bulk/throttled-fetch";
import { POLL_INTERVAL_LIMITS, operationRef } from "../src/bulk/upload-once";
import { emulator, pngFile, tempDir } from "./helpers";

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

async function openJournal(): Promise<Journal> {
  return Journal.open(join(tempDir(), "journal.jsonl"), {
    command: "detect",
    api: "http://api.test/public/api/v2",
    options: {},
  });
}

const settings = (outDir: string) => ({
  detectorId: "d1",
  outDir,
  pixels: false,
  raster: {},
});

describe("the journal hears of operations from core's events (onCreated, onStarted), not from URLs", () => {
  it("a file's upload, commit and detection are journaled as they start, in order", async () => {
    const emu = await emulator();
    const client = createClient({ apiKey: emu.apiKey, baseUrl: emu.url });
    const detectorId = await client.createDetector({ name: "d" });
    const dir = tempDir();
    const file = pngFile(dir, "a.png");
    const journal = await openJournal();
    const run = {
      client,
      journal,
      progress: createProgress(1, "json", { retries: () => 0 }),
      signal: new AbortController().signal,
    };
    const input = { kind: "file" as const, arg: file, path: file, item: file, raw: "a" };
    const done = await detectOne(run, input, "a", { ...settings(dir), detectorId });
    await journal.close();
    const steps = journal.about(file).map((e) => e.step);
    expect(steps).toEqual([
      "upload-started",
      "upload-created",
      "upload-committed",
      "uploaded",
      "detect-started",
      "detected",
      "results-written",
    ]);
    const committed = journal.last(file, "upload-committed");
    expect(committed).toMatchObject({ rasterId: done.rasterId, pollInterval: 0.05 });
    expect(emu.state().operations.map((o) => o.id)).toContain(committed?.operationId);
    expect(journal.last(file, "detect-started")).toMatchObject({
      rasterId: done.rasterId,
      detectorId,
      operationId: done.operationId,
      pollInterval: 0.05,
    });
  });

  it("keep a poll interval within limits, whatever the server answered or the journal holds", async () => {
    const journal = await openJournal();
    const client = {
      runDetector: async (
        _detector: string,
        _raster: string,
        options: { onStarted?: (op: { operationId: string; pollInterval: number }) => Promise<void> },
      ) => {
        // What a server's 1e12 s would be if core did not clamp it already: the journal clamps too.
        await options.onStarted?.({ operationId: "op1", pollInterval: 1e12 });
        throw new Error("killed while waiting");
      },
    } as unknown as PicterraClient;
    const run = {
      client,
      journal,
      progress: createProgress(1, "json", { retries: () => 0 }),
      signal: new AbortController().signal,
    };
    const input = { kind: "raster" as const, arg: "r1", rasterId: "r1", item: "r1", raw: "r1" };
    await expect(detectOne(run, input, "r1", settings(tempDir()))).rejects.toThrow("killed while waiting");
    await journal.close();
    expect(journal.last("r1", "detect-started")).toMatchObject({
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
