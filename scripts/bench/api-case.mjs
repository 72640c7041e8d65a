// The API cases of `pnpm bench`: getRaster ×1,000 (one at a time, 16 in flight) and listRasters().all() over
// 10,000 items, against Python + requests and the wire, alternated run by run across two long-lived workers
// (Node: api-worker.mjs; Python: python/peer.py), after one warm-up run of every side.
import { join } from "node:path";
import { pythonApiPeer } from "./python.mjs";
import { BENCH_DIR, alternate, childFlags, converse, cpuSeconds, median, rasterIds } from "./lib.mjs";

/**
 * The cases, each with the sides of its target row (ours, the Python peer, the wire) and the detail sides that
 * split the gap (measured unless `quick`). A side is { worker: "node" | "python", name, command }.
 */
function caseList(calls, builds) {
  const node = (c, side, extra = {}) => ({ worker: "node", command: { case: c, side, ...extra } });
  // Other builds of core (`--compare-core`): measured in every run, `--quick` or not.
  const compared = (c, extra = {}) =>
    Object.fromEntries(builds.map(({ name }) => [`core:${name}`, node(c, `core:${name}`, extra)]));
  const py = (c, extra = {}) => ({ worker: "python", command: { case: c, poolMaxsize: null, ...extra } });
  return {
    get1: {
      count: calls,
      sides: {
        ours: node("get", "ours"),
        python: py("get", { concurrency: 1 }),
        wire: node("get", "fetch"),
        ...compared("get"),
      },
      details: {
        oursApi: node("get", "oursApi"),
        openapiFetch: node("get", "openapiFetch"),
        http: node("get", "http"),
      },
    },
    get16: {
      count: calls,
      sides: {
        ours: node("get", "ours", { concurrency: 16 }),
        python: py("get", { concurrency: 16 }),
        wire: node("get", "fetch", { concurrency: 16 }),
        ...compared("get", { concurrency: 16 }),
      },
      details: {
        oursApi: node("get", "oursApi", { concurrency: 16 }),
        openapiFetch: node("get", "openapiFetch", { concurrency: 16 }),
        http: node("get", "http", { concurrency: 16 }),
        // The client mounts requests' default adapter (10 connections a host): with 16 threads, 6 calls at a
        // time open a connection and throw it away. This side gives Python a pool as large as its threads.
        pythonPool16: py("get", { concurrency: 16, poolMaxsize: 16 }),
      },
    },
    list: {
      sides: {
        ours: node("list", "ours"),
        python: py("list"),
        wire: node("list", "fetch"),
        ...compared("list"),
      },
      details: {
        oursPages: node("list", "oursPages"),
        openapiFetch: node("list", "openapiFetch"),
        http: node("list", "http"),
      },
    },
  };
}

/**
 * Runs the named cases (`get1`, `get16`, `list`) and returns, per case, each side's
 * { runsMs, medianMs, count, perSecond, clientCpu, emulatorCpu }, plus the headers core sends.
 */
export async function apiCases({ common, python, runs, quick, names, log, builds = [] }) {
  const ids = await rasterIds(common, 1000);
  const nodeWorker = converse(process.execPath, [
    ...childFlags(),
    join(BENCH_DIR, "api-worker.mjs"),
    JSON.stringify({ url: common.url, apiKey: common.apiKey, ids, builds }),
  ]);
  const pyWorker = python
    ? pythonApiPeer(python, { url: common.url, apiKey: common.apiKey, ids })
    : undefined;
  const { headers } = await nodeWorker.ready;
  await pyWorker?.ready;
  const out = { headers };
  try {
    for (const [key, spec] of Object.entries(caseList(ids.length, builds))) {
      if (!names.includes(key)) continue;
      log(`  ${key}`);
      const sides = { ...spec.sides, ...(quick ? {} : spec.details) };
      for (const [name, side] of Object.entries(sides))
        if (side.worker === "python" && !pyWorker) delete sides[name];
      out[key] = await measureSides(sides, runs, { node: nodeWorker, python: pyWorker }, common.emulatorPid);
    }
  } finally {
    nodeWorker.close();
    pyWorker?.close();
  }
  return out;
}

/**
 * Runs the sides alternated (one warm-up run of every side, then `runs` runs, the order rotating every run:
 * ours, python, wire, ...), each by its worker, with the emulator's CPU time over each run.
 */
async function measureSides(sides, runs, workers, emulatorPid) {
  const names = Object.keys(sides);
  const all = await alternate(names, runs, async (name) => {
    const side = sides[name];
    const emu0 = cpuSeconds(emulatorPid);
    const r = await workers[side.worker].ask(side.command);
    const emu1 = cpuSeconds(emulatorPid);
    return { ...r, emulatorSeconds: emu0 === undefined ? Number.NaN : emu1 - emu0 };
  });
  const out = {};
  for (const name of names) {
    const rs = all[name];
    const ms = rs.map((r) => r.ms);
    out[name] = {
      runsMs: ms,
      cpuRuns: rs.map((r) => r.cpuSeconds),
      medianMs: median(ms),
      count: rs[0].count,
      perSecond: rs[0].count / (median(ms) / 1000),
      clientCpu: median(rs.map((r) => r.cpuSeconds / (r.ms / 1000))),
      emulatorCpu: median(rs.map((r) => r.emulatorSeconds / (r.ms / 1000))),
    };
  }
  return out;
}
