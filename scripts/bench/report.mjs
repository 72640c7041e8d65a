// BENCHMARKS.md: the tables of one `pnpm bench` run, how they were measured, and "Where the time goes" (kept
// in scripts/bench/where-the-time-goes.md, written from `node scripts/bench/profile.mjs` runs).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_DIR } from "./lib.mjs";
import { fmt, mibs, pct, table } from "./report-format.mjs";
import { comparedRows, rows } from "./report-rows.mjs";

function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    // not Linux
  }
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // no coreutils
  }
  return { model, nproc };
}

function command(run) {
  const args = run.options.argv;
  return args.length ? `pnpm bench -- ${args.join(" ")}` : "pnpm bench";
}

/** How many runs the cases of this run made, for the cases it ran. */
function runsText(run) {
  const { options: o, results: r } = run;
  const parts = [];
  if (r.get1 || r.get16 || r.list)
    parts.push(`${o.runs} alternated runs per side after a warm-up for the API cases`);
  if (r.upload || r.download || r.storage)
    parts.push(`${o.byteRuns} per side for the ${fmt(run.size / 2 ** 20)} MiB transfers`);
  if (r.firstCall) parts.push(`${o.firstCallRuns} fresh processes per side for the first call`);
  if (r.nongeo) parts.push(`${o.nongeoRuns} for nongeo`);
  return parts.join(", ") || "no case ran";
}

function runsDetail(run) {
  const r = run.results;
  const out = [];
  const transfers = [];
  const s = (label, x) => {
    if (x)
      transfers.push([
        label,
        x.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(" "),
        fmt(x.mbps),
        mibs(x.rssMedian),
        mibs(x.rssMax),
        pct(x.cpu),
        pct(x.serverCpu),
      ]);
  };
  if (r.upload) {
    s("ours: uploadRaster (all steps)", r.upload.ours);
    s("ours: uploadRaster (PUT phase)", r.upload.oursPut);
    s("Python: upload (all steps)", r.upload.python);
    s("wire: `node:http` PUT → emulator", r.upload.raw);
    s("node-fs PUT → sink", r.upload.sinkOurs);
    s("`node:http` PUT → sink", r.upload.sink);
    s("Python PUT → sink", r.upload.sinkPython);
    s("fetch PUT (openAsBlob) → sink", r.upload.sinkFetch);
  }
  if (r.download) {
    s("ours: downloadRasterToFile", r.download.ours);
    s("Python: download, temp + fsync + rename", r.download.python);
    s("wire: `http.get` → temp + fsync + rename", r.download.rawAtomic);
    s("Python: download as the client does", r.download.pythonPlain);
    s("`http.get` → file, no fsync", r.download.raw);
    s("`http.get` ← in-memory source", r.download.sink);
    s("Python `iter_content` ← in-memory source", r.download.sinkPython);
    s("fetch GET ← in-memory source", r.download.sinkFetch);
    s("ours ← in-memory source, into RAM", r.download.ramOurs);
    s("`http.get` ← in-memory source, into RAM, atomic", r.download.ramRawAtomic);
  }
  if (r.storage) {
    for (const side of ["emulator", "trivial"]) {
      for (const [key, label] of [
        ["put", "PUT"],
        ["get", "GET"],
      ])
        transfers.push([
          `storage: ${side === "emulator" ? "emulator" : "trivial `node:http`"} ${label}`,
          r.storage[side][key].runsMs.map((ms) => (ms / 1000).toFixed(2)).join(" "),
          fmt(r.storage[side][key].mbps),
          "–",
          "–",
          "–",
          "–",
        ]);
    }
  }
  if (transfers.length) {
    out.push(
      table(
        ["transfer", "runs (s)", "median MB/s", "peak RSS growth, median", "max", "client CPU", "server CPU"],
        transfers,
      ),
    );
  }
  const api = [];
  for (const [key, label] of [
    ["get1", "getRaster ×1"],
    ["get16", "getRaster ×16"],
    ["list", "listRasters().all()"],
  ]) {
    for (const [side, x] of Object.entries(r[key] ?? {}))
      api.push([label, side, x.runsMs.map((ms) => ms.toFixed(0)).join(" "), fmt(x.medianMs)]);
  }
  if (api.length) out.push(table(["API case", "side", "runs (ms)", "median (ms)"], api));
  if (r.firstCall) {
    out.push(
      table(
        ["first call", "runs (ms)", "median (ms)"],
        Object.entries(r.firstCall).map(([side, x]) => [
          side,
          x.runsMs.map((ms) => ms.toFixed(0)).join(" "),
          fmt(x.medianMs),
        ]),
      ),
    );
  }
  if (r.nongeo) {
    const n = r.nongeo;
    out.push(
      `nongeo: ours ${n.ours.runsMs.map((x) => x.toFixed(0)).join(" ")} ms, plain loop ${n.baseline.runsMs.map((x) => x.toFixed(0)).join(" ")} ms; ` +
        `input ${fmt(n.inputMiB, 1)} MiB of JSON; max |ours − plain| = ${n.maxDiff.toExponential(1)} px.`,
    );
  }
  return out.join("\n\n");
}

