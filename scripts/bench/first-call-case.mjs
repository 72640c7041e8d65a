// First call from a fresh process: a new `node` that imports @picterra/core, creates the client and makes one
// getRaster, against a new `python3` that imports requests, creates the session and makes one get_raster;
// each timed from spawn to exit, alternated (ours, python, node with a raw fetch, node with node:http), after
// one warm-up of each.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PYTHON_DIR } from "./python.mjs";
import { BENCH_DIR, distUrl, median } from "./lib.mjs";

/** Wall time of one process from spawn to exit, in ms; rejects when it fails. */
function timeProcess(exe, args, env) {
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
      else reject(new Error(`${args[0]} exited ${code ?? signal}\n${err.slice(-2000)}`));
    });
  });
}

/** { ours, python?, wire, http? }: each { runsMs, medianMs }. */
export async function firstCallCase({ common, python, runs, quick, rasterId }) {
  const env = { ...process.env, PICTERRA_API_KEY: common.apiKey, PICTERRA_BASE_URL: common.url };
  const sides = {
    ours: () =>
      timeProcess(process.execPath, [join(BENCH_DIR, "first-call.mjs"), distUrl("core"), rasterId], env),
    ...(python
      ? { python: () => timeProcess(python.exe, [join(PYTHON_DIR, "first_call.py"), rasterId], env) }
      : {}),
    wire: () => timeProcess(process.execPath, [join(BENCH_DIR, "first-call-fetch.mjs"), rasterId], env),
    ...(quick
      ? {}
      : {
          http: () => timeProcess(process.execPath, [join(BENCH_DIR, "first-call-http.mjs"), rasterId], env),
        }),
  };
  const names = Object.keys(sides);
  const all = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run <= runs; run++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + run) % names.length];
      const ms = await sides[name]();
      if (run > 0) all[name].push(ms);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { runsMs: all[n], medianMs: median(all[n]) }]));
}
