import { describe, expect, it } from "vitest";
import type { RateLimitOptions } from "../src/index";
import { call, emulator } from "./helpers";

/** A clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function throttled(rateLimit: RateLimitOptions) {
  const emu = await emulator({ rateLimit });
  const status = async () => (await call(emu, "GET", "rasters/")).status;
  return { emu, status };
}

describe("the throttle", () => {
  it("answers 429 with Retry-After past the limit, until the oldest request leaves the minute", async () => {
    const clock = fakeClock();
    const { emu, status } = await throttled({ requestsPerMinute: 3, now: clock.now });
    expect(await status()).toBe(200); // t = 0
    clock.advance(10_000);
    expect(await status()).toBe(200); // t = 10 s
    clock.advance(10_000);
    expect(await status()).toBe(200); // t = 20 s
    clock.advance(5_500);
    const refused = await call(emu, "GET", "rasters/"); // t = 25.5 s: the first slot frees at 60 s
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("35");
    expect(refused.body).toEqual({ detail: "Request was throttled. Expected available in 35 seconds." });
    // A refused request takes no slot: the wait does not grow.
    clock.advance(34_000);
    expect((await call(emu, "GET", "rasters/")).headers.get("retry-after")).toBe("1");
    clock.advance(500); // t = 60 s: the first request has left the window
    expect(await status()).toBe(200);
    expect(await status()).toBe(429); // the second one leaves at 70 s
    clock.advance(10_000);
    expect(await status()).toBe(200);
    expect(emu.stats()).toMatchObject({ throttled: 3, faults: 0 });
  });

  it("says at least one second, counts every API call, and leaves storage and preflights alone", async () => {
    const clock = fakeClock();
    const { emu, status } = await throttled({ requestsPerMinute: 2, now: clock.now });
    const target = await call(emu, "POST", "rasters/upload/file/", { json: { name: "r" } });
    expect(target.status).toBe(201);
    expect(await status()).toBe(200);
    clock.advance(59_999);
    const refused = await call(emu, "POST", "folders/", { json: { name: "f" } });
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "1"]);
    expect(emu.state().folders).toHaveLength(1); // the refused create changed nothing
    const { upload_url } = target.body as { upload_url: string };
    expect((await fetch(upload_url, { method: "PUT", body: "bytes" })).status).toBe(200);
    const preflight = await fetch(new URL("rasters/", emu.url), {
      method: "OPTIONS",
      headers: { Origin: "http://example.test", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(emu.stats().throttled).toBe(1);
  });

  it("checks the key first: a request without one is a 401, and does not count", async () => {
    const clock = fakeClock();
    const { emu, status } = await throttled({ requestsPerMinute: 1, now: clock.now });
    for (let i = 0; i < 3; i++) expect((await call(emu, "GET", "rasters/", { key: null })).status).toBe(401);
    expect(await status()).toBe(200);
    expect(await status()).toBe(429);
    // Unknown paths never reach a view, so they are not throttled either.
    expect((await call(emu, "GET", "nothing/")).status).toBe(404);
  });

  it("is off by default, and rejects a limit that is not a positive whole number", async () => {
    const emu = await emulator();
    for (let i = 0; i < 50; i++) expect((await call(emu, "GET", "rasters/")).status).toBe(200);
    expect(emu.stats().throttled).toBe(0);
    await expect(emulator({ rateLimit: { requestsPerMinute: 0 } })).rejects.toThrow(
      "invalid rateLimit.requestsPerMinute: 0",
    );
    await expect(emulator({ rateLimit: { requestsPerMinute: 2.5 } })).rejects.toThrow(
      "invalid rateLimit.requestsPerMinute",
    );
  });
});
