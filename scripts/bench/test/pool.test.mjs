// The bench's pool is the CLI's (packages/cli/src/bulk/pool.ts): bounded concurrency, every item once, the
// answers with an id counted, a failure reported once the others have settled.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { pool } from "../lib.mjs";

test("runs every item once, at most `concurrency` at a time, and counts the answers with an id", async () => {
  const seen = [];
  let running = 0;
  let most = 0;
  const done = await pool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
    running++;
    most = Math.max(most, running);
    await sleep(5);
    running--;
    seen.push(item);
    return item % 2 ? { id: String(item) } : {};
  });
  assert.equal(done, 4);
  assert.equal(most, 3);
  assert.deepEqual(seen.sort(), [1, 2, 3, 4, 5, 6, 7]);
});

test("rejects with the failure of a call", async () => {
  await assert.rejects(
    pool([1, 2], 2, async (item) => {
      if (item === 2) throw new Error("boom");
      return { id: "1" };
    }),
    /boom/,
  );
});
