import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createdDetector, emulator, picterraJson, pngFile, tempDir } from "./helpers";

describe("rate awareness", () => {
  it("a run whose requests are answered 429 (POSTs too) sends them again and finishes; every 429 is counted", async () => {
    // Seeded faults: 429 with Retry-After 0 on a tenth of the API requests, whatever their method. A faulted
    // request changes nothing on the server, as a throttled one: sending a POST again creates nothing twice.
    const emu = await emulator({
      faults: { rate: 0.1, kinds: ["429"], methods: ["GET", "POST", "PUT", "DELETE"], seed: 7 },
    });
    const dir = tempDir();
    const files = Array.from({ length: 3 }, (_, i) => pngFile(dir, `f${i}.png`));
    const detectorId = await createdDetector(emu);
    const faultsBefore = emu.stats().faults;
    const { run, json } = await picterraJson(
      ["detect", "--detector", detectorId, ...files, "--out", join(dir, "o")],
      emu,
    );
    expect(run.code).toBe(0);
    expect(json).toMatchObject({ done: 3, failed: 0 });
    const throttled = emu.stats().faults - faultsBefore;
    expect(throttled).toBeGreaterThan(1);
    expect(json.requests.throttled).toBe(throttled);
    expect(json.requests.retries).toBeGreaterThanOrEqual(throttled);
    expect(emu.state().rasters).toHaveLength(3);
    expect(emu.state().operations.filter((o) => o.type === "detector_run")).toHaveLength(3);
  });

  it("a 429 whose Retry-After is too long to wait goes to the caller as an APIError (exit 1)", async () => {
    const emu = await emulator({
      faults: { rate: 1, kinds: ["429"], retryAfterSeconds: 3600, methods: ["GET"] },
    });
    const { run, json } = await picterraJson(["rasters", "list"], emu);
    expect(run.code).toBe(1);
    expect(json.error).toMatchObject({ name: "APIError", status: 429 });
    expect(emu.stats().faults).toBe(1);
  });
});
