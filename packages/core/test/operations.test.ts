import { describe, expect, it, vi } from "vitest";
import { APIError, type Operation, OperationFailedError, ValidationError } from "../src/index";
import {
  KEY,
  RUNNING,
  SUCCESS,
  api,
  apiJson,
  countUnmatched,
  newClient,
  opRef,
  p,
  polls,
  rejection,
  u,
  useNock,
} from "./helpers";

useNock();

describe("waitForOperation", () => {
  it("polls running → running → success: exactly 3 polls, each state seen by onPoll", async () => {
    const done = { ...SUCCESS, results: { score: 1 } };
    const scope = polls(api(), "o1", [RUNNING, { ...RUNNING, progress: 50 }, done]);
    const seen: Operation[] = [];
    const operation = await newClient().waitForOperation(opRef("o1"), { onPoll: (o) => seen.push(o) });
    expect(operation).toEqual(done);
    expect(seen).toEqual([RUNNING, { ...RUNNING, progress: 50 }, done]);
    scope.done();
  });

  it("keeps polling through a status it does not know", async () => {
    const scope = polls(api(), "o1", [{ type: "x", status: "queued" }, SUCCESS]);
    expect(await newClient().waitForOperation(opRef("o1"))).toEqual(SUCCESS);
    scope.done();
  });

  it("waits poll_interval × 0.1 before the first poll and poll_interval between polls", async () => {
    // Time is the subject: fake timers, and a fetch that records when each poll is made.
    vi.useFakeTimers();
    try {
      const times: number[] = [];
      const client = newClient({
        fetch: async () => {
          times.push(Date.now());
          return Response.json(times.length < 3 ? RUNNING : SUCCESS);
        },
      });
      const start = Date.now();
      const done = client.waitForOperation({ operation_id: "o1", poll_interval: 30 });
      await vi.advanceTimersByTimeAsync(2_999);
      expect(times).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(times).toEqual([start + 3_000]);
      await vi.advanceTimersByTimeAsync(29_999);
      expect(times).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1 + 30_000);
      expect(times).toEqual([start + 3_000, start + 33_000, start + 63_000]);
      expect(await done).toEqual(SUCCESS);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a failed operation throws OperationFailedError carrying its id, body and errors, and polling stops", async () => {
    const failed = {
      type: "detector_run",
      status: "failed",
      errors: [{ code: "oom", message: "out of memory" }],
    };
    const scope = polls(api(), "o1", [RUNNING, failed]);
    const seen: string[] = [];
    const error = await rejection(
      newClient().waitForOperation(opRef("o1"), { onPoll: (o) => seen.push(o.status) }),
    );
    expect(error).toBeInstanceOf(OperationFailedError);
    // Not an HTTP failure: it has no status to report (the poll itself answered 200).
    expect(error).not.toBeInstanceOf(APIError);
    expect(error).not.toHaveProperty("status");
    const e = error as OperationFailedError;
    expect(e.operationId).toBe("o1");
    expect(e.body).toEqual(failed);
    expect(e.errors).toEqual(failed.errors);
    expect(e.url).toBe(u("/operations/o1/"));
    expect(e.message).toBe(`detector_run operation o1 failed: ${JSON.stringify(failed.errors)}`);
    expect(String(e)).not.toContain(KEY);
    expect(seen).toEqual(["running", "failed"]);
    scope.done();
  });

  it("an abort during the wait rejects at once, well before the poll interval", async () => {
    const unmatched = countUnmatched();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(
      newClient().waitForOperation({ operation_id: "o1", poll_interval: 30 }, { signal: controller.signal }),
    );
    expect((error as Error).name).toBe("AbortError");
    expect(error).toBe(controller.signal.reason);
    unmatched.stop();
    expect(unmatched.count).toBe(0);
  });

  it("an abort while a poll is in flight rejects at once", async () => {
    const scope = api().get(p("/operations/o1/")).delay(5000).reply(200, SUCCESS);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(
      newClient().waitForOperation(
        { operation_id: "o1", poll_interval: 0.01 },
        { signal: controller.signal },
      ),
    );
    expect((error as Error).name).toBe("AbortError");
    scope.done();
  });

  it("runDetector's signal aborts its wait too", async () => {
    const scope = apiJson()
      .post(p("/detectors/d1/run/"))
      .reply(201, { operation_id: "o1", poll_interval: 30 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(newClient().runDetector("d1", "r1", { signal: controller.signal }));
    expect((error as Error).name).toBe("AbortError");
    scope.done();
  });

  it("refuses a malformed operation reference before any request", async () => {
    const unmatched = countUnmatched();
    const c = newClient();
    const bad = [{ poll_interval: 1 }, { operation_id: "a/b", poll_interval: 1 }];
    for (const ref of bad) {
      await expect(c.waitForOperation(ref as never)).rejects.toThrow(ValidationError);
    }
    await expect(c.waitForOperation(undefined as never)).rejects.toThrow(ValidationError);
    unmatched.stop();
    expect(unmatched.count).toBe(0);
  });
});

describe("runAdvancedTool", () => {
  it("is gone: Picterra pruned the endpoint, so the client has no such method", () => {
    expect("runAdvancedTool" in newClient()).toBe(false);
  });
});
