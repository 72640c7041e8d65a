#!/usr/bin/env node
// `picterra detect` against Picterra's throttle (the emulator's DRF-style sliding window), run by `pnpm bench`
// after scripts/bench.mjs. Not a test: it prints what it measured and exits 0 unless a run crashed.
//
// 1. 600 requests a minute, 100 small rasters, default concurrency: throughput after the first 10 s as a share
//    of the limit, share of requests answered 429, total time.
// 2. The same pipeline one raster at a time (--concurrency 1), the baseline: BENCH_CLI_SERIAL rasters (default
//    20, scaled to 100: it runs far below the limit, so its time grows linearly; BENCH_CLI_SERIAL=100 runs all).
// 3. 60 requests a minute, BENCH_CLI_SLOW rasters (default 10): it must finish, without a storm of 429s.
//
// The emulator answers operations with poll_interval BENCH_CLI_POLL seconds (default 2) and ends them on the
// second poll: Picterra's real operations take longer still, which only favours the concurrent run.
//
// The table goes to stdout and into BENCHMARKS.md (BENCH_CLI_OUT, "-" for none), replacing the section an
// earlier run wrote there.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, distUrl, pngHeader } from "./lib.mjs";

const env = { ...process.env };
const RASTERS = Number(env.BENCH_CLI_RASTERS ?? 100);
const SERIAL = Number(env.BENCH_CLI_SERIAL ?? 20);
const SLOW = Number(env.BENCH_CLI_SLOW ?? 10);
const OUT = env.BENCH_CLI_OUT ?? join(ROOT, "BENCHMARKS.md");
const BEGIN = "<!-- picterra detect: written by scripts/bench/cli-throttle.mjs -->";
const END = "<!-- end of picterra detect -->";
const POLL = Number(env.BENCH_CLI_POLL ?? 2);
const BIN = join(ROOT, "packages", "cli", "bin", "picterra.js");
const { startEmulator } = await import(distUrl("emulator"));

const log = (...args) => console.error("[bench cli]", ...args);

/** Runs `picterra detect` over `count` rasters against an emulator throttled at `perMinute`. */
async function detectRun(label, { perMinute, count, concurrency }) {
  const requests = [];
  const emu = await startEmulator({
    port: 0,
    pollInterval: POLL,
    pollsUntilDone: 1,
    rateLimit: { requestsPerMinute: perMinute },
    log: (entry) => {
      if (!entry.path.startsWith("/public/api/")) return;
      requests.push({ t: Date.now(), status: entry.status });
    },
  });
  const work = await mkdtemp(join(tmpdir(), "picterra-bench-cli-"));
  try {
    const files = [];
    for (let i = 0; i < count; i++) {
      const file = join(work, `tile_${String(i).padStart(3, "0")}.png`);
      await writeFile(file, pngHeader(256, 256));
      files.push(file);
    }
    const childEnv = { ...env, PICTERRA_BASE_URL: emu.siteUrl, PICTERRA_API_KEY: emu.apiKey };
    const detector = JSON.parse(await run(["--json", "detectors", "create"], childEnv)).id;
    requests.length = 0;
    const args = ["--json", "detect", "--detector", detector, ...files, "--out", join(work, "out")];
    if (concurrency) args.push("--concurrency", String(concurrency));
    log(
      `${label}: ${count} rasters at ${perMinute} requests a minute${concurrency ? `, --concurrency ${concurrency}` : ""}`,
    );
    const started = Date.now();
    const summary = JSON.parse(await run(args, childEnv));
    const ms = Date.now() - started;
    if (summary.done !== count) throw new Error(`${label}: ${summary.done} of ${count} done`);
    const accepted = requests.filter((r) => r.status !== 429);
    const throttled = requests.length - accepted.length;
    const after10 = accepted.filter((r) => r.t >= started + 10_000).length;
    const sustained = ms > 10_000 ? after10 / (((ms - 10_000) / 60_000) * perMinute) : Number.NaN;
    let worst = 0;
    for (const r of requests) {
      if (r.status !== 429) continue;
      worst = Math.max(
        worst,
        requests.filter((q) => q.status === 429 && q.t >= r.t && q.t < r.t + 10_000).length,
      );
    }
    const result = {
      label,
      perMinute,
      count,
      seconds: ms / 1000,
      requests: requests.length,
      throttled,
      throttledShare: throttled / requests.length,
      sustained,
      worst429sIn10s: worst,
      cliSaw: summary.requests,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await emu.close();
    await rm(work, { recursive: true, force: true });
  }
}

function run(args, childEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: childEnv,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
    });
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`picterra ${args[1]} exited ${code}`)),
    );
  });
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const fast = await detectRun("concurrent", { perMinute: 600, count: RASTERS });
const serial = await detectRun("one at a time", { perMinute: 600, count: SERIAL, concurrency: 1 });
const serialFor100 = (serial.seconds * RASTERS) / SERIAL;
const slow = await detectRun("at 60 a minute", { perMinute: 60, count: SLOW });

const section = `
## \`picterra detect\` against Picterra's throttle (emulator, poll_interval ${POLL} s)

Written by \`node scripts/bench/cli-throttle.mjs\` (the last step of \`pnpm bench\`) on ${new Date().toISOString()}.
The emulator throttles like Picterra (a sliding window of requests a minute per key); the bin runs in its own
process, as a user runs it.
`;
const table = `
| run | rasters | time | API requests | answered 429 | throughput after 10 s |
|---|---|---|---|---|---|
| 600/min, default concurrency | ${fast.count} | ${fast.seconds.toFixed(1)} s | ${fast.requests} | ${fast.throttled} (${pct(fast.throttledShare)}) | ${pct(fast.sustained)} of the limit |
| 600/min, --concurrency 1 | ${serial.count} | ${serial.seconds.toFixed(1)} s (${serialFor100.toFixed(0)} s for ${RASTERS}) | ${serial.requests} | ${serial.throttled} | ${pct(serial.sustained)} |
| 60/min, default concurrency | ${slow.count} | ${slow.seconds.toFixed(1)} s | ${slow.requests} | ${slow.throttled} (${pct(slow.throttledShare)}, at most ${slow.worst429sIn10s} in any 10 s) | ${pct(slow.sustained)} |

Concurrent vs one at a time: ${(serialFor100 / fast.seconds).toFixed(1)}× faster over ${RASTERS} rasters.
Targets: ≥ 90% of the limit after 10 s, ≤ 2% answered 429, ≥ 4× faster; 60/min finishes without a storm.
`;
console.log(section + table);
if (OUT !== "-") {
  const before = await readFile(OUT, "utf8").catch(() => "");
  const start = before.indexOf(BEGIN);
  const end = before.indexOf(END);
  const kept = start >= 0 && end > start ? before.slice(0, start) + before.slice(end + END.length) : before;
  await writeFile(OUT, `${kept.trimEnd()}\n\n${BEGIN}\n${section}${table}${END}\n`);
  log(`wrote its section into ${OUT}`);
}
