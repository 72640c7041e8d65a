// The rows of the bench report: the target table (ours against the Python peer and the Node limit), the
// detail rows that split each gap, the other measurements, and the notes on missed targets.
import { MiB } from "./lib.mjs";
import { cost, fmt, metCell, mibs, pct, ratioCell, times } from "./report-format.mjs";

/** The targets of the issue: minimum ratios ours ÷ peer (speed; higher is better). */
export const TARGETS = {
  get1: { python: 1.5, wire: 0.9 },
  get16: { python: 2, wire: 0.9 },
  list: { python: 1.5, wire: 0.9 },
  download: { python: 1.2, wire: 0.95 },
  upload: { python: 1.1, wire: 0.95 },
  firstCall: { python: 1 },
  /** The emulator's signed-URL storage ÷ a trivial node:http file server, PUT and GET. */
  storage: 0.9,
};
export const RSS_LIMIT = 64 * MiB;

const NO_PEER = "python3 + requests not found: peer not measured";

/**
 * Rows comparing ours with the other builds of core (`--compare-core`), from the same alternated runs: each
 * build's speed, and ours ÷ it as the median and the range of the run-by-run ratios (run i of every side is
 * in the same round).
 */
export function comparedRows(run) {
  const r = run.results;
  const out = [];
  const cases = [
    ["get1", "`getRaster`, one at a time", "calls/s"],
    ["get16", "`getRaster`, 16 in flight", "calls/s"],
    ["list", "`listRasters().all()`", "items/s"],
    ["firstCall", "first call (fresh process)", "ms"],
  ];
  for (const { name } of run.options.compareCore ?? []) {
    for (const [key, label, unit] of cases) {
      const x = r[key];
      const other = x?.[`core:${name}`];
      if (!other) continue;
      // Speed ratios: for throughput their time ÷ ours is ours ÷ theirs; for the first call, too. The client's
      // CPU time of each run (API cases) says the same with less of the machine's noise.
      const spread = (ratios) => {
        const sorted = ratios.sort((a, b) => a - b);
        const mid = sorted[Math.floor(sorted.length / 2)];
        return `${times(mid)} (runs ${times(sorted[0])}–${times(sorted.at(-1))})`;
      };
      const wall = spread(x.ours.runsMs.map((ms, i) => other.runsMs[i] / ms));
      const cpu = x.ours.cpuRuns ? spread(x.ours.cpuRuns.map((s, i) => other.cpuRuns[i] / s)) : "–";
      const speed = unit === "ms" ? `${fmt(other.medianMs)} ms` : `${fmt(other.perSecond)} ${unit}`;
      const ours = unit === "ms" ? `${fmt(x.ours.medianMs)} ms` : `${fmt(x.ours.perSecond)} ${unit}`;
      out.push([`\`${name}\``, label, ours, speed, wall, cpu]);
    }
  }
  return out;
}

