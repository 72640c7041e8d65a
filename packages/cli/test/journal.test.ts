import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@picterra/emulator";
import { describe, expect, it } from "vitest";
import { JournalLock, type LockIdentity } from "../src/bulk/lock";
import { UsageError } from "../src/errors";
import {
  analyzeArgs,
  createdDetector,
  emulator,
  finished,
  picterra,
  picterraJson,
  plotsAt,
  pngFile,
  start,
  tempDir,
} from "./helpers";
import { hostileProxy, testServer } from "./servers";

/** A pid no process has any more (a process that ran and ended). */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

function detectArgs(detectorId: string, files: string[], out: string, ...more: string[]): string[] {
  return ["detect", "--detector", detectorId, ...files, "--out", out, ...more];
}

describe("a journal's header", () => {
  it("a new journal starts with a header naming the command, the API and the options that decide the result", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const detectorId = await createdDetector(emu);
    const journal = join(dir, "j.jsonl");
    // An empty file gets the header too, with the first step: a run that stops before any (a wrong detector id)
    // leaves it empty, so that the corrected command is no other run.
    writeFileSync(journal, "");
    const out = join(dir, "out");
    const wrong = await picterra(
      detectArgs("no-such-detector", [pngFile(dir, "a.png")], out, "--journal", journal),
      emu,
    );
    expect(wrong.code).toBe(1);
    expect(readFileSync(journal, "utf8")).toBe("");
    const { run } = await picterraJson(
      detectArgs(detectorId, [pngFile(dir, "a.png")], out, "--journal", journal, "--cloud-coverage", "20"),
      emu,
    );
    expect(run.code, run.stderr).toBe(0);
    const header = JSON.parse(readFileSync(journal, "utf8").split("\n")[0]!);
    expect(header).toEqual({
      journal: "picterra",
      version: 1,
      command: "detect",
      api: `${emu.siteUrl}public/api/v2`,
      options: {
        detector: detectorId,
        folder: null,
        multispectral: true,
        cloud_coverage: 20,
        pixels: false,
        out: "out",
      },
      at: expect.any(String),
    });
  });

  it("a file that is not a journal (an input image) is refused untouched: exit 2, nothing sent", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const image = pngFile(dir, "photo.png");
    const before = readFileSync(image);
    const detectorId = await createdDetector(emu);
    const sent = emu.stats().requests;
    for (const args of [
      detectArgs(detectorId, [image], join(dir, "out"), "--journal", image),
      ["rasters", "upload", image, "--journal", image],
      ["rasters", "download", "r1", "--out", join(dir, "dl"), "--journal", image],
    ]) {
      const run = await picterra(args, emu);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/is not a picterra journal .*left as it is: give --journal a new file/);
    }
    expect(readFileSync(image)).toEqual(before);
    expect(existsSync(`${image}.lock`)).toBe(false);
    expect(emu.stats().requests).toBe(sent);
  });

  it("another detector, server, option or command: refused (exit 2, nothing sent, journal untouched) saying what differs", async () => {
    const emu = await emulator();
    const other = await emulator({ apiKey: emu.apiKey });
    const dir = tempDir();
    const files = [pngFile(dir, "a.png")];
    const detectorId = await createdDetector(emu);
    const out = join(dir, "out");
    expect((await picterraJson(detectArgs(detectorId, files, out), emu)).run.code).toBe(0);
    const journal = join(out, "journal.jsonl");
    const kept = readFileSync(journal);
    const sent = emu.stats().requests;
    const cases: [string[], Emulator, RegExp][] = [
      [
        detectArgs("another-detector", files, out),
        emu,
        /detector "\S+" in the journal, "another-detector" now/,
      ],
      [detectArgs(detectorId, files, out, "--pixels"), emu, /pixels false in the journal, true now/],
      [
        detectArgs(detectorId, files, out, "--no-multispectral"),
        emu,
        /multispectral true in the journal, false now/,
      ],
      [
        detectArgs(detectorId, files, out),
        other,
        /API "http:\/\/127\.0\.0\.1:\d+\/public\/api\/v2" in the journal, "http:\/\/127\.0\.0\.1:\d+\/public\/api\/v2" now/,
      ],
      [
        ["rasters", "upload", ...files, "--journal", journal],
        emu,
        /command "detect" in the journal, "rasters upload" now/,
      ],
      [
        ["rasters", "download", "r1", "--out", out],
        emu,
        /command "detect" in the journal, "rasters download" now/,
      ],
    ];
    for (const [args, server, message] of cases) {
      const run = await picterra(args, server);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(
        /belongs to another run .*give this run another --out \(or --journal\), or the journal's options/,
      );
    }
    expect(readFileSync(journal)).toEqual(kept);
    expect(emu.stats().requests).toBe(sent);
    expect(other.stats().requests).toBe(0);
  });

  it("plots analyze: other dates are another run", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const plots = plotsAt(dir, [{ id: "P1", at: [-75.6, 4.5] }], "farms.geojson");
    const args = (to: string) => analyzeArgs(plots, join(dir, "eudr"), { methodology: "Coffee - EUDR", to });
    expect((await picterraJson(args("2025-12-31"), emu)).run.code).toBe(0);
    const sent = emu.stats().requests;
    const run = await picterra(args("2024-12-31"), emu);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/to "2025-12-31" in the journal, "2024-12-31" now/);
    expect(emu.stats().requests).toBe(sent);
  });
});

