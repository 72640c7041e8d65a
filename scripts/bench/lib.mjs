// Shared helpers of `pnpm bench`: where the built packages are, child processes that answer one JSON line,
// sides alternated run by run, medians, peak-RSS measurement, and the plumbing the workers share.
import { spawn } from "node:child_process";
import { transform } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BENCH_DIR = import.meta.dirname;
export const MiB = 1024 * 1024;

/**
 * The built (dist) entry of a workspace package, as an importable URL: by default the file a Node program gets
 * for `import "<package>"` (its `node` export condition when it has one: core's node:http transport), so that
 * the bench measures what users run. BENCH_DIST_<PKG> (e.g. BENCH_DIST_NODE_FS=/tmp/node-fs-fix/dist) points
 * at another build, to measure a prototype fix.
 */
export function distUrl(pkg, file = nodeEntry(pkg)) {
  const env = { ...process.env };
  const dir =
    env[`BENCH_DIST_${pkg.toUpperCase().replace(/-/g, "_")}`] ?? join(ROOT, "packages", pkg, "dist");
  return pathToFileURL(join(dir, file)).href;
}

/** The file a Node program imports of another build of a package (`--compare-core`), in its dist folder `dir`. */
export function buildUrl(dir, pkg = "core") {
  return pathToFileURL(join(dir, nodeEntry(pkg))).href;
}

/** The dist file of a package's "." export that Node's ESM resolution picks. */
function nodeEntry(pkg) {
  const manifest = JSON.parse(readFileSync(join(ROOT, "packages", pkg, "package.json"), "utf8"));
  const main = manifest.exports?.["."];
  const target = main?.node?.import?.default ?? main?.import?.default ?? "./dist/index.js";
  return target.replace(/^\.\/dist\//, "");
}

/** Prefix of the one stdout line a child uses to hand its result back. */
export const RESULT_PREFIX = "BENCH_RESULT ";

/** Called by a child: prints its result where `runChild` looks for it. */
export function reply(value) {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

/** Node flags of every measuring child; BENCH_PROFILE=dir adds a CPU profile per child into `dir`. */
export function childFlags() {
  const env = { ...process.env };
  const flags = ["--expose-gc"];
  if (env.BENCH_PROFILE) flags.push("--cpu-prof", `--cpu-prof-dir=${env.BENCH_PROFILE}`);
  if (env.BENCH_HEAP_PROFILE) {
    flags.push("--heap-prof", `--heap-prof-dir=${env.BENCH_HEAP_PROFILE}`);
  }
  return flags;
}

const children = new Set();

/** Kills every child still running (at exit, or when a case fails half-way). */
export function killChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
}

/**
 * Runs `node <script> <json>` in a fresh process and resolves with the JSON it replies. Rejects with its
 * stderr when it exits without a result, or after `timeoutMs`.
 */
export async function runChild(script, input, options = {}) {
  const { flags = childFlags(), ...rest } = options;
  const args = [...flags, join(BENCH_DIR, script), JSON.stringify(input)];
  try {
    return await runProcess(process.execPath, args, rest);
  } catch (error) {
    // Another build rewriting dist/ at that moment (turbo cleans it first): try once more.
    if (!/ERR_MODULE_NOT_FOUND|Cannot find module/.test(String(error.message))) throw error;
    await new Promise((r) => setTimeout(r, 10_000));
    return runProcess(process.execPath, args, rest);
  }
}

/** Runs any program that answers one `BENCH_RESULT <json>` line (a Node child, the Python peer). */
export function runProcess(exe, args, { timeoutMs = 120_000, env } = {}) {
  const name = args.find((a) => /\.(mjs|py)$/.test(a)) ?? exe;
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { stdio: ["ignore", "pipe", "pipe"], ...(env ? { env } : {}) });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} timed out after ${timeoutMs} ms\n${err.slice(-2000)}`));
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (line && code === 0) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)));
      else
        reject(
          new Error(`${name} ${args.at(-1)?.slice(0, 60)} exited ${code ?? signal}\n${err.slice(-2000)}`),
        );
    });
  });
}

/**
 * A long-lived child that answers one result line per command written to its stdin (the API workers, Node
 * and Python). `ready` resolves with its first line; `ask(command)` with the line answering that command.
 */
export function converse(exe, args) {
  const child = spawn(exe, args, { stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  const waiting = [];
  let err = "";
  let ended;
  const fail = (error) => {
    ended = error;
    for (const w of waiting.splice(0)) w.reject(error);
  };
  child.stderr.on("data", (d) => {
    err = (err + d).slice(-4000);
  });
  eachLine(child.stdout, (line) => {
    if (line.startsWith(RESULT_PREFIX))
      waiting.shift()?.resolve(JSON.parse(line.slice(RESULT_PREFIX.length)));
  });
  child.on("error", fail);
  child.on("close", (code, signal) => {
    children.delete(child);
    fail(new Error(`${args.find((a) => /\.(mjs|py)$/.test(a))} exited ${code ?? signal}\n${err}`));
  });
  const next = () =>
    ended ? Promise.reject(ended) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next();
  return {
    ready,
    pid: child.pid,
    ask(command) {
      const answer = next();
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return answer;
    },
    close() {
      child.stdin.end();
    },
  };
}

/**
 * Starts a long-lived child server that prints one result line once it listens; resolves with that value and
 * the child (killed by `killChildren`; closing its stdin ends it cleanly, e.g. so that it writes a profile).
 */
export function startServer(script, input, { timeoutMs = 120_000, flags = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, join(BENCH_DIR, script), JSON.stringify(input)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    children.add(child);
    let out = "";
    let err = "";
    let done = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs} ms\n${err.slice(-2000)}`));
    }, timeoutMs);
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (line && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ ...JSON.parse(line.slice(RESULT_PREFIX.length)), child });
      }
    });
    child.on("close", (code, signal) => {
      children.delete(child);
      if (!done) {
        clearTimeout(timer);
        reject(new Error(`${script} exited ${code ?? signal} before it was ready\n${err.slice(-2000)}`));
      }
    });
  });
}