/** Target rows, detail rows, other rows and notes, from the results of one run. */
export function rows(run) {
  const { results: r, python } = run;
  const target = [];
  const detail = [];
  const other = [];
  const notes = [];
  const peer = (x, show) => (x ? show(x) : python ? "–" : NO_PEER);
  const check = (ratio, min, what) => ({ ok: Number.isFinite(ratio) ? ratio >= min : undefined, what });

  // ---- API calls
  const api = [
    ["get1", `\`getRaster\` ×${fmt(r.get1?.ours.count)}, one at a time`, "calls/s", "`get_raster` in a loop"],
    [
      "get16",
      `\`getRaster\` ×${fmt(r.get16?.ours.count)}, 16 in flight`,
      "calls/s",
      "`ThreadPoolExecutor(16)`, one session",
    ],
    [
      "list",
      `\`listRasters().all()\`, ${fmt(r.list?.ours.count)} items (${run.pageSize} a page)`,
      "items/s",
      "pages followed by `next`",
    ],
  ];
  for (const [key, name, unit, how] of api) {
    const x = r[key];
    if (!x) continue;
    const t = TARGETS[key];
    const vsPy = x.python ? x.ours.perSecond / x.python.perSecond : Number.NaN;
    const vsWire = x.ours.perSecond / x.wire.perSecond;
    target.push([
      name,
      `${fmt(x.ours.perSecond)} ${unit}`,
      peer(x.python, (p) => `${fmt(p.perSecond)} ${unit} (${how})`),
      ratioCell(vsPy, t.python),
      `${fmt(x.wire.perSecond)} ${unit} (raw \`fetch\` loop, same headers)`,
      ratioCell(vsWire, t.wire),
      metCell([check(vsPy, t.python, "vs Python"), check(vsWire, t.wire, "vs the Node limit")]),
      `client CPU ${pct(x.ours.clientCpu)} / ${python ? pct(x.python?.clientCpu) : "–"} / ${pct(x.wire.clientCpu)}; emulator ${pct(x.ours.emulatorCpu)} / ${python ? pct(x.python?.emulatorCpu) : "–"} / ${pct(x.wire.emulatorCpu)}`,
    ]);
    const d = (side, label) => {
      if (x[side])
        detail.push([
          `${name}: ${label}`,
          `${fmt(x[side].perSecond)} ${unit}`,
          times(x[side].perSecond / x.wire.perSecond),
          `client CPU ${pct(x[side].clientCpu)}`,
        ]);
    };
    d("oursPages", "ours page by page (`next()`, a sync loop over each page)");
    d("oursApi", "`client.api.GET` (core's request path without the method layer)");
    d("openapiFetch", "openapi-fetch alone (what core builds on), same headers");
    d("http", "`node:http` GET with a keep-alive agent, `JSON.parse`");
    if (x.pythonPool16) {
      detail.push([
        `${name}: Python with a 16-connection pool (\`HTTPAdapter(pool_maxsize=16)\`; the client mounts the default 10)`,
        `${fmt(x.pythonPool16.perSecond)} ${unit}`,
        times(x.pythonPool16.perSecond / x.wire.perSecond),
        `ours ÷ this: ${times(x.ours.perSecond / x.pythonPool16.perSecond)}`,
      ]);
    }
    if (vsWire < t.wire || vsPy < t.python) notes.push(apiNote(key, name, x, run));
  }

  // ---- transfers
  const size = run.size % (1024 * MiB) === 0 ? `${run.size / (1024 * MiB)} GiB` : `${run.size / MiB} MiB`;
  const transfer = (key, name, x, pyHow, wireHow) => {
    if (!x) return;
    const t = TARGETS[key];
    const vsPy = x.python ? x.ours.mbps / x.python.mbps : Number.NaN;
    const wire = key === "download" ? x.rawAtomic : x.raw;
    const vsWire = x.ours.mbps / wire.mbps;
    const rssOk = x.ours.rssMax <= RSS_LIMIT;
    target.push([
      name,
      `${fmt(x.ours.mbps)} MB/s`,
      peer(x.python, (p) => `${fmt(p.mbps)} MB/s (${pyHow})`),
      ratioCell(vsPy, t.python),
      `${fmt(wire.mbps)} MB/s (${wireHow})`,
      ratioCell(vsWire, t.wire),
      metCell([
        check(vsPy, t.python, "vs Python"),
        check(vsWire, t.wire, "vs the Node limit"),
        { ok: rssOk, what: `RSS ${mibs(x.ours.rssMax)} > 64 MiB` },
      ]),
      `peak RSS growth ${mibs(x.ours.rssMax)} / ${python ? mibs(x.python?.rssMax) : "–"} / ${mibs(wire.rssMax)} (≤ 64 MiB); client CPU ${pct(x.ours.cpu)} / ${python ? pct(x.python?.cpu) : "–"} / ${pct(wire.cpu)}`,
    ]);
    if (vsWire < t.wire || vsPy < t.python || !rssOk)
      notes.push(transferNote(key, x, wire, vsPy, vsWire, run.size));
  };
  const u = r.upload;
  transfer(
    "upload",
    `upload ${size} from a file: node-fs \`uploadRaster\` (create + PUT + commit + wait)`,
    u,
    "create + `requests.put(url, data=file)` + commit + wait",
    "`node:http` PUT piping the file, 1 MiB reads; the PUT alone",
  );
  if (u) {
    detail.push([
      `upload: ours, the PUT alone (first to last progress call)`,
      `${fmt(u.oursPut.mbps)} MB/s`,
      times(u.oursPut.mbps / u.raw.mbps),
      "",
    ]);
    if (u.sinkOurs) {
      detail.push([
        "upload: node-fs's PUT alone to a trivial sink (the transport without the emulator)",
        `${fmt(u.sinkOurs.mbps)} MB/s`,
        `${times(u.sinkOurs.mbps / u.sink.mbps)} (vs the same baseline to the sink, ${fmt(u.sink.mbps)} MB/s)`,
        `peak RSS ${mibs(u.sinkOurs.rssMax)} / ${mibs(u.sink.rssMax)}`,
      ]);
    }
  }
  if (u?.sinkPython) {
    detail.push([
      "upload: Python's PUT alone (`requests.put(url, data=file)`) to the trivial sink",
      `${fmt(u.sinkPython.mbps)} MB/s`,
      `${times(u.sinkPython.mbps / u.sink.mbps)} (vs \`node:http\` to the sink)`,
      u.sinkOurs ? `node-fs's PUT ÷ this: ${times(u.sinkOurs.mbps / u.sinkPython.mbps)}` : "",
    ]);
  }
  const dl = r.download;
  transfer(
    "download",
    `download ${size} to a file, atomically: node-fs \`downloadRasterToFile\` (URL + GET + temp file + fsync + rename)`,
    dl,
    "URL + `requests.get(stream=True)`, `iter_content(8192)` into a temp file, fsync, rename",
    "`http.get` piped to a temp file, 1 MiB buffers, fsync, rename; the GET alone",
  );
  if (dl?.pythonPlain) {
    detail.push([
      'download: Python exactly as the client does (`open(filename, "wb+")`, no temp file, no fsync)',
      `${fmt(dl.pythonPlain.mbps)} MB/s`,
      `${times(dl.pythonPlain.mbps / dl.rawAtomic.mbps)}`,
      `ours ÷ this: ${times(dl.ours.mbps / dl.pythonPlain.mbps)}`,
    ]);
  }
  if (dl?.raw) {
    detail.push([
      "download: `http.get` piped to the file, 1 MiB buffers, no fsync (what durability costs)",
      `${fmt(dl.raw.mbps)} MB/s`,
      times(dl.raw.mbps / dl.rawAtomic.mbps),
      `ours ÷ this: ${times(dl.ours.mbps / dl.raw.mbps)}`,
    ]);
  }

  const speeds = (x) => x.runsMs.map((ms) => fmt(run.size / 1e3 / ms)).join(" ");
  if (dl?.ramOurs && dl.ramRawAtomic) {
    detail.push([
      "download: ours without the disk (node-fs `downloadRasterToFile` from the in-memory source into /dev/shm: temp file, fsync, rename)",
      `${fmt(dl.ramOurs.mbps)} MB/s`,
      `${times(dl.ramOurs.mbps / dl.ramRawAtomic.mbps)} (vs \`http.get\` the same way, ${fmt(dl.ramRawAtomic.mbps)} MB/s)`,
      `runs (MB/s): ours ${speeds(dl.ramOurs)}; \`http.get\` ${speeds(dl.ramRawAtomic)}`,
    ]);
  }
  if (dl?.sinkPython) {
    detail.push([
      "download: Python's loop alone (`iter_content(8192)` into a file, no fsync) from the trivial in-memory source",
      `${fmt(dl.sinkPython.mbps)} MB/s`,
      `${times(dl.sinkPython.mbps / dl.sink.mbps)} (vs \`http.get\` from the same source)`,
      `\`http.get\` ÷ this: ${times(dl.sink.mbps / dl.sinkPython.mbps)}`,
    ]);
  }

  // ---- first call
  const f = r.firstCall;
  if (f) {
    const vsPy = f.python ? f.python.medianMs / f.ours.medianMs : Number.NaN;
    target.push([
      "first call from a fresh process (import + create + one `getRaster`, spawn to exit)",
      `${fmt(f.ours.medianMs)} ms`,
      peer(f.python, (p) => `${fmt(p.medianMs)} ms (\`python3\`: import requests, session, \`get_raster\`)`),
      ratioCell(vsPy, TARGETS.firstCall.python),
      `${fmt(f.wire.medianMs)} ms (\`node\`: one raw \`fetch\`)`,
      times(f.wire.medianMs / f.ours.medianMs),
      metCell([check(vsPy, TARGETS.firstCall.python, "slower than Python")]),
      "ratios: their time ÷ ours",
    ]);
    if (f.http) {
      detail.push([
        "first call: `node` with one `node:http` GET instead of `fetch` (no undici)",
        `${fmt(f.http.medianMs)} ms`,
        times(f.wire.medianMs / f.http.medianMs),
        `ours ÷ this: ${times(f.http.medianMs / f.ours.medianMs)}`,
      ]);
    }
    if (vsPy < 1)
      notes.push(
        `**first call, slower than Python** (${fmt(f.ours.medianMs)} ms against ${fmt(f.python.medianMs)} ms); see "Where the time goes".`,
      );
  }

  // ---- other measurements
  if (u?.sinkFetch) {
    other.push([
      "transport choice: `fetch` PUT (body `fs.openAsBlob(file)`) vs `node:http`, to the trivial sink",
      `${fmt(u.sinkFetch.mbps)} MB/s`,
      `${fmt(u.sink.mbps)} MB/s`,
      times(u.sinkFetch.mbps / u.sink.mbps),
      `peak RSS ${mibs(u.sinkFetch.rssMax)} / ${mibs(u.sink.rssMax)}: why node-fs moves bytes with \`node:http\``,
    ]);
  }
  if (u?.sink) {
    other.push([
      "emulator raw: `node:http` PUT to the emulator's storage vs a sink that discards the bytes",
      `${fmt(u.raw.mbps)} MB/s (server CPU ${pct(u.raw.serverCpu)})`,
      `${fmt(u.sink.mbps)} MB/s (server CPU ${pct(u.sink.serverCpu)})`,
      times(u.raw.mbps / u.sink.mbps),
      "the sink writes no file: what keeping the bytes costs (the storage rows below compare like with like)",
    ]);
  }
  if (dl?.sinkFetch) {
    other.push([
      "transport choice: `fetch` GET piped to a file vs `node:http`, from the in-memory source",
      `${fmt(dl.sinkFetch.mbps)} MB/s`,
      `${fmt(dl.sink.mbps)} MB/s`,
      times(dl.sinkFetch.mbps / dl.sink.mbps),
      `peak RSS ${mibs(dl.sinkFetch.rssMax)} / ${mibs(dl.sink.rssMax)}`,
    ]);
  }
  if (dl?.sink && dl.raw) {
    other.push([
      "emulator raw: `http.get` from the emulator's storage vs a trivial in-memory source (no fsync)",
      `${fmt(dl.raw.mbps)} MB/s (server CPU ${pct(dl.raw.serverCpu)})`,
      `${fmt(dl.sink.mbps)} MB/s (server CPU ${pct(dl.sink.serverCpu)})`,
      times(dl.raw.mbps / dl.sink.mbps),
      "the source reads no file: what serving a stored file costs (the storage rows below compare like with like)",
    ]);
  }
  const st = r.storage;
  if (st) {
    for (const [key, label, how] of [
      ["put", "PUT", "pipes the request to a file"],
      ["get", "GET", "streams the file, 1 MiB reads"],
    ]) {
      const ratio = st.ratio[key];
      other.push([
        `emulator storage vs trivial \`node:http\`: ${label} of ${size} (signature, expiry, key refusal, ranges, faults)`,
        `${fmt(st.emulator[key].mbps)} MB/s`,
        `${fmt(st.trivial[key].mbps)} MB/s (a \`node:http\` server that ${how})`,
        ratioCell(ratio, TARGETS.storage),
        `${metCell([check(ratio, TARGETS.storage, `under ${times(TARGETS.storage)}`)])}; server CPU ${fmt(st.emulator[key].cpuPerGiB, 2)} / ${fmt(st.trivial[key].cpuPerGiB, 2)} s per GiB`,
      ]);
    }
  }
  const n = r.nongeo;
  if (n) {
    const ratio = n.ours.perSecond / n.baseline.perSecond;
    other.push([
      `\`nongeoResultToPixel\` on ${fmt(n.vertices)} vertices (${fmt(n.features)} features)`,
      `${fmt(n.ours.perSecond / 1e6, 2)} M vertices/s`,
      `${fmt(n.baseline.perSecond / 1e6, 2)} M vertices/s (plain loop, same formula)`,
      `${times(ratio)} (≥ 0.80×: ${ratio >= 0.8 ? "met" : "**missed**"})`,
      `held ${mibs(n.ours.heldBytes)} / ${mibs(n.baseline.heldBytes)}; peak RSS +${mibs(n.ours.peakRssGrowth)} / +${mibs(n.baseline.peakRssGrowth)}`,
    ]);
  }
  const b = r.bundle;
  if (b) {
    other.push([
      "core browser bundle (esbuild, minified, gzip -9)",
      `${fmt(b.core.gzipBytes)} B gz (${fmt(b.core.minBytes)} B min)`,
      `${fmt(b.openapiFetch.gzipBytes)} B gz (${fmt(b.openapiFetch.minBytes)} B min) (openapi-fetch alone)`,
      `${times(b.core.gzipBytes / b.openapiFetch.gzipBytes)} size`,
      "report",
    ]);
    other.push([
      "nongeo browser bundle",
      `${fmt(b.nongeo.gzipBytes)} B gz (${fmt(b.nongeo.minBytes)} B min)`,
      `${fmt(b.turf.gzipBytes)} B gz (${fmt(b.turf.minBytes)} B min) (the turf functions it uses)`,
      `${times(b.nongeo.gzipBytes / b.turf.gzipBytes)} size`,
      "report",
    ]);
  }
  for (const x of [u, dl]) {
    for (const [mode, message] of Object.entries(x?.failed ?? {}))
      notes.push(`**${mode} crashed** (its rows are missing): ${message}`);
  }
  return { target, detail, other, notes };
}

