// The report's arithmetic: ratios are speeds (ours ÷ theirs; their time ÷ ours for the first call), a target
// is met only when every ratio reaches it, and a missing Python peer is said, not counted as met.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MiB } from "../lib.mjs";
import { comparedRows, rows } from "../report-rows.mjs";

const side = (perSecond, count = 1000) => ({
  perSecond,
  count,
  medianMs: (count / perSecond) * 1000,
  clientCpu: 1,
  emulatorCpu: 0.2,
});
const transfer = (mbps, rssMax = 50 * MiB) => ({ mbps, medianMs: 1000, rssMax, cpu: 1 });

function run(results, python = { version: "3", requests: "2" }) {
  return { results, python, pageSize: 100, size: 1024 * MiB };
}

test("a getRaster row gives both ratios and is met only when both reach their targets", () => {
  const { target } = rows(run({ get1: { ours: side(3000), python: side(2000), wire: side(3200) } }));
  const [row] = target;
  assert.match(row[3], /^1\.50× \(≥ 1\.50×\)$/);
  assert.match(row[5], /^0\.94× \(≥ 0\.90×\)$/);
  assert.equal(row[6], "yes");
  const slow = rows(run({ get1: { ours: side(2500), python: side(2000), wire: side(3200) } })).target[0];
  assert.equal(slow[6], "**no** (vs Python, vs the Node limit)");
});

test("a transfer over 64 MiB of RSS growth misses its target whatever its speed", () => {
  const dl = { ours: transfer(600, 65 * MiB), python: transfer(400), rawAtomic: transfer(600) };
  const [row] = rows(run({ download: dl })).target;
  assert.match(row[6], /^\*\*no\*\* \(RSS 65\.0 MiB > 64 MiB\)$/);
});

test("the first call compares times: Python's ÷ ours, met when ours is not slower", () => {
  const fc = { ours: { medianMs: 150 }, python: { medianMs: 180 }, wire: { medianMs: 140 } };
  const [row] = rows(run({ firstCall: fc })).target;
  assert.match(row[3], /^1\.20× \(≥ 1\.00×\)$/);
  assert.equal(row[6], "yes");
});

test("without python3 + requests the row says so and only the Node limit is checked", () => {
  const { target } = rows(run({ get1: { ours: side(3000), wire: side(3200) } }, null));
  assert.match(target[0][2], /python3 \+ requests not found: peer not measured/);
  assert.equal(target[0][3], "–");
  assert.equal(target[0][6], "yes (peer not measured)");
});

test("a ratio just under its target shows the decimal that makes it miss", () => {
  // 991.5 / 1044 = 0.94971…: "0.95×" and even "0.950×" would read as met.
  const up = { ours: { mbps: 991.5 }, raw: { mbps: 1044 }, python: { mbps: 500 } };
  for (const x of Object.values(up)) Object.assign(x, { medianMs: 1000, rssMax: 50 * MiB, cpu: 1 });
  up.oursPut = up.ours;
  const [row] = rows(run({ upload: up })).target;
  assert.match(row[5], /^0\.9497× \(≥ 0\.95×\)$/);
  assert.match(row[6], /vs the Node limit/);
});

test("a missed transfer's note says what set the pace, from the same run's detail sides", () => {
  const t = (mbps, runsMs) => ({ mbps, medianMs: 1000, rssMax: 40 * MiB, cpu: 0.5, serverCpu: 0.95, runsMs });
  const dl = {
    ours: t(450, [2000, 2300, 2600]),
    python: t(420, [2400, 2500, 2700]),
    rawAtomic: t(500, [1900, 2100, 2200]),
    ramOurs: t(880, [1200]),
    ramRawAtomic: t(890, [1200]),
    sink: t(950, [1100]),
    sinkPython: t(530, [2000]),
  };
  const { notes } = rows(run({ download: dl }));
  assert.equal(notes.length, 1);
  assert.match(notes[0], /runs spread over ours 413–537, Python 398–447, wire 488–565 MB\/s/);
  assert.match(notes[0], /Without the disk .* ours is 0\.99× the wire/);
  assert.match(notes[0], /tops out at 530 MB\/s \(0\.56× `http\.get`\)/);
  const up = {
    ours: t(990, [1000]),
    oursPut: t(1000, [1000]),
    python: t(1090, [1000]),
    raw: t(1080, [1000]),
  };
  Object.assign(up, { sinkOurs: t(2000, [500]), sink: t(2100, [500]), sinkPython: t(1500, [700]) });
  const upNote = rows(run({ upload: up })).notes[0];
  assert.match(upNote, /works at 95% CPU/);
  assert.match(upNote, /node-fs's PUT is 1\.33× Python's and 0\.95× `node:http`'s/);
});

test("the storage rows give the emulator ÷ the trivial server for PUT and GET, met from 0.90×", () => {
  const side = (put, get) => ({ put: { mbps: put, runsMs: [1] }, get: { mbps: get, runsMs: [1] } });
  const { other } = rows(
    run({ storage: { emulator: side(950, 400), trivial: side(1000, 1000), ratio: { put: 0.95, get: 0.4 } } }),
  );
  const [put, get] = other.filter((row) => row[0].startsWith("emulator storage vs trivial"));
  assert.match(put[0], /PUT of 1 GiB/);
  assert.equal(put[3], "0.95× (≥ 0.90×)");
  assert.match(put[4], /^yes; server CPU/);
  assert.equal(get[3], "0.40× (≥ 0.90×)");
  assert.match(get[4], /^\*\*no\*\*/);
});

test("another build of core is compared run by run: the median and the range of ours ÷ it", () => {
  const runsOf = (ms, cpuRuns) => ({ runsMs: ms, cpuRuns, medianMs: ms[1], perSecond: 1e6 / ms[1] });
  const results = {
    get1: { ours: runsOf([100, 110, 120], [1, 1, 1]), "core:noLight": runsOf([130, 121, 120], [2, 1.5, 1]) },
    firstCall: { ours: runsOf([50, 50, 50]), "core:noLight": runsOf([55, 50, 60]) },
  };
  const rowsOut = comparedRows({ results, options: { compareCore: [{ name: "noLight", dir: "/x" }] } });
  assert.equal(rowsOut.length, 2);
  assert.equal(rowsOut[0][0], "`noLight`");
  assert.equal(rowsOut[0][4], "1.10× (runs 1.00×–1.30×)");
  assert.equal(rowsOut[0][5], "1.50× (runs 1.00×–2.00×)");
  assert.equal(rowsOut[1][4], "1.10× (runs 1.00×–1.20×)");
  assert.equal(rowsOut[1][5], "–");
  assert.deepEqual(comparedRows({ results, options: { compareCore: [] } }), []);
});