/** Wall time of one process from spawn to exit, in ms; rejects with its stderr when it fails. */
export function timeProcess(exe, args, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(exe, args, { stdio: ["ignore", "ignore", "pipe"], env });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(" ")} exited ${code ?? signal}\n${err.slice(-2000)}`));
    });
  });
}

/**
 * One warm-up run of every side (not counted), then `runs` runs, the order rotating every run (a, b, c; b, c,
 * a; ...) so that no side always goes first. `measure(name)` runs one side once; resolves with each side's
 * results, in run order.
 */
export async function alternate(names, runs, measure) {
  const all = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run <= runs; run++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + run) % names.length];
      const result = await measure(name);
      if (run > 0) all[name].push(result);
    }
  }
  return all;
}

/** The first `n` raster ids of the emulator at `url` (without its trailing slash), with a plain fetch. */
export async function rasterIds({ url, apiKey }, n) {
  const res = await fetch(`${url}/rasters/?page_number=1&page_size=${n}`, {
    headers: { "X-Api-Key": apiKey },
  });
  if (!res.ok) throw new Error(`listing the ids: ${res.status}`);
  const ids = (await res.json()).results.map((r) => r.id);
  if (ids.length < n) throw new Error(`expected ${n} rasters, the emulator has ${ids.length}`);
  return ids;
}

/**
 * The start of a PNG that the emulator reads as a `width` × `height` 8-bit grey image: the signature and the
 * IHDR chunk (its CRC left zero). The bench's rasters are this header and a hole, or this header alone.
 */
export function pngHeader(width, height) {
  const header = Buffer.alloc(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  header.write("IHDR", 12, "latin1");
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([8, 0, 0, 0, 0], 24);
  return header;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the ")".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Measures the peak RSS growth of `fn()`: RSS after a full GC just before, against the kernel's high-water
 * mark (VmHWM, reset through /proc/self/clear_refs) and, as a cross-check, samples every 5 ms.
 */
export async function measurePeakRss(fn) {
  const gc = globalThis.gc ?? (() => {});
  gc();
  gc();
  const before = process.memoryUsage.rss();
  let kernelPeak = false;
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    kernelPeak = true;
  } catch {
    // not Linux, or not allowed: the samples below still give a (lower) bound
  }
  let sampled = before;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > sampled) sampled = rss;
  }, 5);
  const t0 = performance.now();
  let value;
  try {
    value = await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  const hwm = kernelPeak ? vmHwm() : undefined;
  const peak = Math.max(sampled, hwm ?? 0);
  return {
    value,
    ms,
    rssBefore: before,
    peakGrowth: peak - before,
    sampledGrowth: sampled - before,
    kernelPeak,
  };
}

function vmHwm() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : undefined;
}

// ---- what the workers share ----------------------------------------------------------------------------------

/** Calls `fn` with every line `stream` delivers (a child's stdout, a worker's stdin), without its newline. */
export function eachLine(stream, fn) {
  createInterface({ input: stream }).on("line", fn);
}

/**
 * The CLI's worker pool (`runPool` of packages/cli/src/bulk/pool.ts, the one `picterra` runs bulk commands
 * with), its types stripped by esbuild: one pool for the CLI and the bench.
 */
async function cliPool() {
  const source = readFileSync(join(ROOT, "packages", "cli", "src", "bulk", "pool.ts"), "utf8");
  const { code } = await transform(source, { loader: "ts", format: "esm" });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}
const { runPool } = await cliPool();
const NEVER = new AbortController().signal;

/**
 * `call(item)` for every item, `concurrency` at a time (the CLI's pool); resolves with how many calls answered
 * an object with an `id` (a raster), and rejects with the first failure once all have settled.
 */
export async function pool(items, concurrency, call) {
  const outcomes = await runPool(items, concurrency, NEVER, (item) => call(item));
  const failed = outcomes.find((o) => !o.ok);
  if (failed) throw failed.error;
  return outcomes.filter((o) => o.value?.id).length;
}

/** A `node:http` GET of JSON (`agent`: a keep-alive one, `headers`: core's); rejects on a status other than 200. */
export function httpGetJson(url, { agent, headers }) {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      });
    }).on("error", reject);
  });
}
