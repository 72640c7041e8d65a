#!/usr/bin/env node
// Where our time goes: CPU profiles (`node --cpu-prof`) of the client and of the emulator, each in its own
// process, for one case, and a summary of them by category and by package, in µs per unit of work.
//
//   pnpm build && node scripts/bench/profile.mjs <get1|get16|list|download|first-call|all> [--calls 3000] [--mib 256]
//                                                [--rounds 3] [--interval 100] [--out .bench-profiles]
//
// Writes <out>/<case>/{client,emulator}.cpuprofile (open them in Chrome DevTools or speedscope) and
// <out>/<case>/summary.md, and prints the summary. Only the measured stretches count (each after a warm-up):
// the worker records their start and end on the profiles' clock.
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { analyze, loadProfile, on, packageOf } from "./cpuprofile.mjs";
import { firstCallPhases } from "./profile-first-call.mjs";
import { ROOT, killChildren, rasterIds, runChild, startServer } from "./lib.mjs";
import { fmt, table } from "./report-format.mjs";

const U = "undici (Node's fetch)";
const OF = "openapi-fetch";
const CORE = "@picterra/core";

/** Categories of the client's API samples, most specific first: a sample goes to the first that matches. */
const API_RULES = [
  ["idle: waiting for the emulator, the kernel, the network", on.leaf("(idle)")],
  ["GC (main thread)", on.leaf("(garbage collector)")],
  ["JSON parsing (undici `parseJSONFromBytes`: UTF-8 decode + `JSON.parse`)", on.fn(U, "parseJSONFromBytes")],
  ["openapi-fetch: header merging (`mergeHeaders` → `new Headers`)", on.fn(OF, "mergeHeaders")],
  // undici's bundle names fetch's Request class `_Request`, and its `fetch` `fetch2`.
  [
    "undici `fetch()`: its own `new Request(input)` of the Request it is given",
    on.under(U, "fetch2", U, "_Request"),
  ],
  ["openapi-fetch: `new Request()` (URL, init, headers, signal)", on.under(OF, "coreFetch", U, "_Request")],
  [
    "undici `fetch()`: the rest of the call (fetching, dispatcher request, writing it to the socket)",
    on.fn(U, /^fetch2?$/),
  ],
  ["openapi-fetch: the rest (URL and query, middleware loop, response checks)", on.pkg(OF)],
  [
    "core's own per-call work (validation, timeout signal and timer, status check, bookkeeping)",
    on.pkg(CORE),
  ],
  ["undici: response side (llhttp parsing, Headers, body stream, promise plumbing)", on.pkg(U)],
  ["V8 (program: compiler, runtime, IC misses)", on.leaf("(program)")],
  ["other (node net, timers, microtask queue, the bench loop)", on.any()],
];

/** Categories of the client's download samples. */
const DOWNLOAD_RULES = [
  ["idle: waiting (socket, disk writes and fsync on the thread pool)", on.leaf("(idle)")],
  ["GC (main thread)", on.leaf("(garbage collector)")],
  ["`Buffer.concat` of a writev batch (one more copy of every byte)", on.fn("node buffer", "concat")],
  [
    "file writes (FileHandle.write/writev, fs.write: the call into libuv)",
    (s) =>
      s.some(
        (f) =>
          packageOf(f) === "node fs" &&
          /^(write|writev|writeAll|_write|_writev|writevAll)$/.test(f.functionName),
      ),
  ],
  ["@picterra/node-fs own code (ByteCounter, progress, its writer)", on.leafPkg("@picterra/node-fs")],
  ["socket reads and HTTP parsing (node net, node http, llhttp)", on.leafPkg("node net", "node http")],
  [
    "stream machinery (pipeline, Readable/Writable buffering, events)",
    on.leafPkg("node streams", "node events/AbortSignal"),
  ],
  [
    "API call (getRasterDownloadUrl, through core)",
    (s) => s.some((f) => [CORE, OF, U].includes(packageOf(f))),
  ],
  ["V8 (program)", on.leaf("(program)")],
  ["other", on.any()],
];

/**
 * Costs that cut across the categories (a sample can be in several): each counts the samples whose stack
 * holds such a frame anywhere, so that "what would removing X save" has a number.
 */