describe("--out and the journal in it", () => {
  const env = (url: string) => ({
    env: { PICTERRA_API_KEY: "k3y-0123456789abcdef", PICTERRA_BASE_URL: url },
  });

  it("an --out that is a file, or inside one, is bad usage (exit 2, nothing sent, the file untouched)", async () => {
    const server = await testServer(() => ({ status: 500, body: "{}" }));
    const dir = tempDir();
    const file = join(dir, "notes.txt");
    writeFileSync(file, "mine");
    for (const [out, said] of [
      [file, "is a file, not a folder"],
      [join(file, "sub"), "is inside a file, not a folder"],
    ] as const) {
      for (const args of [detectArgs("d1", ["r1"], out), ["rasters", "download", "r1", "--out", out]]) {
        const run = await picterra(args, undefined, env(server.url));
        expect(run.code, args.join(" ")).toBe(2);
        expect(run.stderr).toContain(`picterra: --out: '${out}' ${said}`);
      }
    }
    const run = await picterra(
      ["rasters", "download", "r1", "--out", join(dir, "dl"), "--journal", join(file, "j.jsonl")],
      undefined,
      env(server.url),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--journal: the folder of '${join(file, "j.jsonl")}' is a file, not a folder`,
    );
    expect(readFileSync(file, "utf8")).toBe("mine");
    expect(server.requests).toEqual([]);
  });

  it("a journal.jsonl in --out that is a symbolic link is refused: the run never writes where it points", async () => {
    const server = await testServer(() => ({ status: 500, body: "{}" }));
    const dir = tempDir();
    const elsewhere = join(dir, "elsewhere.txt");
    writeFileSync(elsewhere, "");
    const out = join(dir, "out");
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, "journal.jsonl"));
    const run = await picterra(["rasters", "download", "r1", "--out", out], undefined, env(server.url));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/journal\.jsonl' is a symbolic link: the run does not write through it/);
    expect(readFileSync(elsewhere, "utf8")).toBe("");
    expect(server.requests).toEqual([]);
  });
});

describe("a journal's lock", () => {
  it("a second run on a journal in use is refused (exit 2, nothing sent); the first goes on", async () => {
    const emu = await emulator();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first run is held at its first request (the detector check), with the journal's lock taken.
    const proxy = await hostileProxy(
      emu,
      () => undefined,
      ({ path }) => (path.includes("/detectors/") ? gate : Promise.resolve()),
    );
    const dir = tempDir();
    const detectorId = await createdDetector(emu);
    const args = detectArgs(detectorId, [pngFile(dir, "a.png")], join(dir, "out"));
    const env = { env: { PICTERRA_BASE_URL: proxy.url } };
    const first = finished(start(["--json", ...args], emu, env));
    while (proxy.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const second = await picterra(args, emu, env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another run \(pid \d+ on .+, since .+\) is using the journal/);
    expect(proxy.requests).toHaveLength(1);
    release();
    const done = await first;
    expect(done.code, done.stderr).toBe(0);
    expect(existsSync(join(dir, "out", "journal.jsonl.lock"))).toBe(false);
  });

  it("the lock of a run killed with kill -9 (its process gone) is taken over", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const out = join(dir, "dl");
    mkdirSync(out);
    const lock = join(out, "journal.jsonl.lock");
    writeFileSync(
      lock,
      JSON.stringify({ pid: deadPid(), hostname: hostname(), nonce: "dead", since: "2026-01-01T00:00:00Z" }),
    );
    const [rasterId] = emu.seedRasters(1);
    const { run } = await picterraJson(["rasters", "download", rasterId!, "--out", out], emu);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it("takers racing for one dead lock: exactly one gets it; a live or another host's lock is refused", async () => {
    const dir = tempDir();
    const path = join(dir, "journal.jsonl.lock");
    const alive = new Set<number>();
    const identity = (pid: number, host = "here"): LockIdentity => {
      alive.add(pid);
      return { pid, hostname: host, isAlive: (p) => alive.has(p) };
    };
    for (let round = 0; round < 20; round++) {
      const dead = 10_000 + round;
      writeFileSync(path, JSON.stringify({ pid: dead, hostname: "here", nonce: `n${round}`, since: "then" }));
      const takers = Array.from({ length: 8 }, (_, i) => identity(100 * round + i + 1));
      const outcomes = await Promise.allSettled(takers.map((me) => JournalLock.acquire(path, "j", me)));
      const held = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      expect(held).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(UsageError);
      expect(JSON.parse(readFileSync(path, "utf8")).nonce).toBe(held[0]!.owner.nonce);
      await held[0]!.release();
      expect(existsSync(path)).toBe(false);
    }
    const holder = await JournalLock.acquire(path, "j", identity(1));
    await expect(JournalLock.acquire(path, "j", identity(2))).rejects.toThrow(/another run \(pid 1 on here/);
    await holder.release();
    writeFileSync(path, JSON.stringify({ pid: 99_999, hostname: "elsewhere", nonce: "x", since: "then" }));
    await expect(JournalLock.acquire(path, "j", identity(3))).rejects.toThrow(/If that run is gone, delete/);
    // A lock file that names no run (edited, or a nonce that would be a path) is never taken over.
    writeFileSync(path, JSON.stringify({ pid: 10_001, hostname: "here", nonce: "../../x", since: "then" }));
    await expect(JournalLock.acquire(path, "j", identity(4))).rejects.toThrow(/which names no run/);
  });
});
