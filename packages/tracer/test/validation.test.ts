import { ValidationError } from "@picterra/core";
import type { TracerClient } from "../src/index";
import { newClient, plot, plots, useNock, validatesBeforeAnyRequest } from "./helpers";
import { plotIn } from "./plots";

useNock();

type Case = [label: string, call: (c: TracerClient) => Promise<unknown>, message: string];
// `as never` feeds values that the types forbid, as a JavaScript caller could.
const bad = (v: unknown) => v as never;
const FARMS = plots(plot("PLOT-1"));
const IDS = ["PLOT-1"];
const analyze = (c: TracerClient, ...args: [unknown, unknown, unknown, unknown, unknown]) =>
  c.analyzePlots(...(args as [string, string, string[], string, string]));

const ID_CASES: Case[] = [
  ["getPlotsGroup('a/b')", (c) => c.getPlotsGroup("a/b"), "plotsGroupId must be a non-empty id"],
  ["getPlotsGroup('')", (c) => c.getPlotsGroup(""), "plotsGroupId must be a non-empty id"],
  ["getPlotsAnalysis('../x')", (c) => c.getPlotsAnalysis("../x"), "plotsAnalysisId must be a non-empty id"],
  ["getPlotsAnalysisReport('r?x')", (c) => c.getPlotsAnalysisReport("r?x"), "plotsAnalysisReportId"],
  ["listPlotsAnalyses(42)", (c) => c.listPlotsAnalyses(bad(42)), "plotsGroupId"],
  ["listPlotsAnalysisReports('a b')", (c) => c.listPlotsAnalysisReports("a b"), "plotsAnalysisId"],
  ["listPlotsAnalysisReportTypes('#')", (c) => c.listPlotsAnalysisReportTypes("#"), "plotsAnalysisId"],
  ["createPlotsGroup: methodology", (c) => c.createPlotsGroup("n", "m/1", FARMS), "methodologyId"],
  ["updatePlotsGroupPlots: group", (c) => c.updatePlotsGroupPlots("g 1", FARMS), "plotsGroupId"],
  ["analyzePlots: group", (c) => c.analyzePlots("", "n", IDS, "2021-01-01", "2021-01-02"), "plotsGroupId"],
  [
    "createPlotsAnalysisReport: analysis",
    (c) => c.createPlotsAnalysisReport("a/", "n", IDS, "t"),
    "plotsAnalysisId",
  ],
  ["getPlotsGroupExportUrl: group", (c) => c.getPlotsGroupExportUrl("?", "geojson"), "plotsGroupId"],
  ["grants: resource id", (c) => c.getAuthorizationGrants("plots_group", "a/b"), "resourceId"],
];

const DATE_CASES: Case[] = [
  [
    "an impossible date",
    (c) => analyze(c, "g1", "n", IDS, "2025-02-30", "2025-03-01"),
    "dateFrom is not a real date: '2025-02-30'",
  ],
  [
    "a date with a time",
    (c) => analyze(c, "g1", "n", IDS, "2021-01-01T00:00:00Z", "2025-03-01"),
    'dateFrom must be a Date or a "YYYY-MM-DD" string',
  ],
  [
    "an invalid Date",
    (c) => analyze(c, "g1", "n", IDS, "2021-01-01", new Date("nope")),
    "dateTo is an invalid Date",
  ],
  [
    "dateFrom after dateTo",
    (c) => analyze(c, "g1", "n", IDS, "2025-12-31", "2021-01-01"),
    "dateFrom (2025-12-31) is after dateTo (2021-01-01)",
  ],
  [
    "precheck: dateFrom after dateTo",
    (c) => c.analyzePlotsPrecheck("g1", "n", IDS, new Date("2024-01-02"), new Date("2024-01-01")),
    "dateFrom (2024-01-02) is after dateTo (2024-01-01)",
  ],
];