const CROSS_CUTTING = [
  [
    "AbortController / AbortSignal / EventTarget work, anywhere",
    (s) => s.some((f) => /abort_controller|event_target/.test(f.url)),
  ],
  [
    "web streams (the response body as a ReadableStream), anywhere",
    (s) => s.some((f) => /webstreams|js_transferable/.test(f.url)),
  ],
  [
    "socket writes (the write syscall, in the `writeLatin1String`/`writev`/`writeBuffer` builtins)",
    (s) => /^(writeLatin1String|writeUtf8String|writev|writeBuffer)$/.test(s.at(-1)?.functionName ?? ""),
  ],
  [
    "undici's Headers (new Headers, set, append, validation), anywhere",
    on.fn(U, /^_?Headers$|^(set|append)$/),
  ],
];

const EMULATOR_RULES = [
  ["idle", on.leaf("(idle)")],
  ["GC", on.leaf("(garbage collector)")],
  ["busy", on.any()],
];

const CASES = ["get1", "get16", "list", "download", "first-call"];

const USAGE = `usage: node scripts/bench/profile.mjs <${CASES.join("|")}|all> [--calls n] [--mib n] [--rounds n] [--interval µs] [--loops n] [--out dir]`;

/** The cases and options of a profile run, through `node:util`'s parseArgs. */
function profileArgs(argv) {
  const defaults = { calls: 3000, mib: 256, interval: 100, loops: 10, rounds: 3 };
  const options = Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: "string" }]));
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: { ...options, out: { type: "string", default: join(ROOT, ".bench-profiles") } },
    allowPositionals: true,
  });
  const opts = { out: values.out };
  for (const [name, fallback] of Object.entries(defaults)) {
    opts[name] = values[name] === undefined ? fallback : Number(values[name]);
    if (!(opts[name] > 0)) throw new Error(`--${name} needs a positive number\n${USAGE}`);
  }
  const cases = positionals.flatMap((a) => (a === "all" ? CASES : [a]));
  for (const c of cases) {
    if (!CASES.includes(c)) throw new Error(`unknown case ${c}: ${CASES.join(", ")} or all`);
  }
  if (cases.length === 0) throw new Error(USAGE);
  return { cases, opts };
}

/** No profile for the first call: its phases come from timing variants of the process (see that module). */
async function firstCallCase(opts) {
  const emulator = await startServer("emulator-process.mjs", { seedRasters: 1 });
  try {
    const url = emulator.url.replace(/\/+$/, "");
    const [rasterId] = await rasterIds({ url, apiKey: emulator.apiKey }, 1);
    const md = await firstCallPhases({ url, apiKey: emulator.apiKey, rasterId });
    await mkdir(join(opts.out, "first-call"), { recursive: true });
    await writeFile(join(opts.out, "first-call", "summary.md"), `${md}\n`);
    return md;
  } finally {
    killChildren();
  }
}

