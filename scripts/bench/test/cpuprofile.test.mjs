// The profile analysis: samples inside the windows only, each counted once under the first matching rule,
// with the time until the next sample.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { analyze, loadProfile, on, packageOf } from "../cpuprofile.mjs";

const UNDICI = "node:internal/deps/undici/undici";
const OPENAPI = "file:///x/node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.mjs";
const CORE = "file:///x/packages/core/dist/index.js";
const frame = (functionName, url = "") => ({
  functionName,
  url,
  scriptId: "0",
  lineNumber: 0,
  columnNumber: 0,
});

/** root → coreFetch (openapi-fetch) → _Request (undici); root → getRaster (core); root → (idle). */
function writeProfile() {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame("(root)"), children: [2, 4, 5] },
      { id: 2, callFrame: frame("coreFetch", OPENAPI), children: [3] },
      { id: 3, callFrame: frame("_Request", UNDICI) },
      { id: 4, callFrame: frame("getRaster", CORE) },
      { id: 5, callFrame: frame("(idle)") },
    ],
    startTime: 1000,
    // Samples at 1010, 1020, 1040, 1070, 1110; the profile ends at 1160.
    samples: [3, 4, 5, 3, 2],
    timeDeltas: [10, 10, 20, 30, 40],
    endTime: 1160,
  };
  const file = join(mkdtempSync(join(tmpdir(), "cpuprofile-test-")), "p.cpuprofile");
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

const rules = [
  ["idle", on.leaf("(idle)")],
  [
    "Request in openapi-fetch",
    on.under("openapi-fetch", "coreFetch", "undici (Node's fetch)", /^_?Request$/),
  ],
  ["openapi-fetch", on.pkg("openapi-fetch")],
  ["core", on.pkg("@picterra/core")],
  ["other", on.any()],
];

test("packages are told apart by their script URL", () => {
  assert.equal(packageOf(frame("f", UNDICI)), "undici (Node's fetch)");
  assert.equal(packageOf(frame("f", OPENAPI)), "openapi-fetch");
  assert.equal(packageOf(frame("f", CORE)), "@picterra/core");
  assert.equal(packageOf(frame("f", "node:internal/streams/readable")), "node streams");
  assert.equal(packageOf(frame("(garbage collector)")), "(garbage collector)");
});

test("each sample lasts until the next one and goes to the first matching rule", () => {
  const a = analyze(loadProfile(writeProfile()), { rules });
  const us = Object.fromEntries(a.categories.map((c) => [c.name, c.us]));
  // _Request samples at 1010 (10 µs) and 1070 (40 µs); getRaster 1020 (20); idle 1040 (30); coreFetch 1110 (50).
  assert.deepEqual(us, { idle: 30, "Request in openapi-fetch": 50, "openapi-fetch": 50, core: 20 });
  assert.equal(a.totalUs, 150);
  assert.equal(a.idleUs, 30);
});

test("only the samples inside the windows count", () => {
  const a = analyze(loadProfile(writeProfile()), {
    rules,
    windows: [
      [1000, 1025],
      [1100, 1120],
    ],
  });
  assert.equal(a.totalUs, 10 + 20 + 50);
  assert.deepEqual(a.packages.map(([p]) => p).sort(), [
    "@picterra/core",
    "openapi-fetch",
    "undici (Node's fetch)",
  ]);
});
