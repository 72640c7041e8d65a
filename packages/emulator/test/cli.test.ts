import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const CLI = join(__dirname, "..", "dist", "cli.js");

describe("the CLI", () => {
  it("starts, prints the URL, the key and how to point a client at it, and stops on SIGTERM", async () => {
    expect(existsSync(CLI), "build the package first (pnpm exec tsup)").toBe(true);
    const child = spawn(process.execPath, [CLI, "--port", "0", "--poll-interval", "0.2"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout! });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length === 5) break;
    }
    const url = /^Picterra API emulator: (http:\/\/127\.0\.0\.1:\d+\/public\/api\/v2\/)$/.exec(
      lines[0]!,
    )?.[1];
    const key = /^API key: (\S+)$/.exec(lines[1]!)?.[1];
    expect(url).toBeDefined();
    expect(key).toMatch(/^emulator-/);
    expect(lines[3]).toBe(`  export PICTERRA_BASE_URL=${url} PICTERRA_API_KEY=${key}`);
    expect(lines[4]).toBe(
      `Picterra Tracer (plots analysis API v1): ${url!.replace("v2/", "plots_analysis/v1/")}`,
    );
    const methodologies = await fetch(`${url!.replace("v2/", "plots_analysis/v1/")}methodologies/`, {
      headers: { "X-Api-Key": key! },
    });
    expect(((await methodologies.json()) as { count: number }).count).toBe(7);

    const res = await fetch(`${url}detectors/`, { method: "POST", headers: { "X-Api-Key": key! } });
    expect(res.status).toBe(201);
    const train = await fetch(`${url}detectors/${((await res.json()) as { id: string }).id}/train/`, {
      method: "POST",
      headers: { "X-Api-Key": key! },
    });
    expect(((await train.json()) as { poll_interval: number }).poll_interval).toBe(0.2);

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
});
