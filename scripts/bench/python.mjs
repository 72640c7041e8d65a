// The Python peer of `pnpm bench`: finds python3 with `requests`, and runs scripts/bench/python/*.py. When
// there is none, the bench still runs and its report says that the peer was not measured.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { BENCH_DIR, converse, runProcess } from "./lib.mjs";

export const PYTHON_DIR = join(BENCH_DIR, "python");

/**
 * The interpreter (BENCH_PYTHON, default `python3`) with its version and requests', or undefined when it or
 * `requests` is missing.
 */
export function findPython() {
  const exe = { ...process.env }.BENCH_PYTHON || "python3";
  try {
    const out = execFileSync(
      exe,
      [
        "-c",
        "import sys, requests, urllib3; print(sys.version.split()[0], requests.__version__, urllib3.__version__)",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 },
    ).trim();
    const [version, requests, urllib3] = out.split(" ");
    return { exe, version, requests, urllib3 };
  } catch {
    return undefined;
  }
}

/** The long-lived API peer: `ask({ case: "get", concurrency })` answers { ms, count, cpuSeconds }. */
export function pythonApiPeer(python, init) {
  return converse(python.exe, [join(PYTHON_DIR, "peer.py"), "serve", JSON.stringify(init)]);
}

/** One transfer in a fresh Python process: { ms, cpuSeconds, peakGrowth }. */
export function pythonTransfer(python, input, timeoutMs) {
  return runProcess(python.exe, [join(PYTHON_DIR, "peer.py"), "transfer", JSON.stringify(input)], {
    timeoutMs,
  });
}
