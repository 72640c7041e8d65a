import { APIError, OperationFailedError, TimeoutError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import { UsageError, parseDemoArgs } from "../src/args";
import { describe as describeError, explainFailure } from "../src/failure";
import { formatBytes, progressBar } from "../src/progress";
import { classTable, eudrTable } from "../src/report";
import { StepError } from "../src/failure";

describe("parseDemoArgs", () => {
  it("defaults to no faults, seed 1 and the default out folder", () => {
    expect(parseDemoArgs([], "/demo/out", "/home/me")).toEqual({
      faults: 0,
      seed: 1,
      out: "/demo/out",
      help: false,
    });
  });

  it("reads --faults, --seed and --out, skipping the '--' pnpm passes through", () => {
    expect(
      parseDemoArgs(["--", "--faults", "0.2", "--seed", "7", "--out", "results"], "/demo/out", "/home/me"),
    ).toEqual({
      faults: 0.2,
      seed: 7,
      out: "/home/me/results",
      help: false,
    });
    expect(parseDemoArgs(["--out=/tmp/x", "-h"], "/demo/out", "/home/me")).toMatchObject({
      out: "/tmp/x",
      help: true,
    });
  });

  it("rejects bad values with a message that names the flag", () => {
    expect(() => parseDemoArgs(["--faults", "20%"], "/o", "/c")).toThrow(
      new UsageError("--faults must be a number from 0 to 1, got '20%'"),
    );
    expect(() => parseDemoArgs(["--faults", "1.5"], "/o", "/c")).toThrow(
      /--faults must be a number from 0 to 1/,
    );
    expect(() => parseDemoArgs(["--seed=-1"], "/o", "/c")).toThrow(
      "--seed must be a whole number ≥ 0, got '-1'",
    );
    expect(() => parseDemoArgs(["--fault", "0.2"], "/o", "/c")).toThrow(UsageError);
    expect(() => parseDemoArgs(["extra"], "/o", "/c")).toThrow(UsageError);
  });
});

describe("explainFailure", () => {
  const apiError = (status: number) =>
    new APIError({ status, body: { detail: "nope" }, method: "GET", url: "http://x/rasters/" });

  it("names the step and the API error, and hints at the key on 401", () => {
    expect(explainFailure(new StepError("upload the GeoTIFF", apiError(401)), "running", false)).toEqual({
      step: "upload the GeoTIFF",
      message: 'GET http://x/rasters/ failed with status 401: {"detail":"nope"}',
      hint: "check PICTERRA_API_KEY (a valid key of your Picterra account) and PICTERRA_BASE_URL",
    });
  });

  it("tells transient faults, network errors, timeouts and failed operations apart", () => {
    expect(explainFailure(new StepError("s", apiError(503)), "p", true).hint).toBe(
      "a transient fault was not ridden out: run again, or with fewer --faults",
    );
    expect(explainFailure(new StepError("s", apiError(429)), "p", false).hint).toMatch(/^Picterra is busy/);
    const network = new TypeError("fetch failed", {
      cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    });
    expect(explainFailure(new StepError("s", network), "p", false)).toEqual({
      step: "s",
      message: "fetch failed: socket hang up (ECONNRESET)",
      hint: "could not reach Picterra: check PICTERRA_BASE_URL and your network connection",
    });
    expect(explainFailure(new TimeoutError("GET", "http://x/", 30000), "starting", false)).toEqual({
      step: "starting",
      message: "GET http://x/ timed out after 30000 ms",
      hint: "the server did not answer in time: check your network and run the demo again",
    });
    const failed = new OperationFailedError("op-1", { status: "failed" }, "http://x/operations/op-1/");
    expect(explainFailure(failed, "p", true).hint).toMatch(/could not finish operation op-1/);
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/out'"), { code: "EACCES" });
    expect(explainFailure(new StepError("s", denied), "p", true).hint).toBe(
      "could not write the output: check that the --out folder is writable",
    );
  });

  it("describes an error chain without repeating itself", () => {
    expect(describeError(new Error("outer", { cause: new Error("inner") }))).toBe("outer: inner");
    expect(describeError("plain")).toBe("plain");
  });
});

describe("progressBar", () => {
  it("redraws in place on a terminal and ends the line when done", () => {
    const out: string[] = [];
    const bar = progressBar("upload", { isTTY: true, write: (t: string) => out.push(t) });
    bar({ loaded: 0, total: 2048 });
    bar({ loaded: 1024, total: 2048 });
    bar({ loaded: 2048, total: 2048 });
    bar({ loaded: 2048, total: 2048 });
    expect(out).toEqual([
      "\r\x1b[2Kupload [------------------------]   0% 0 B / 2.0 KiB",
      "\r\x1b[2Kupload [############------------]  50% 1.0 KiB / 2.0 KiB",
      "\r\x1b[2Kupload [########################] 100% 2.0 KiB / 2.0 KiB\n",
    ]);
  });

  it("prints only the finished line elsewhere", () => {
    const out: string[] = [];
    const bar = progressBar("upload", { isTTY: false, write: (t: string) => out.push(t) });
    bar({ loaded: 10, total: 100 });
    bar({ loaded: 100, total: 100 });
    expect(out).toEqual(["upload [########################] 100% 100 B / 100 B\n"]);
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MiB");
  });
});

describe("classTable", () => {
  it("aligns the counts and areas and adds a total", () => {
    expect(
      classTable([
        { className: "building", count: 3, areaM2: 83.96, areaPx2: 8396 },
        { className: "tree", count: 3, areaM2: 26.24, areaPx2: 2624 },
      ]),
    ).toBe(
      [
        "class     count  area (m²)  area (px²)",
        "────────  ─────  ─────────  ──────────",
        "building      3      83.96      8396.0",
        "tree          3      26.24      2624.0",
        "────────  ─────  ─────────  ──────────",
        "total         6     110.20     11020.0",
      ].join("\n"),
    );
  });
});

describe("eudrTable", () => {
  it("shows each plot's area and outcome, and why a plot was not analysed", () => {
    expect(
      eudrTable([
        {
          plotId: "P-1",
          areaHa: 3.6711,
          outcome: "deforestation_detected",
          forestLossDate: "2022-03-15",
          leftOut: null,
        },
        { plotId: "P-22", areaHa: 12.5, outcome: "no_deforestation", forestLossDate: null, leftOut: null },
        { plotId: "P-3", areaHa: null, outcome: null, forestLossDate: null, leftOut: "self_intersection" },
      ]),
    ).toBe(
      [
        "plot  area (ha)  outcome",
        "────  ─────────  ───────────────────────────────────────────────",
        "P-1        3.67  deforestation detected (forest lost 2022-03-15)",
        "P-22      12.50  no deforestation",
        "P-3           —  not analysed (self intersection)",
      ].join("\n"),
    );
  });
});
