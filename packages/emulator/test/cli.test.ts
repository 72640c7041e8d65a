import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { png } from "./helpers";

const CLI = join(__dirname, "..", "dist", "cli.js");

describe("the CLI", () => {
  it("starts, prints the URL, the key and how to point a client at it, and stops on SIGTERM", async () => {
    expect(existsSync(CLI), "build the package first (pnpm exec tsup)").toBe(true);
    const child = spawn(
      process.execPath,
      [CLI, "--port", "0", "--poll-interval", "0.2", "--rate-limit", "2"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout! });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length === 7) break;
    }
    const site = /^Picterra API emulator: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(lines[0]!)?.[1];
    const key = /^API key: (\S+)$/.exec(lines[1]!)?.[1];
    expect(site).toBeDefined();
    expect(key).toMatch(/^emulator-/);
    expect(lines[3]).toBe(`  export PICTERRA_BASE_URL=${site} PICTERRA_API_KEY=${key}`);
    const url = `${site}public/api/v2/`;
    expect(lines[4]).toBe(`Forge (API v2): ${site}public/api/v2/`);
    expect(lines[5]).toBe(`Tracer (plots analysis API v1): ${site}public/api/plots_analysis/v1/`);
    expect(lines[6]).toBe("Rate limit: 2 API requests a minute per key");

    const res = await fetch(`${url}detectors/`, { method: "POST", headers: { "X-Api-Key": key! } });
    expect(res.status).toBe(201);
    const train = await fetch(`${url}detectors/${((await res.json()) as { id: string }).id}/train/`, {
      method: "POST",
      headers: { "X-Api-Key": key! },
    });
    expect(((await train.json()) as { poll_interval: number }).poll_interval).toBe(0.2);
    // Past the two requests a minute that --rate-limit 2 allows.
    const throttled = await fetch(`${url}rasters/`, { headers: { "X-Api-Key": key! } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("prints its help", async () => {
    const child = spawn(process.execPath, [CLI, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(out).toContain("--faults <rate>");
  });

  it("loads proj4 only when the first raster in a projected CRS arrives, so that it starts fast", async () => {
    const script = `
      const { startEmulator } = require(${JSON.stringify(join(__dirname, "..", "dist", "index.cjs"))});
      const loaded = () => Object.keys(require.cache).some((k) => /[\\/]proj4[\\/]/.test(k));
      (async () => {
        const emu = await startEmulator({ pollsUntilDone: 0 });
        const before = loaded();
        const h = { "X-Api-Key": emu.apiKey, "Content-Type": "application/json" };
        const post = (path, body) => fetch(emu.url + path, { method: "POST", headers: h, body });
        const target = await (await post("rasters/upload/file/", JSON.stringify({ name: "png" }))).json();
        await fetch(target.upload_url, { method: "PUT", body: Buffer.from(${JSON.stringify([...png(4, 4)])}) });
        const ref = await (await post("rasters/" + target.raster_id + "/commit/")).json();
        const op = await (await fetch(emu.url + "operations/" + ref.operation_id + "/", { headers: h })).json();
        console.log(JSON.stringify({ before, status: op.status, after: loaded() }));
        await emu.close();
      })();`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
    // A PNG is placed in Web Mercator, which needs proj4: loaded then, not at start.
    expect(JSON.parse(out)).toEqual({ before: false, status: "success", after: true });
  });
});
