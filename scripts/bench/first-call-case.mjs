// First call from a fresh process: a new `node` that imports @picterra/core, creates the client and makes one
// getRaster, against a new `python3` that imports requests, creates the session and makes one get_raster;
// each timed from spawn to exit, alternated (ours, python, node with a raw fetch, node with node:http), after
// one warm-up of each.
import { join } from "node:path";
import { BENCH_DIR, alternate, buildUrl, distUrl, median, timeProcess } from "./lib.mjs";
import { PYTHON_DIR } from "./python.mjs";

/** { ours, python?, wire, http? }: each { runsMs, medianMs }. */
export async function firstCallCase({ common, python, runs, quick, rasterId, builds = [] }) {
  const env = { ...process.env, PICTERRA_API_KEY: common.apiKey, PICTERRA_BASE_URL: common.url };
  const sides = {
    ours: () =>
      timeProcess(process.execPath, [join(BENCH_DIR, "first-call.mjs"), distUrl("core"), rasterId], env),
    ...(python
      ? { python: () => timeProcess(python.exe, [join(PYTHON_DIR, "first_call.py"), rasterId], env) }
      : {}),
    wire: () => timeProcess(process.execPath, [join(BENCH_DIR, "first-call-fetch.mjs"), rasterId], env),
    // Other builds of core (`--compare-core`), each through its own entry for Node.
    ...Object.fromEntries(
      builds.map(({ name, dir }) => {
        const url = buildUrl(dir);
        return [
          `core:${name}`,
          () => timeProcess(process.execPath, [join(BENCH_DIR, "first-call.mjs"), url, rasterId], env),
        ];
      }),
    ),
    ...(quick
      ? {}
      : {
          http: () => timeProcess(process.execPath, [join(BENCH_DIR, "first-call-http.mjs"), rasterId], env),
        }),
  };
  const names = Object.keys(sides);
  const all = await alternate(names, runs, (name) => sides[name]());
  return Object.fromEntries(names.map((n) => [n, { runsMs: all[n], medianMs: median(all[n]) }]));
}