const PLOT_ID_CASES: Case[] = [
  [
    "analysis: no plot id",
    (c) => analyze(c, "g1", "n", [], "2021-01-01", "2021-01-02"),
    "plotIds must be a non-empty array of strings",
  ],
  [
    "analysis: a number",
    (c) => analyze(c, "g1", "n", ["P1", 2], "2021-01-01", "2021-01-02"),
    "plotIds[1] must be a non-empty string",
  ],
  [
    "precheck: a string",
    (c) => c.analyzePlotsPrecheck("g1", "n", bad("P1"), "2021-01-01", "2021-01-02"),
    "plotIds must be a non-empty array",
  ],
  [
    "report: empty",
    (c) => c.createPlotsAnalysisReport("a1", "n", [], "eudr_export"),
    "plotIds must be a non-empty array",
  ],
  [
    "report precheck: ''",
    (c) => c.createPlotsAnalysisReportPrecheck("a1", "n", [""], "eudr_export"),
    "plotIds[0] must be a non-empty string",
  ],
];

const LV95_CRS = { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::2056" } };
const notPolygon = plots({ ...plot("P1"), geometry: { type: "Point", coordinates: [0, 0] } } as never);
const PLOTS_FILE_CASES: Case[] = [
  [
    "a path",
    (c) => c.createPlotsGroup("n", "m1", bad("farms.geojson")),
    "plotsFiles[0] is a string ('farms.geojson'), not a file: for a path, see @picterra/node-fs",
  ],
  [
    "a path in a list",
    (c) => c.updatePlotsGroupPlots("g1", bad([FARMS, "b.geojson"])),
    "plotsFiles[1] is a string",
  ],
  ["no file", (c) => c.createPlotsGroup("n", "m1", []), "plotsFiles is empty"],
  [
    "not a collection",
    (c) => c.createPlotsGroup("n", "m1", bad(plot("P1"))),
    "plotsFiles[0] must be a GeoJSON FeatureCollection, got type 'Feature'",
  ],
  [
    "a Point",
    (c) => c.updatePlotsGroupPlots("g1", notPolygon),
    "plotsFiles[0].features[0] (plot_id 'P1').geometry is a 'Point'; expected Polygon or MultiPolygon",
  ],
  [
    "plots in Swiss LV95 metres (crs EPSG:2056)",
    (c) =>
      c.createPlotsGroup("n", "m1", {
        ...plots(plotIn("P1", [2600000, 1200000, 2600100, 1200100])),
        crs: LV95_CRS,
      } as never),
    "plotsFiles[0] has a crs member naming 'urn:ogc:def:crs:EPSG::2056', not WGS 84 longitude/latitude",
  ],
  [
    "plots in metres without a crs",
    (c) =>
      c.updatePlotsGroupPlots("g1", plots(plot("P1"), plotIn("P2", [2600000, 1200000, 2600100, 1200100]))),
    "plotsFiles[0].features[1] (plot_id 'P2').geometry.coordinates[0][0] is [2600000,1200000], outside longitude [-180, 180] / latitude [-90, 90]",
  ],
  [
    "a latitude past the pole",
    (c) => c.updatePlotsGroupPlots("g1", plots(plotIn("P1", [0, 89.995, 0.01, 90.005]))),
    "plotsFiles[0].features[0] (plot_id 'P1').geometry.coordinates[0][2] is [0.01,90.005], outside",
  ],
  [
    "no plot_id",
    (c) => c.updatePlotsGroupPlots("g1", plots({ ...plot("x"), properties: { id: "P1" } } as never)),
    "plotsFiles[0].features[0].properties.plot_id must be a non-empty string, got undefined",
  ],
  [
    "a numeric plot_id",
    (c) => c.updatePlotsGroupPlots("g1", plots({ ...plot("x"), properties: { plot_id: 7 } } as never)),
    "properties.plot_id must be a non-empty string, got 7",
  ],
  [
    "null properties",
    (c) => c.updatePlotsGroupPlots("g1", plots({ ...plot("x"), properties: null } as never)),
    "properties.plot_id must be a non-empty string",
  ],
  [
    "a named file without a name",
    (c) => c.updatePlotsGroupPlots("g1", { filename: "", body: new Blob(["{}"]) }),
    "plotsFiles[0].filename must not be empty",
  ],
  [
    "a named file whose body is a string",
    (c) => c.updatePlotsGroupPlots("g1", { filename: "a.geojson", body: bad("{}") }),
    "plotsFiles[0].body is a string",
  ],
];

const OTHER_CASES: Case[] = [
  [
    "export format",
    (c) => c.getPlotsGroupExportUrl("g1", bad("csv")),
    "format must be one of 'excel', 'geojson', got 'csv'",
  ],
  [
    "download format",
    (c) => c.downloadPlotsGroup("g1", bad("xlsx")),
    "format must be one of 'excel', 'geojson'",
  ],
  [
    "grants kind",
    (c) => c.getAuthorizationGrants(bad("folder"), "x1"),
    "kind must be one of 'plots_group', 'plots_analysis', 'methodology', got 'folder'",
  ],
  [
    "set grants kind",
    (c) => c.setAuthorizationGrants(bad("detector"), "x1", { grants: [] }),
    "kind must be one of",
  ],
  [
    "grants not a list",
    (c) => c.setAuthorizationGrants("methodology", "x1", bad({ grants: {} })),
    "grants must be an array of grants, got object",
  ],
  [
    "an unknown role (checked as Forge's are, with Tracer's document's values)",
    (c) =>
      c.setAuthorizationGrants("plots_group", "g1", {
        grants: [bad({ grantee: { type: "user", id: "u1" }, role: "owner" })],
      }),
    "grants[0].role must be one of 'viewer', 'editor', got 'owner'",
  ],
  ["group name empty", (c) => c.createPlotsGroup("", "m1", FARMS), "name must not be empty"],
  [
    "columns not an object",
    (c) => c.createPlotsGroup("n", "m1", FARMS, { columns: bad([1]) }),
    "columns must be an object",
  ],
  [
    "analysis name",
    (c) => c.analyzePlots("g1", bad(null), IDS, "2021-01-01", "2021-01-02"),
    "analysisName must be a string",
  ],
  [
    "report name",
    (c) => c.createPlotsAnalysisReport("a1", "", IDS, "eudr_export"),
    "reportName must not be empty",
  ],
  [
    "report type",
    (c) => c.createPlotsAnalysisReportPrecheck("a1", "n", IDS, bad(undefined)),
    "reportType must be a string",
  ],
  [
    "metadata",
    (c) => c.createPlotsAnalysisReport("a1", "n", IDS, "t", { metadata: bad("x") }),
    "metadata must be an object",
  ],
  [
    "deleteExistingPlots",
    (c) => c.updatePlotsGroupPlots("g1", FARMS, { deleteExistingPlots: bad("yes") }),
    "deleteExistingPlots must be a boolean",
  ],
  [
    "includeArchived",
    (c) => c.listPlotsGroups({ includeArchived: bad(1) }),
    "includeArchived must be a boolean",
  ],
  ["pageNumber", (c) => c.listMethodologies({ pageNumber: 0 }), "pageNumber must be an integer between 1"],
  ["search", (c) => c.listMethodologies({ search: bad(5) }), "search must be a string"],
  ["methodology filter", (c) => c.listPlotsGroups({ methodology: bad(3) }), "methodology must be a string"],
  [
    "report type filter",
    (c) => c.listPlotsAnalysisReports("a1", { reportType: "" }),
    "reportType must not be empty",
  ],
  [
    "artifact",
    (c) => c.downloadPlotsAnalysisReportArtifact(bad({})),
    "artifact.download_url must be a string",
  ],
];

validatesBeforeAnyRequest(
  [
    ["bad ids", ID_CASES],
    ["dates", DATE_CASES],
    ["plot ids", PLOT_ID_CASES],
    ["plots files", PLOTS_FILE_CASES],
    ["formats, kinds, names and options", OTHER_CASES],
  ],
  newClient,
  ValidationError,
  (c) => c.getPlotsGroup("g1"),
);
