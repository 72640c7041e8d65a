import { get } from "node:http";
import { describe, expect, it } from "vitest";
import { type FaultOptions, type RequestLog, mulberry32 } from "../src/index";
import { call, emulator } from "./helpers";

/** One GET on a connection of its own (so that a dropped one takes nothing else with it); 0 when dropped. */
function status(url: string, key: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, headers: { "X-Api-Key": key } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? -1));
    });
    req.on("error", () => resolve(0));
  });
}

/** The statuses of `n` GETs in a row; 0 for a dropped connection. */
async function statuses(faults: FaultOptions, n: number): Promise<number[]> {
  const emu = await emulator({ faults });
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await status(`${emu.url}rasters/`, emu.apiKey));
  expect(emu.stats().faults).toBe(out.filter((s) => s !== 200).length);
  return out;
}

describe("fault injection", () => {
  it("repeats exactly with the same seed, and differs with another", async () => {
    const faults: FaultOptions = { rate: 0.5, seed: 42, kinds: ["429", "502", "503", "504", "drop"] };
    const first = await statuses(faults, 30);
    const second = await statuses(faults, 30);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 502, 503, 504, 0]));
    expect(await statuses({ ...faults, seed: 43 }, 30)).not.toEqual(first);
  });

  it("follows mulberry32: the same draws decide the same requests", async () => {
    const random = mulberry32(7);
    const expected = Array.from({ length: 20 }, () => {
      if (random() >= 0.3) return 200;
      random(); // the kind, of one
      return 503;
    });
    expect(await statuses({ rate: 0.3, seed: 7, kinds: ["503"] }, 20)).toEqual(expected);
  });

  it("answers 429 with an integer Retry-After and a DRF body", async () => {
    const emu = await emulator({ faults: { rate: 1, kinds: ["429"], retryAfterSeconds: 2 } });
    const res = await call(emu, "GET", "rasters/");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.body).toEqual({ detail: "Request was throttled. Expected available in 2 seconds." });
    const zero = await emulator({ faults: { rate: 1, kinds: ["429"] } });
    expect((await call(zero, "GET", "rasters/")).headers.get("retry-after")).toBe("0");
  });

  it("never faults a POST by default, so a failed create changed nothing and no create is lost", async () => {
    const emu = await emulator({ faults: { rate: 1, kinds: ["503"] } });
    const created = await call(emu, "POST", "folders/", { json: { name: "f" } });
    expect(created.status).toBe(201);
    expect((await call(emu, "PUT", "rasters/x/", { json: {} })).status).toBe(503);
    expect(emu.stats()).toMatchObject({ faults: 1 });
    const withPost = await emulator({ faults: { rate: 1, kinds: ["503"], methods: ["POST"] } });
    expect((await call(withPost, "POST", "folders/", { json: { name: "f" } })).status).toBe(503);
    expect(withPost.state().folders).toHaveLength(1); // only the default folder
  });

  it("adds latency, then answers normally", async () => {
    const logged: RequestLog[] = [];
    const emu = await emulator({
      faults: { rate: 1, kinds: ["latency"], latencyMs: 150 },
      log: (entry) => logged.push(entry),
    });
    expect((await call(emu, "GET", "rasters/")).status).toBe(200);
    // A timer never fires early: the answer waited at least the latency (a lower bound holds on any machine).
    expect(logged).toEqual([expect.objectContaining({ status: 200, fault: "latency" })]);
    expect(logged[0]!.durationMs).toBeGreaterThanOrEqual(149);
  });

  it("faults storage GETs only when asked, and never storage PUTs", async () => {
    const emu = await emulator({ faults: { rate: 1, kinds: ["503"], methods: [], storage: true } });
    const target = (await call(emu, "POST", "rasters/upload/file/", { json: { name: "r" } })).body as {
      upload_url: string;
    };
    expect((await fetch(target.upload_url, { method: "PUT", body: "bytes" })).status).toBe(200);
    const download = await fetch(target.upload_url);
    expect(download.status).toBe(503);
    expect(emu.stats()).toMatchObject({ uploads: 1, faults: 1 });
  });

  it("logs every request with its fault, and never the key or a signature", async () => {
    const lines: string[] = [];
    const emu = await emulator({
      faults: { rate: 1, kinds: ["502"] },
      log: (e) => lines.push(JSON.stringify(e)),
    });
    await call(emu, "GET", "rasters/?search=x");
    await call(emu, "POST", "folders/", { json: { name: "f" } });
    expect(lines.map((l) => JSON.parse(l) as { path: string; status: number; fault?: string })).toMatchObject(
      [
        { method: "GET", path: "/public/api/v2/rasters/", status: 502, fault: "502" },
        { method: "POST", path: "/public/api/v2/folders/", status: 201 },
      ],
    );
    expect(lines.join("\n")).not.toContain(emu.apiKey);
  });

  it("rejects nonsense options", async () => {
    await expect(emulator({ faults: { rate: 2 } })).rejects.toThrow("invalid faults.rate: 2");
    await expect(emulator({ faults: { rate: 0.1, retryAfterSeconds: 0.5 } })).rejects.toThrow(
      "invalid faults.retryAfterSeconds",
    );
    await expect(emulator({ pageSize: 0 })).rejects.toThrow("invalid pageSize");
    // No larger than the documents let a client ask for (their PageSize maximum).
    await expect(emulator({ pageSize: 1001 })).rejects.toThrow("invalid pageSize: 1001");
    await (await emulator({ pageSize: 1000 })).close();
  });
});
