// "emulator storage vs trivial node:http": the emulator's signed-URL storage against a trivial node:http server
// that pipes a PUT to a file and streams the file back, the same client for both, each round (PUT then GET) in
// a fresh process, the sides alternated run by run after one warm-up of each.
import { alternate, median, runChild, startServer } from "./lib.mjs";

const TIMEOUT_MS = 300_000;

/** { emulator, trivial }: each { put, get } with { runsMs, mbps }; and the ratios emulator ÷ trivial. */
export async function storageCase({ common, dir, runs, log }) {
  const trivial = await startServer("file-server-process.mjs", { dir });
  try {
    const input = { ...common, trivialUrl: trivial.url };
    const pids = { emulator: common.emulatorPid, trivial: trivial.pid };
    const all = await alternate(["emulator", "trivial"], runs, async (side) => {
      const r = await runChild(
        "storage-worker.mjs",
        { ...input, side, serverPid: pids[side] },
        { timeoutMs: TIMEOUT_MS },
      );
      const mbps = (ms) => (common.size / 1e6 / (ms / 1000)).toFixed(0);
      log(
        `  ${side.padEnd(9)} PUT ${mbps(r.putMs)} MB/s (server ${r.putCpu.toFixed(2)} CPU s), GET ${mbps(r.getMs)} MB/s (${r.getCpu.toFixed(2)} CPU s)`,
      );
      return r;
    });
    const gib = common.size / 2 ** 30;
    const summary = (rounds, key) => {
      const runsMs = rounds.map((r) => r[`${key}Ms`]);
      const cpuPerGiB = median(rounds.map((r) => r[`${key}Cpu`])) / gib;
      return { runsMs, mbps: common.size / 1e6 / (median(runsMs) / 1000), cpuPerGiB };
    };
    const sides = Object.fromEntries(
      Object.entries(all).map(([side, rounds]) => [
        side,
        { put: summary(rounds, "put"), get: summary(rounds, "get") },
      ]),
    );
    return {
      ...sides,
      ratio: {
        put: sides.emulator.put.mbps / sides.trivial.put.mbps,
        get: sides.emulator.get.mbps / sides.trivial.get.mbps,
      },
    };
  } finally {
    trivial.child.stdin.end();
  }
}
