// The options of `pnpm bench`, with their defaults in one place. Flags win over the environment variables
// kept from earlier versions (BENCH_ONLY, BENCH_RUNS, BENCH_RUNS_BYTES, BENCH_SIZE_MIB, BENCH_OUT).
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./lib.mjs";

/** Every case, in the order they run. */
export const CASES = [
  "upload",
  "download",
  "storage",
  "get1",
  "get16",
  "list",
  "first-call",
  "nongeo",
  "bundle",
];

/** Names for several cases at once. */
const GROUPS = {
  api: ["get1", "get16", "list"],
  get: ["get1", "get16"],
  transfers: ["upload", "download"],
  peer: ["upload", "download", "get1", "get16", "list", "first-call"],
};

/** The flags, for `node:util`'s parseArgs. */
const FLAGS = {
  help: { type: "boolean", short: "h" },
  quick: { type: "boolean" },
  only: { type: "string" },
  runs: { type: "string" },
  "byte-runs": { type: "string" },
  "size-mib": { type: "string" },
  "first-call-runs": { type: "string" },
  out: { type: "string" },
  "compare-core": { type: "string" },
};

const DEFAULTS = { runs: 10, byteRuns: 5, sizeMiB: 1024, firstCallRuns: 10, nongeoRuns: 30 };
const QUICK = { runs: 3, byteRuns: 2, sizeMiB: 256, firstCallRuns: 5, nongeoRuns: 10 };

export const USAGE = `usage: pnpm bench [-- options]
  --only <cases>        comma-separated: ${CASES.join(", ")}; or the groups ${Object.keys(GROUPS).join(", ")}
  --quick               fewer runs (API ${QUICK.runs}, transfers ${QUICK.byteRuns} of ${QUICK.sizeMiB} MiB, first call ${QUICK.firstCallRuns}), no detail sides
  --runs <n>            alternated runs per side of the API cases (default ${DEFAULTS.runs}, after one warm-up)
  --byte-runs <n>       runs per side of the transfers and of storage (default ${DEFAULTS.byteRuns})
  --size-mib <n>        size of the transferred file (default ${DEFAULTS.sizeMiB})
  --first-call-runs <n> fresh processes per side (default ${DEFAULTS.firstCallRuns}, after one warm-up)
  --out <file|->        where the report goes (default BENCHMARKS.md for a full run; printed only (-) otherwise)
  --compare-core <name=dir,...>
                        other builds of core (their dist folders) run as extra sides of the API cases and the
                        first call, alternated with ours in the same runs (e.g. a build without one speed-up)
Environment: BENCH_PYTHON (default python3), BENCH_PROFILE=<dir> (a --cpu-prof per Node child),
BENCH_DIST_<PKG>=<dir> (measure another build of a package).`;

/** Parses argv (a bare `--`, as pnpm may pass it, is skipped) over the environment and the defaults. */
export function parseOptions(argv, env) {
  const args = argv.filter((a) => a !== "--");
  let flags;
  try {
    ({ values: flags } = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${error.message}\n${USAGE}`);
  }

  const base = flags.quick ? QUICK : DEFAULTS;
  const number = (flag, envName, fallback) => {
    const raw = flags[flag] ?? (envName ? env[envName] : undefined);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got ${raw}`);
    return n;
  };
  const onlyRaw = flags.only ?? env.BENCH_ONLY;
  let only;
  if (onlyRaw) {
    only = new Set();
    for (const name of onlyRaw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      // "get" and "list" keep their old meaning (BENCH_ONLY=get ran both concurrencies).
      const names = GROUPS[name] ?? (CASES.includes(name) ? [name] : undefined);
      if (!names) throw new Error(`unknown case ${name}\n${USAGE}`);
      for (const n of names) only.add(n);
    }
  }
  const full = !flags.quick && only === undefined;
  const out = flags.out ?? env.BENCH_OUT ?? (full ? join(ROOT, "BENCHMARKS.md") : "-");
  return {
    help: Boolean(flags.help),
    quick: Boolean(flags.quick),
    cases: CASES.filter((c) => !only || only.has(c)),
    runs: number("runs", "BENCH_RUNS", base.runs),
    byteRuns: number("byte-runs", "BENCH_RUNS_BYTES", base.byteRuns),
    sizeMiB: number("size-mib", "BENCH_SIZE_MIB", base.sizeMiB),
    firstCallRuns: number("first-call-runs", undefined, base.firstCallRuns),
    nongeoRuns: base.nongeoRuns,
    out,
    compareCore: compareBuilds(flags["compare-core"]),
    argv: args,
  };
}

/** `name=dir,name=dir` as [{ name, dir }]: builds of core to measure beside ours. */
function compareBuilds(raw) {
  if (raw === undefined) return [];
  return raw
    .split(",")
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const dir = pair.slice(at + 1).trim();
      if (at < 1 || !/^[\w-]+$/.test(name) || !dir) {
        throw new Error(
          `--compare-core takes name=dir pairs (name: letters, digits, - and _), got ${pair}\n${USAGE}`,
        );
      }
      return { name, dir };
    });
}