function apiNote(key, name, x, run) {
  const per = key === "list" ? run.pageSize : 1;
  const unit = key === "list" ? `page of ${run.pageSize}` : "call";
  const us = (s) => (s ? (s.medianMs * 1000 * per) / s.count : Number.NaN);
  const parts = [`**${name}**: per ${unit}, ours ${fmt(us(x.ours))} µs`];
  if (x.python) parts.push(`Python ${fmt(us(x.python))} µs`);
  parts.push(`raw fetch ${fmt(us(x.wire))} µs`);
  if (x.http) parts.push(`\`node:http\` ${fmt(us(x.http))} µs`);
  let text = `${parts.join(", ")} (client CPU ${pct(x.ours.clientCpu)}, emulator ${pct(x.ours.emulatorCpu)}).`;
  if (x.python && x.http) {
    text += ` The least a Node client can do (\`node:http\`, \`JSON.parse\`, nothing else) is ${times(us(x.python) / us(x.http))} Python here: the emulator's own time per ${unit} is in every side's.`;
  }
  if (x.openapiFetch) {
    const mid = x.oursApi ?? x.oursPages;
    text +=
      ` Of ours over raw fetch: openapi-fetch ${cost(us(x.openapiFetch) - us(x.wire))}, ` +
      `core's request path ${cost(us(mid) - us(x.openapiFetch))}, ` +
      (x.oursApi
        ? `the method layer ${cost(us(x.ours) - us(x.oursApi))}.`
        : `the async iteration of \`all()\` ${cost(us(x.ours) - us(x.oursPages))}.`);
  }
  return text;
}

