// The first call from a fresh process, split into phases by difference: each variant below is a fresh
// process timed from spawn to exit, the variants alternated, `runs` times each. Used by
// `node scripts/bench/profile.mjs first-call`.
import { join } from "node:path";
import { BENCH_DIR, alternate, distUrl, median, timeProcess } from "./lib.mjs";
import { PYTHON_DIR, findPython } from "./python.mjs";
import { fmt, table } from "./report-format.mjs";

/** Median spawn-to-exit times of the variants, as a markdown section. */
export async function firstCallPhases({ url, apiKey, rasterId, runs = 15 }) {
  const env = { ...process.env, PICTERRA_API_KEY: apiKey, PICTERRA_BASE_URL: url };
  const node = process.execPath;
  const core = distUrl("core");
  const first = join(BENCH_DIR, "first-call.mjs");
  const variants = {
    "node -e 0 (start and exit)": [node, ["-e", "0"]],
    "node: import @picterra/core only": [
      node,
      ["--input-type=module", "-e", `await import(${JSON.stringify(core)})`],
    ],
    "node: import + createClient + getRaster (the bench's side)": [node, [first, core, rasterId]],
    "node --liftoff-only: the same, V8 never tiers up WebAssembly": [
      node,
      ["--liftoff-only", first, core, rasterId],
    ],
    "node: one raw fetch, no client": [node, [join(BENCH_DIR, "first-call-fetch.mjs"), rasterId]],
    "node: one node:http GET (no fetch, no undici)": [
      node,
      [join(BENCH_DIR, "first-call-http.mjs"), rasterId],
    ],
  };
  const python = findPython();
  if (python) {
    Object.assign(variants, {
      "python3 -c 0 (start and exit)": [python.exe, ["-c", "0"]],
      "python3: import requests only": [python.exe, ["-c", "import requests"]],
      "python3: import + session + get_raster (the bench's side)": [
        python.exe,
        [join(PYTHON_DIR, "first_call.py"), rasterId],
      ],
    });
  }
  const names = Object.keys(variants);
  const all = await alternate(names, runs, (name) => timeProcess(...variants[name], env));
  const m = Object.fromEntries(names.map((n) => [n, median(all[n])]));
  const rows = names.map((n) => [n, `${fmt(m[n], 1)} ms`, all[n].map((x) => x.toFixed(0)).join(" ")]);
  const [boot, imp, full, liftoff, raw, http] = names.map((n) => m[n]);
  const phases = [
    ["Node start and exit", boot],
    ["importing @picterra/core (and openapi-fetch)", imp - boot],
    [
      "createClient + the first getRaster (undici loaded, llhttp WebAssembly compiled, the call)",
      liftoff - imp,
    ],
    ["the exit waiting for V8's background tier-up of undici's WebAssembly", full - liftoff],
  ].map(([what, ms]) => [what, `${fmt(ms, 1)} ms`]);
  return (
    `## first-call\n\nMedians of ${runs} fresh processes per variant, alternated, spawn to exit (the emulator in another process).\n\n` +
    table(["variant", "median", "runs (ms)"], rows) +
    "\n\nOur first call, by difference:\n\n" +
    table(["phase", "ms"], phases) +
    `\n\nFor reference: raw fetch ${fmt(raw, 1)} ms, node:http ${fmt(http, 1)} ms.`
  );
}
