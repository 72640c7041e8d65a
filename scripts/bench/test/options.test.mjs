// `pnpm bench` options: flags over the environment over the defaults, groups, and where the report goes.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../lib.mjs";
import { CASES, parseOptions } from "../options.mjs";

test("a bare run measures every case with the default runs and writes BENCHMARKS.md", () => {
  const o = parseOptions([], {});
  assert.deepEqual(o.cases, CASES);
  assert.equal(o.runs, 10);
  assert.equal(o.byteRuns, 5);
  assert.equal(o.sizeMiB, 1024);
  assert.equal(o.out, join(ROOT, "BENCHMARKS.md"));
});

test("--only takes cases and groups, skips pnpm's bare --, and a subset only prints", () => {
  const o = parseOptions(["--", "--only", "api,first-call"], {});
  assert.deepEqual(o.cases, ["get1", "get16", "list", "first-call"]);
  assert.equal(o.out, "-");
  assert.deepEqual(parseOptions(["--only=transfers"], {}).cases, ["upload", "download"]);
  assert.deepEqual(parseOptions(["--only", "storage"], {}).cases, ["storage"]);
});

test("--quick makes fewer and smaller runs; explicit numbers win; the environment is the fallback", () => {
  const q = parseOptions(["--quick"], {});
  assert.equal(q.runs, 3);
  assert.equal(q.sizeMiB, 256);
  assert.equal(q.out, "-");
  assert.equal(parseOptions(["--quick", "--runs", "7"], {}).runs, 7);
  assert.equal(parseOptions([], { BENCH_RUNS: "4", BENCH_ONLY: "get" }).runs, 4);
  assert.deepEqual(parseOptions([], { BENCH_ONLY: "get" }).cases, ["get1", "get16"]);
  assert.equal(parseOptions(["--runs", "5"], { BENCH_RUNS: "4" }).runs, 5);
});

test("unknown cases, options and bad numbers are errors that show the usage", () => {
  assert.throws(() => parseOptions(["--only", "nope"], {}), /unknown case nope[\s\S]*usage/);
  assert.throws(() => parseOptions(["--fast"], {}), /Unknown option '--fast'[\s\S]*usage/);
  assert.throws(() => parseOptions(["stray"], {}), /stray[\s\S]*usage/);
  assert.throws(() => parseOptions(["--runs", "0"], {}), /positive integer/);
  assert.throws(() => parseOptions(["--runs"], {}), /'--runs <value>' argument missing/);
});

test("--compare-core names other builds of core; a pair without a name is an error", () => {
  assert.deepEqual(parseOptions([], {}).compareCore, []);
  assert.deepEqual(parseOptions(["--compare-core", "noLight=/tmp/a/dist,b=/tmp/b"], {}).compareCore, [
    { name: "noLight", dir: "/tmp/a/dist" },
    { name: "b", dir: "/tmp/b" },
  ]);
  assert.throws(() => parseOptions(["--compare-core", "/tmp/a"], {}), /name=dir/);
});