function method(run) {
  const { options: o, python } = run;
  return `- One emulator process (\`scripts/bench/emulator-process.mjs\`: ${fmt(run.seedRasters)} seeded rasters, ${run.pageSize} items a page,
  operations that end on their first poll, polled every 10 ms) serves every side; its storage is ${run.storageNote}.
  The client under test always runs in another process, so the client and the server never share an event loop
  (the machine has ${machine().nproc} CPUs: client, emulator and kernel share them).
- **Sides.** *Ours*: the built packages (\`@picterra/core\`, \`@picterra/node-fs\`). *Python*: \`scripts/bench/python/\`,
  ${python ? `Python ${python.version} with requests ${python.requests} (urllib3 ${python.urllib3})` : "(not measured: python3 + requests not found)"}, making the HTTP calls of
  Picterra's Python client the way it makes them (one \`requests.Session\`, \`X-Api-Key\` set by an auth hook, its
  User-Agent, the retrying \`HTTPAdapter\` with its default pool of 10, a 30 s timeout; downloads and uploads through
  plain \`requests.get\`/\`requests.put\` with no session, as the client does). *The Node limit* (wire): no client, the
  least Node code that makes the same requests (raw \`fetch\` for API calls, \`node:http\` for bytes).
- **API cases**: two long-lived workers, \`scripts/bench/api-worker.mjs\` (ours and every Node baseline) and
  \`python/peer.py serve\`; one warm-up run of every side, then ${o.runs} runs, the order rotating every run (ours, Python,
  wire, ...). The Node baselines send exactly the headers core sends (${run.headers?.join(", ") ?? "–"}). CPU is the
  client process's CPU time (all its threads) and the emulator's, over the run's wall time.
- **Transfers**: every run in a fresh process (Node or Python), one untimed warm-up of every target side, then ${o.byteRuns}
  per side, order rotating, each after a \`sync\` (no run pays for the write-back of another). Peak RSS growth = the
  kernel's high-water mark (VmHWM, reset through \`/proc/self/clear_refs\` just before) minus the RSS just before,
  after a full GC, measured the same way in both languages. Both sides make one API call first. The upload source
  is a **sparse** file (reading it costs no disk); downloads go to ${tmpdir()} (a real disk) and are deleted after
  each run, after checking their size. Ours and Python are timed over the whole function (API calls included); the
  wire over its PUT or GET alone (URL created outside the timing), so the wire is the stricter limit. Downloads on
  every target side write a temp file, fsync it, rename it and fsync the folder, as node-fs does.
- **First call**: a fresh process per run, timed from \`spawn\` to its exit, ${o.firstCallRuns} runs per side after one warm-up
  (\`first-call.mjs\`, \`python/first_call.py\`, \`first-call-fetch.mjs\`), the key and base URL in
  \`PICTERRA_API_KEY\`/\`PICTERRA_BASE_URL\`.
- Other rows: "transport choice" runs \`fetch\` (undici) against a trivial \`node:http\` server in another process
  (\`sink-process.mjs\`: drains a PUT, answers a GET from one 1 MiB buffer); "emulator raw" compares the emulator's
  storage with that server. "Emulator storage vs trivial \`node:http\`" (\`pnpm bench -- --only storage\`) times the same
  client's PUT and then GET of the file against the emulator's signed URLs (the API calls around them untimed) and
  against \`file-server-process.mjs\` (pipes a PUT to a file, streams the file back), a fresh process per round,
  the two sides alternated run by run after a warm-up of each. nongeo (\`nongeo-worker.mjs\`): the input of \`packages/nongeo/bench/nongeo.bench.mjs\`.
- Subsets: \`pnpm bench -- --only api\` (or \`get1,get16,list,upload,download,first-call,nongeo,bundle\`, groups
  \`api\`, \`get\`, \`transfers\`, \`peer\`), \`--quick\` (fewer and smaller runs, no detail sides), \`--help\`. A subset
  prints its report; only a full run writes BENCHMARKS.md (or \`--out <file>\`). Profiles: see below.`;
}

