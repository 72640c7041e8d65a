import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "@picterra/emulator";
import { describe, expect, it } from "vitest";
import { createdDetector, emulator, finished, picterraJson, pngFile, start, tempDir } from "./helpers";

/** Resolves once the journal holds `count` lines of `step` (watched by polling the file: fs events are not reliable everywhere). */
async function journalShows(file: string, step: string, count: number): Promise<void> {
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (text.split("\n").filter((l) => l.includes(`"step":"${step}"`)).length >= count) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every file in `dir` and below, by name. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

function rastersByName(emu: Emulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of emu.state().rasters) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return counts;
}

describe("resuming a bulk run", () => {
  it("kill -9 mid-run, twice, then a re-run: exactly one raster per file, every result", async () => {
    // Slower operations, so that the kills land while uploads, commits and detections are in flight.
    const emu = await emulator({ pollInterval: 0.2 });
    const dir = tempDir();
    const files = Array.from({ length: 12 }, (_, i) => pngFile(dir, `tile_${i}.png`, 200 + i, 100));
    const detectorId = await createdDetector(emu);
    const out = join(dir, "out");
    const args = ["detect", "--detector", detectorId, ...files, "--out", out, "--concurrency", "4"];
    const journal = join(out, "journal.jsonl");

    for (const [step, count] of [
      ["upload-created", 3],
      ["detected", 6],
    ] as const) {
      const child = start(args, emu);
      const ended = finished(child);
      await journalShows(journal, step, count);
      child.kill("SIGKILL");
      expect((await ended).signal).toBe("SIGKILL");
    }
    const { run, json } = await picterraJson(args, emu);
    expect(run.code).toBe(0);
    expect(json).toMatchObject({ done: 12, failed: 0 });
    const byName = rastersByName(emu);
    expect([...byName.keys()].sort()).toEqual(files.map((f) => f.split("/").at(-1)).sort());
    expect([...byName.values()].every((n) => n === 1)).toBe(true);
    expect(emu.state().rasters.every((r) => r.status === "ready")).toBe(true);
    for (const item of json.items)
      expect(item.raster_id).toBe(
        emu.state().rasters.find((r) => r.name === item.input.split("/").at(-1))!.id,
      );
    expect(allFiles(out).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("Ctrl-C aborts what is in flight, leaves no partial file, keeps the journal, exits 130; a re-run finishes", async () => {
    const emu = await emulator({ pollInterval: 0.2 });
    const dir = tempDir();
    const files = Array.from({ length: 8 }, (_, i) => pngFile(dir, `img_${i}.png`));
    const detectorId = await createdDetector(emu);
    const out = join(dir, "out");
    const args = ["detect", "--detector", detectorId, ...files, "--out", out, "--concurrency", "3"];
    const child = start(args, emu);
    const ended = finished(child);
    await journalShows(join(out, "journal.jsonl"), "uploaded", 2);
    child.kill("SIGINT");
    const stopped = await ended;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Stopping: aborting transfers in flight/);
    expect(stopped.stdout).toMatch(/interrupted: run the same command again to go on/);
    expect(allFiles(out).filter((f) => f.endsWith(".part"))).toEqual([]);
    const kept = readFileSync(join(out, "journal.jsonl"), "utf8");
    expect(kept.split("\n").filter((l) => l.includes('"step":"uploaded"')).length).toBeGreaterThanOrEqual(2);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.interrupted).toBe(true);
    expect(summary.items.some((i: { status: string }) => i.status === "interrupted")).toBe(true);

    const { run, json } = await picterraJson(args, emu);
    expect(run.code).toBe(0);
    expect(json.done).toBe(8);
    expect([...rastersByName(emu).values()]).toEqual(Array(8).fill(1));
  });

  it("a re-run removes the temporary files a killed run's writes left in --out, and only those", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detectorId = await createdDetector(emu);
    const out = join(dir, "out");
    const args = ["detect", "--detector", detectorId, pngFile(dir, "tile.png"), "--out", out];
    expect((await picterraJson(args, emu)).run.code).toBe(0);
    // What a write killed mid-way (kill -9: no cleanup ran) leaves beside its target, and files that only look alike.
    const leftover = ".tile.geojson.0123456789ab.part";
    const mine = ["notes.part", ".tile.geojson.part"];
    for (const name of [leftover, ...mine]) writeFileSync(join(out, name), "x");
    const { run, json } = await picterraJson(args, emu);
    expect(run.code).toBe(0);
    expect(json.done).toBe(1);
    const left = allFiles(out);
    expect(left).not.toContain(leftover);
    for (const name of mine) expect(left).toContain(name);
  });

  it("rasters upload --journal: a re-run uploads nothing twice", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const files = Array.from({ length: 3 }, (_, i) => pngFile(dir, `u_${i}.png`));
    const journal = join(dir, "upload.jsonl");
    const first = await picterraJson(["rasters", "upload", ...files, "--journal", journal], emu);
    expect(first.json.items.map((i: { resumed: boolean }) => i.resumed)).toEqual([false, false, false]);
    const second = await picterraJson(["rasters", "upload", ...files, "--journal", journal], emu);
    expect(second.json.items.map((i: { resumed: boolean }) => i.resumed)).toEqual([true, true, true]);
    expect(emu.state().rasters).toHaveLength(3);
    expect(emu.stats().uploads).toBe(3);
  });
});