function transferNote(key, x, wire, vsPy, vsWire, bytes) {
  let text = `**${key}**: ${times(vsPy)} Python, ${times(vsWire)} the Node limit; peak RSS growth ${mibs(x.ours.rssMax)}.`;
  const spread = (side) => {
    const speeds = (side?.runsMs ?? []).map((ms) => bytes / 1e3 / ms);
    return speeds.length ? `${fmt(Math.min(...speeds))}–${fmt(Math.max(...speeds))}` : "–";
  };
  if (key === "upload") {
    text += ` Its PUT alone runs at ${times(x.oursPut.mbps / wire.mbps)} the wire; the create, commit and wait add ${fmt((x.ours.medianMs - x.oursPut.medianMs) / 1000, 2)} s.`;
    text += ` The emulator's storage sets the pace: it works at ${pct(wire.serverCpu)} CPU to take the wire's PUT, and the runs spread over ours ${spread(x.ours)}, Python ${spread(x.python)}, wire ${spread(wire)} MB/s.`;
    if (x.sinkOurs && x.sink && x.sinkPython) {
      text += ` Where the client is what limits (the trivial sink), node-fs's PUT is ${times(x.sinkOurs.mbps / x.sinkPython.mbps)} Python's and ${times(x.sinkOurs.mbps / x.sink.mbps)} \`node:http\`'s.`;
    }
  }
  if (key === "download") {
    text += ` The disk sets the pace (a real one, fsync included): the runs spread over ours ${spread(x.ours)}, Python ${spread(x.python)}, wire ${spread(wire)} MB/s.`;
    if (x.ramOurs && x.ramRawAtomic) {
      text += ` Without the disk (in-memory source, file in /dev/shm, the same atomic steps) ours is ${times(x.ramOurs.mbps / x.ramRawAtomic.mbps)} the wire.`;
    }
    if (x.sinkPython && x.sink) {
      text += ` Python's \`iter_content(8192)\` loop alone tops out at ${fmt(x.sinkPython.mbps)} MB/s (${times(x.sinkPython.mbps / x.sink.mbps)} \`http.get\`): the faster the disk, the larger our lead.`;
    }
  }
  return text;
}