async function profileCase(name, opts) {
  if (name === "first-call") return firstCallCase(opts);
  const dir = join(opts.out, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const prof = (file) => [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${file}`,
    `--cpu-prof-interval=${opts.interval}`,
  ];
  const download = name === "download";
  const storage = download ? mkdtempSync("/dev/shm/picterra-profile-") : undefined;
  const emulator = await startServer(
    "emulator-process.mjs",
    { seedRasters: download ? 10 : 10_000, pageSize: 100, ...(storage ? { dataDir: storage } : {}) },
    { flags: prof("emulator.cpuprofile") },
  );
  let result;
  try {
    result = await runChild(
      "profile-worker.mjs",
      {
        case: name,
        url: emulator.url.replace(/\/+$/, ""),
        apiKey: emulator.apiKey,
        calls: opts.calls,
        mib: opts.mib,
        loops: opts.loops,
        rounds: opts.rounds,
        dir,
      },
      { flags: ["--expose-gc", ...prof("client.cpuprofile")], timeoutMs: 900_000 },
    );
  } finally {
    // Closing stdin ends the emulator cleanly, which writes its profile.
    emulator.child.stdin.end();
    await once(emulator.child, "close");
    if (storage) await rm(storage, { recursive: true, force: true });
  }
  await writeFile(join(dir, "windows.json"), `${JSON.stringify(result.windows, null, 1)}\n`);
  const client = loadProfile(join(dir, "client.cpuprofile"));
  const server = loadProfile(join(dir, "emulator.cpuprofile"));
  const rules = download ? DOWNLOAD_RULES : API_RULES;
  const parts = [
    `## ${name}\n\nProfiles: \`${dir}/client.cpuprofile\`, \`${dir}/emulator.cpuprofile\` (sampling every ${opts.interval} µs).`,
  ];
  const overview = [];
  // The rounds of one side make one stretch: their samples, units and times add up.
  const sides = new Map();
  for (const w of result.windows) {
    const s = sides.get(w.label);
    if (!s) sides.set(w.label, { ...w, spans: [[w.t0, w.t1]], rounds: [w.ms] });
    else {
      s.spans.push([w.t0, w.t1]);
      s.rounds.push(w.ms);
      s.units += w.units;
      s.ms += w.ms;
    }
  }
  const compared = [];
  for (const w of sides.values()) {
    const c = analyze(client, { windows: w.spans, rules });
    compared.push({ label: w.label, per: (us) => us / w.units, c });
    const e = analyze(server, { windows: w.spans, rules: EMULATOR_RULES });
    const per = (us) => us / w.units;
    const extra = w.chunkKiB
      ? `; socket chunks ${fmt(w.chunkKiB, 1)} KiB on average${w.writes ? `, ${fmt(w.writes)} write calls a download` : ""}${w.fsyncMs ? `, fsync ${fmt(w.fsyncMs)} ms` : ""}`
      : "";
    overview.push([
      w.label,
      `${fmt(per(w.ms * 1000), 1)} µs`,
      `${fmt(per(c.totalUs - c.idleUs), 1)} µs`,
      `${fmt(per(e.totalUs - e.idleUs), 1)} µs`,
      download
        ? `${fmt(w.medianMs)} ms a download (${fmt((w.units / (w.ms / 1000)) * 1.048576, 0)} MB/s)${extra}`
        : `${fmt(w.units)} ${w.unit}s in ${w.rounds.length} rounds (${w.rounds.map((ms) => fmt((ms * 1000 * w.rounds.length) / w.units, 0)).join(", ")} µs per ${w.unit})`,
    ]);
    const busy = c.totalUs - c.idleUs;
    parts.push(
      `### ${w.label}: client, per ${w.unit}\n\n` +
        table(
          ["category", `µs per ${w.unit}`, "% of busy", "top self-time functions in it"],
          c.categories.map((k) => [
            k.name,
            fmt(per(k.us), 1),
            k.name.startsWith("idle") ? "–" : `${fmt((k.us / busy) * 100, 1)}%`,
            k.top.map(([f, us]) => `${f} ${fmt(per(us), 1)}`).join("; "),
          ]),
        ) +
        "\n\nSelf time by package (leaf frame):\n\n" +
        table(
          ["package", `µs per ${w.unit}`, "% of busy"],
          c.packages
            .filter(([p]) => p !== "(idle)")
            .slice(0, 12)
            .map(([p, us]) => [p, fmt(per(us), 1), `${fmt((us / busy) * 100, 1)}%`]),
        ) +
        "\n\nEmulator, self time by package:\n\n" +
        table(
          ["package", `µs per ${w.unit}`],
          e.packages
            .filter(([p]) => p !== "(idle)")
            .slice(0, 8)
            .map(([p, us]) => [p, fmt(per(us), 1)]),
        ),
    );
  }
  // Every side's categories side by side (µs per unit), in the order of the rules.
  const unit = result.windows[0].unit;
  const comparison = table(
    ["category", ...compared.map((x) => `${x.label} (µs per ${unit})`)],
    rules
      .map(([name]) => name)
      .filter((name) => compared.some((x) => x.c.categories.some((k) => k.name === name)))
      .map((name) => [
        name,
        ...compared.map((x) => fmt(x.per(x.c.categories.find((k) => k.name === name)?.us ?? 0), 1)),
      ]),
  );
  const cross = table(
    ["cross-cutting (inclusive)", ...compared.map((x) => `${x.label} (µs per ${unit})`)],
    CROSS_CUTTING.map(([name, test]) => [
      name,
      ...compared.map((x) => {
        const a = analyze(client, { windows: sides.get(x.label).spans, rules: [[name, test]] });
        return fmt(x.per(a.categories.find((k) => k.name === name)?.us ?? 0), 1);
      }),
    ]),
  );
  parts.splice(
    1,
    0,
    table(["stretch", `wall per unit`, "client busy (main thread)", "emulator busy", "notes"], overview),
    `Client samples by category, per ${unit}:\n\n${comparison}`,
    `The same samples, by what cuts across categories:\n\n${cross}`,
  );
  const md = parts.join("\n\n");
  await writeFile(join(dir, "summary.md"), `${md}\n`);
  return md;
}

try {
  const { cases, opts } = profileArgs(process.argv.slice(2));
  for (const name of cases) {
    console.error(`profiling ${name} ...`);
    console.log(`${await profileCase(name, opts)}\n`);
  }
} finally {
  killChildren();
}
