import { OperationFailedError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import {
  allDone,
  api,
  failedOperation,
  newClient,
  operation,
  p,
  page,
  rejection,
  signed,
  staged,
  storage,
  useNock,
} from "./helpers";

useNock();

const IDS = ["PLOT-1", "PLOT-2"];
const IDS_FILE = JSON.stringify({ plot_ids: IDS });

describe("analyzePlotsPrecheck", () => {
  it("PUTs the plot ids with no Content-Type, starts the precheck, GETs its data without the key", async () => {
    const data = {
      status: "failed",
      errors: {
        critical: [
          { plot_id: "PLOT-2", code: "unknown_plot_id", message: "plot PLOT-2 is not in the plots group" },
        ],
        high: [],
      },
      critical_count: 1,
      high_count: 0,
    };
    const scopes = [
      staged("u1", null, IDS_FILE),
      operation(
        "/plots_groups/g1/analysis/precheck/",
        { analysis_name: "2025", upload_id: "u1", date_from: "2021-01-01", date_to: "2025-12-31" },
        "op-p",
        "plots_analysis_precheck",
        { precheck_data_url: signed("precheck.json") },
      ),
      storage().get("/bucket/precheck.json").query(true).reply(200, data),
    ];
    // Returned as is: a precheck that finds problems is an answer, not an error.
    expect(await newClient().analyzePlotsPrecheck("g1", "2025", IDS, "2021-01-01", "2025-12-31")).toEqual(
      data,
    );
    allDone(...scopes);
  });
});

describe("analyzePlots", () => {
  it("PUTs the plot ids as application/json, starts the analysis and returns its id; Dates as their UTC day", async () => {
    const scopes = [
      staged("u1", "application/json", IDS_FILE),
      operation(
        "/plots_groups/g1/analysis/",
        { analysis_name: "2025", upload_id: "u1", date_from: "2021-01-01", date_to: "2025-12-31" },
        "op-a",
        "plots_analysis",
        { analysis_id: "a1" },
      ),
    ];
    const from = new Date(Date.UTC(2021, 0, 1));
    const to = new Date("2025-12-31T23:59:59.999Z");
    expect(await newClient().analyzePlots("g1", "2025", IDS, from, to)).toBe("a1");
    allDone(...scopes);
  });

  it("a failed analysis is an OperationFailedError carrying the API's errors", async () => {
    const errors = [
      { code: "self_intersection", message: "plot PLOT-1: self-intersection", plot_id: "PLOT-1" },
    ];
    const scopes = [
      staged("u1", "application/json"),
      failedOperation("/plots_groups/g1/analysis/", undefined, "op-a", "plots_analysis", errors),
    ];
    const error = await rejection(newClient().analyzePlots("g1", "2025", IDS, "2021-01-01", "2025-12-31"));
    allDone(...scopes);
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).errors).toEqual(errors);
    expect((error as Error).message).toContain("plots_analysis operation op-a failed");
  });
});

describe("listPlotsAnalyses and getPlotsAnalysis", () => {
  const analysis = {
    id: "a1",
    name: "2025",
    date_from: "2021-01-01",
    date_to: "2025-12-31",
    url: "https://app.test/a1",
  };

  it("lists a group's analyses: page_number always, include_archived only when true", async () => {
    const scope = api()
      .get(p("/plots_groups/g1/analysis/"))
      .query({ page_number: "1" })
      .reply(200, page([analysis]))
      .get(p("/plots_groups/g1/analysis/"))
      .query({ search: "2025", include_archived: "true", page_number: "3" })
      .reply(200, page([]));
    const client = newClient();
    expect((await client.listPlotsAnalyses("g1")).results).toEqual([analysis]);
    await client.listPlotsAnalyses("g1", { search: "2025\n", includeArchived: true, pageNumber: 3 });
    scope.done();
  });

  it("GETs an analysis by its flat URL", async () => {
    const scope = api().get(p("/plots_analyses/a1/")).reply(200, analysis);
    expect(await newClient().getPlotsAnalysis("a1")).toEqual(analysis);
    scope.done();
  });
});