/** The whole BENCHMARKS.md of one run. */
export function report(run) {
  const { target, detail, other, notes } = rows(run);
  const compared = comparedRows(run);
  const { model, nproc } = machine();
  const py = run.python
    ? `Python ${run.python.version}, requests ${run.python.requests}, urllib3 ${run.python.urllib3}`
    : "python3 + requests not found: peer not measured";
  const met = target.filter((t) => t[6].startsWith("yes")).length;
  const missed = target.filter((t) => t[6].startsWith("**no**")).length;
  const handWritten = (name) => {
    const file = join(BENCH_DIR, name);
    return existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  };
  const where = handWritten("where-the-time-goes.md");
  const speedUps = handWritten("speed-ups.md");
  const failures = run.failures.length
    ? `\n## Crashed cases\n\n${run.failures.map((f) => `- ${f.name}: ${String(f.error?.message ?? f.error).split("\n")[0]}`).join("\n")}\n`
    : "";
  return `# Benchmarks

Written by \`pnpm bench\` (\`node scripts/bench.mjs\` after a build); not part of the test run.

- date: ${new Date().toISOString()}
- machine: ${nproc} CPUs (\`nproc\`), ${model}; Node ${process.version}; ${py}; ${process.platform} ${process.arch}; load average ${fmt(run.loadBefore, 2)} at the start, ${fmt(run.loadAfter, 2)} at the end
- command: \`${command(run)}\` (${runsText(run)}); took ${fmt(run.elapsedMs / 1000)} s
- result: ${met} of ${target.length} targets met${missed ? `, ${missed} missed` : ""}${run.failures.length ? `; ${run.failures.length} case(s) crashed` : ""}

## Against Picterra's Python client and the Node limit

${table(["case", "ours", "Python + requests (Picterra's client's calls)", "ours ÷ Python (target)", "Node limit", "ours ÷ limit (target)", "met?", "ours / Python / limit"], target)}

Ratios are speeds, from medians: ours ÷ theirs for throughput (higher is better), their time ÷ ours for the first
call. MB/s is 10⁶ bytes per second.

### Where the gaps are (detail sides of the same runs)

${detail.length ? table(["side", "speed", "÷ Node limit", "notes"], detail) : "Not measured in this run (`--quick` skips them)."}
${compared.length ? `\n### Other builds of core (\`--compare-core\`, sides of the same runs)\n\n${table(["build", "case", "ours", "that build", "ours ÷ that build (speed)", "that build's client CPU ÷ ours"], compared)}\n` : ""}
## Other measurements

${other.length ? table(["case", "measured", "baseline", "ratio", "notes"], other) : "None in this run."}

## Notes on missed targets

${notes.length ? notes.map((n) => `- ${n}`).join("\n") : "None: every target measured was met."}
${failures}
## How it is measured

${method(run)}

${speedUps}

${where}

## Every run

${runsDetail(run)}
`;
}
