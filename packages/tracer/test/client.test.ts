import { inspect } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TRACER_API_PATH, TRACER_VALUES, TracerClient, VERSION, createTracerClient } from "../src/index";
import { KEY, ORIGIN, api, expectExactlyMethods, newClient, p, signed, useNock } from "./helpers";

useNock();
afterEach(() => void vi.unstubAllEnvs());

/** Every public method of the client; each has its own tests in the file named for its resource. */
const PUBLIC_METHODS = [
  // account.test.ts
  "getUserInfo",
  "listMethodologies",
  "getAuthorizationGrants",
  "setAuthorizationGrants",
  // plots-groups.test.ts
  "createPlotsGroup",
  "updatePlotsGroupPlots",
  "listPlotsGroups",
  "getPlotsGroup",
  "getPlotsGroupExportUrl",
  "downloadPlotsGroup",
  // analyses.test.ts
  "analyzePlotsPrecheck",
  "analyzePlots",
  "listPlotsAnalyses",
  "getPlotsAnalysis",
  // reports.test.ts
  "listPlotsAnalysisReportTypes",
  "listPlotsAnalysisReports",
  "createPlotsAnalysisReportPrecheck",
  "createPlotsAnalysisReport",
  "getPlotsAnalysisReport",
  "downloadPlotsAnalysisReportArtifact",
];

describe("the Tracer client", () => {
  it("has exactly the public methods these tests cover, each named as its Python twin in camelCase", () => {
    expectExactlyMethods(TracerClient, PUBLIC_METHODS);
    expect(PUBLIC_METHODS).toHaveLength(20);
  });

  it("reports this package's version, and its path under the site root", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(TRACER_API_PATH).toBe("public/api/plots_analysis/v1/");
  });

  it("keeps the key private: console.log and JSON.stringify never show it", () => {
    const client = newClient();
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
    expect(Object.values(client).map(String).join(" ")).not.toContain(KEY);
  });

  it("takes its enums from the document", () => {
    expect(TRACER_VALUES.ExportFormat.enum).toEqual(["excel", "geojson"]);
    expect(TRACER_VALUES.GrantKind.enum).toEqual(["plots_group", "plots_analysis", "methodology"]);
  });
});

describe("baseUrl: a site root or an API's full URL", () => {
  const cases: [given: string, api: string][] = [
    ["https://app.picterra.ch/", "https://app.picterra.ch/public/api/plots_analysis/v1"],
    ["https://app.picterra.ch", "https://app.picterra.ch/public/api/plots_analysis/v1"],
    [
      "https://app.picterra.ch/public/api/plots_analysis/v1/",
      "https://app.picterra.ch/public/api/plots_analysis/v1",
    ],
    [
      "https://app.picterra.ch/public/api/plots_analysis/v1",
      "https://app.picterra.ch/public/api/plots_analysis/v1",
    ],
    // Forge's URL names the same site.
    ["https://app.picterra.ch/public/api/v2/", "https://app.picterra.ch/public/api/plots_analysis/v1"],
    ["https://proxy.test/picterra/", "https://proxy.test/picterra/public/api/plots_analysis/v1"],
  ];
  it.each(cases)("%s → %s", (given, expected) => {
    expect(newClient({ baseUrl: given }).baseUrl).toBe(expected);
  });

  it("defaults to PICTERRA_BASE_URL, else Picterra's site root; the key to PICTERRA_API_KEY", async () => {
    vi.stubEnv("PICTERRA_BASE_URL", "");
    vi.stubEnv("PICTERRA_API_KEY", "env-key-1");
    expect(createTracerClient().baseUrl).toBe("https://app.picterra.ch/public/api/plots_analysis/v1");
    vi.stubEnv("PICTERRA_BASE_URL", `${ORIGIN}/`);
    const scope = nock(ORIGIN, { reqheaders: { "x-api-key": "env-key-1" } })
      .get(p("/users/me/"))
      .reply(200, { user_id: "u", organization_id: "o", organization_name: "n" });
    await createTracerClient().getUserInfo();
    scope.done();
  });

  it("fails at once without a key", () => {
    vi.stubEnv("PICTERRA_API_KEY", "");
    expect(() => createTracerClient({ baseUrl: ORIGIN })).toThrow("no Picterra API key");
  });
});

describe("the raw api client", () => {
  it("is typed by Tracer's document and carries the key", async () => {
    const scope = api().get(p("/plots_groups/g1/")).reply(200, { id: "g1", name: "n" });
    const { data } = await newClient().api.GET("/plots_groups/{plots_group_id}/", {
      params: { path: { plots_group_id: "g1" } },
    });
    expect(data?.name).toBe("n");
    scope.done();
  });
});

describe("a custom fetch", () => {
  it("carries every API call (with the key) and storage transfer (without it), with the right Content-Type", async () => {
    const seen: string[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      seen.push(
        `${request.method} ${new URL(request.url).pathname} key=${request.headers.get("x-api-key")} type=${request.headers.get("content-type")}`,
      );
      if (request.url.startsWith("https://storage.test/")) return new Response(null, { status: 200 });
      if (request.url.endsWith("/upload/file/"))
        return Response.json({ upload_id: "u1", upload_url: signed("u1") }, { status: 201 });
      if (request.method === "POST")
        return Response.json({ operation_id: "o1", poll_interval: 0 }, { status: 201 });
      return Response.json({
        id: "o1",
        type: "plots_analysis",
        status: "success",
        results: { analysis_id: "a1" },
      });
    };
    const client = newClient({ fetch });
    expect(await client.analyzePlots("g1", "n", ["P"], "2021-01-01", "2021-02-01")).toBe("a1");
    expect(seen).toEqual([
      `POST ${p("/upload/file/")} key=${KEY} type=null`,
      "PUT /bucket/u1 key=null type=application/json",
      `POST ${p("/plots_groups/g1/analysis/")} key=${KEY} type=application/json`,
      `GET ${p("/operations/o1/")} key=${KEY} type=null`,
    ]);
  });
});
