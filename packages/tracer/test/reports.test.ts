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

const IDS = ["PLOT-1"];
const IDS_FILE = JSON.stringify({ plot_ids: IDS });
const BODY = { name: "Q1 export", upload_id: "u1", report_type: "eudr_export", metadata: {} };

describe("listPlotsAnalysisReportTypes", () => {
  it("GETs a plain array with no page_number; search trimmed", async () => {
    const types = [{ report_type: "eudr_export", name: "EUDR export (TRACES NT)" }];
    const scope = api()
      .get(p("/plots_analyses/a1/reports/types/"))
      .query({})
      .reply(200, types)
      .get(p("/plots_analyses/a1/reports/types/"))
      .query({ search: "eudr" })
      .reply(200, types);
    const client = newClient();
    expect(await client.listPlotsAnalysisReportTypes("a1")).toEqual(types);
    expect(await client.listPlotsAnalysisReportTypes("a1", { search: " eudr " })).toEqual(types);
    scope.done();
  });
});

describe("listPlotsAnalysisReports", () => {
  it("filters by report_type, search and include_archived; page_number always", async () => {
    const scope = api()
      .get(p("/plots_analyses/a1/reports/"))
      .query({ page_number: "1" })
      .reply(200, page([]))
      .get(p("/plots_analyses/a1/reports/"))
      .query({ search: "Q1", report_type: "eudr_export", include_archived: "true", page_number: "2" })
      .reply(200, page([]));
    const client = newClient();
    await client.listPlotsAnalysisReports("a1");
    await client.listPlotsAnalysisReports("a1", {
      search: "Q1",
      reportType: "eudr_export",
      includeArchived: true,
      pageNumber: 2,
    });
    scope.done();
  });
});

describe("createPlotsAnalysisReportPrecheck", () => {
  it("PUTs the plot ids as JSON, POSTs the precheck, and answers a local { status: 'passed' }", async () => {
    const scopes = [
      staged("u1", "application/json", IDS_FILE),
      operation("/plots_analyses/a1/reports/precheck/", BODY, "op-rp", "plots_analysis_report_precheck", {
        precheck_data_url: signed("ignored.json"),
      }),
    ];
    expect(
      await newClient().createPlotsAnalysisReportPrecheck("a1", "Q1 export", IDS, "eudr_export"),
    ).toEqual({ status: "passed" });
    allDone(...scopes);
  });

  it("a report that would not be made is an OperationFailedError with the reasons", async () => {
    const errors = [{ code: "missing_metadata", message: "needs metadata.operator_name" }];
    const scopes = [
      staged("u1", "application/json"),
      failedOperation(
        "/plots_analyses/a1/reports/precheck/",
        { ...BODY, report_type: "eudr_due_diligence" },
        "op-rp",
        "report_precheck",
        errors,
      ),
    ];
    const error = await rejection(
      newClient().createPlotsAnalysisReportPrecheck("a1", "Q1 export", IDS, "eudr_due_diligence"),
    );
    allDone(...scopes);
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as OperationFailedError).errors).toEqual(errors);
  });
});

describe("createPlotsAnalysisReport", () => {
  it("makes a fresh upload, POSTs the report with its metadata and returns the report id", async () => {
    const metadata = { operator_name: "Coop A" };
    const scopes = [
      staged("u1", "application/json", IDS_FILE),
      operation(
        "/plots_analyses/a1/reports/",
        { ...BODY, report_type: "eudr_due_diligence", metadata },
        "op-r",
        "plots_analysis_report",
        { plots_analysis_report_id: "r1" },
      ),
    ];
    const id = await newClient().createPlotsAnalysisReport("a1", "Q1 export", IDS, "eudr_due_diligence", {
      metadata,
    });
    expect(id).toBe("r1");
    allDone(...scopes);
  });
});

describe("getPlotsAnalysisReport and its artifacts", () => {
  const report = {
    id: "r1",
    name: "Q1 export",
    created_at: "2025-09-29T10:04:08.143098Z",
    report_type: "eudr_export",
    artifacts: [
      {
        name: "Summary",
        filename: "summary.pdf",
        size_bytes: 9,
        description: "PDF",
        content_type: "application/pdf",
        download_url: signed("summary.pdf"),
      },
    ],
  };

  it("GETs the report by its flat URL; an artifact downloads from storage without the key", async () => {
    const scopes = [
      api().get(p("/plots_analysis_reports/r1/")).reply(200, report),
      storage().get("/bucket/summary.pdf").query(true).reply(200, "%PDF-1.7"),
    ];
    const client = newClient();
    const got = await client.getPlotsAnalysisReport("r1");
    expect(got).toEqual(report);
    const response = await client.downloadPlotsAnalysisReportArtifact(got.artifacts[0]!);
    expect(await response.text()).toBe("%PDF-1.7");
    allDone(...scopes);
  });
});
