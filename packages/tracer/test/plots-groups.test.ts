import { describe, expect, it } from "vitest";
import { OperationFailedError, UploadError } from "@picterra/core";
import {
  STORAGE,
  allDone,
  api,
  countUnmatched,
  expectNoKey,
  failedOperation,
  newClient,
  operation,
  p,
  page,
  plot,
  plots,
  rejection,
  signed,
  staged,
  storage,
  u,
  useNock,
} from "./helpers";

useNock();

const FARMS = plots(plot("PLOT-1"), plot("PLOT-2", 1, 1));
const MORE = plots(plot("PLOT-3", 2, 2));

const created = (results = { plots_group_id: "g1" }) =>
  operation(
    "/plots_groups/",
    { name: "Farms", methodology_id: "m1", custom_columns_values: {} },
    "op-create",
    "plots_group_creation",
    results,
  );

const commit = (files: object[], overwrite: boolean, id = "op-commit") =>
  operation("/plots_groups/g1/upload/commit/", { files, overwrite }, id, "plots_group_commit", {
    plots_group_id: "g1",
  });

describe("createPlotsGroup", () => {
  it("creates the group, uploads each file fresh (bytes, no key, no Content-Type), commits them merged", async () => {
    const file = new File([JSON.stringify(FARMS)], "farms.geojson", { type: "application/geo+json" });
    const scopes = [
      created(),
      staged("u1", null, JSON.stringify(FARMS)),
      staged("u2", null, JSON.stringify(MORE)),
      commit(
        [
          { filename: "farms.geojson", upload_id: "u1" },
          { filename: "plots-2.geojson", upload_id: "u2" },
        ],
        false,
      ),
    ];
    const polled: string[] = [];
    const id = await newClient().createPlotsGroup("Farms", "m1", [file, MORE], {
      onPoll: (op) => polled.push(`${op.type} ${op.status}`),
    });
    expect(id).toBe("g1");
    allDone(...scopes);
    expect(polled).toEqual([
      "plots_group_creation running",
      "plots_group_creation success",
      "plots_group_commit running",
      "plots_group_commit success",
    ]);
  });

  it("takes one file alone, a Blob as plots-1.geojson, and sends the custom columns", async () => {
    const bytes = JSON.stringify(FARMS);
    const scopes = [
      operation(
        "/plots_groups/",
        { name: "Farms", methodology_id: "m1", custom_columns_values: { supplier: "Coop A", year: 2025 } },
        "op-create",
        "plots_group_creation",
        { plots_group_id: "g1" },
      ),
      staged("u1", null, bytes),
      commit([{ filename: "plots-1.geojson", upload_id: "u1" }], false),
    ];
    const blob = new Blob([bytes], { type: "application/json" });
    const id = await newClient().createPlotsGroup("Farms", "m1", blob, {
      columns: { supplier: "Coop A", year: 2025 },
    });
    expect(id).toBe("g1");
    allDone(...scopes);
  });

  it("takes a file given by name and bytes ({ filename, body }), as node-fs passes one", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(FARMS));
    const scopes = [
      created(),
      staged("u1", null, JSON.stringify(FARMS)),
      commit([{ filename: "site.geojson", upload_id: "u1" }], false),
    ];
    expect(
      await newClient().createPlotsGroup("Farms", "m1", [{ filename: "site.geojson", body: bytes }]),
    ).toBe("g1");
    allDone(...scopes);
  });

  it("validates every file before the group is created", async () => {
    const unmatched = countUnmatched();
    const error = await rejection(
      newClient().createPlotsGroup("Farms", "m1", [FARMS, plots({ ...plot("x"), properties: {} } as never)]),
    );
    unmatched.stop();
    expect((error as Error).message).toBe(
      "plotsFiles[1].features[0].properties.plot_id must be a non-empty string, got undefined",
    );
    expect(unmatched.count).toBe(0);
  });

  it("a commit that fails once the group exists is an UploadError naming the group, its cause the API's", async () => {
    const errors = [
      { code: "invalid_plots_file", message: "farms.geojson: not JSON", filename: "farms.geojson" },
    ];
    const scopes = [
      created(),
      staged("u1", null),
      failedOperation(
        "/plots_groups/g1/upload/commit/",
        undefined,
        "op-commit",
        "plots_group_commit",
        errors,
      ),
    ];
    const error = await rejection(
      newClient().createPlotsGroup("Farms", "m1", new File(["not json"], "farms.geojson")),
    );
    allDone(...scopes);
    expect(error).toBeInstanceOf(UploadError);
    const e = error as UploadError;
    expect(e.id).toBe("g1");
    expect(e.what).toBe("plots group");
    expect(e.message).toContain("plots group g1 may be left on the server");
    expect(e.cause).toBeInstanceOf(OperationFailedError);
    expect((e.cause as OperationFailedError).errors).toEqual(errors);
    expectNoKey(e);
  });

  it("a creation whose results name no group is an error that says so", async () => {
    const scopes = created({ other: "x" } as never);
    const error = await rejection(newClient().createPlotsGroup("Farms", "m1", FARMS));
    allDone(scopes);
    expect((error as Error).message).toBe(
      "plots_group_creation operation op-create succeeded without plots_group_id",
    );
  });

  it("that error shows the server's operation type with its control characters escaped", async () => {
    const scopes = operation(
      "/plots_groups/",
      { name: "Farms", methodology_id: "m1", custom_columns_values: {} },
      "op-create",
      "creation\x1b[2J\u202e",
      {},
    );
    const error = await rejection(newClient().createPlotsGroup("Farms", "m1", FARMS));
    allDone(scopes);
    expect((error as Error).message).toBe(
      "creation\\x1b[2J\\u202e operation op-create succeeded without plots_group_id",
    );
  });
});

describe("updatePlotsGroupPlots", () => {
  it("merges by default and returns the whole finished operation", async () => {
    const scopes = [
      staged("u1", null, JSON.stringify(MORE)),
      commit([{ filename: "plots-1.geojson", upload_id: "u1" }], false),
    ];
    const op = await newClient().updatePlotsGroupPlots("g1", [MORE]);
    expect(op).toEqual({
      id: "op-commit",
      type: "plots_group_commit",
      status: "success",
      metadata: {},
      results: { plots_group_id: "g1" },
      errors: null,
    });
    allDone(...scopes);
  });

  it("replaces every plot with { deleteExistingPlots: true } (overwrite: true)", async () => {
    const scopes = [
      staged("u1", null, JSON.stringify(FARMS)),
      commit([{ filename: "farms.geojson", upload_id: "u1" }], true),
    ];
    const file = new File([JSON.stringify(FARMS)], "farms.geojson");
    await newClient().updatePlotsGroupPlots("g1", file, { deleteExistingPlots: true });
    allDone(...scopes);
  });

  it("makes a fresh upload for each call", async () => {
    const scopes = [
      staged("u1", null, JSON.stringify(MORE)),
      commit([{ filename: "plots-1.geojson", upload_id: "u1" }], false, "op-1"),
      staged("u2", null, JSON.stringify(MORE)),
      commit([{ filename: "plots-1.geojson", upload_id: "u2" }], false, "op-2"),
    ];
    const client = newClient();
    await client.updatePlotsGroupPlots("g1", MORE);
    await client.updatePlotsGroupPlots("g1", MORE);
    allDone(...scopes);
  });
});

describe("listPlotsGroups", () => {
  const group = {
    id: "g1",
    name: "Farms",
    created_at: "2025-09-29T10:04:08.143098Z",
    methodology: "Coffee - EUDR",
  };

  it("sends page_number 1 by default and nothing else", async () => {
    const scope = api()
      .get(p("/plots_groups/"))
      .query({ page_number: "1" })
      .reply(200, page([group]));
    const groups = await newClient().listPlotsGroups();
    expect(groups.results).toEqual([group]);
    expect(groups.count).toBe(1);
    scope.done();
  });

  it("trims search, sends include_archived only when true, and the methodology by name", async () => {
    const scope = api()
      .get(p("/plots_groups/"))
      .query({ search: "farms", include_archived: "true", methodology: "Coffee - EUDR", page_number: "2" })
      .reply(200, page([group], { count: 21 }))
      .get(p("/plots_groups/"))
      .query({ search: "farms", page_number: "1" })
      .reply(200, page([group]));
    const client = newClient();
    await client.listPlotsGroups({
      search: "  farms ",
      includeArchived: true,
      methodology: "Coffee - EUDR",
      pageNumber: 2,
    });
    await client.listPlotsGroups({ search: "farms", includeArchived: false });
    scope.done();
  });

  it("follows next links through every page", async () => {
    const scope = api()
      .get(p("/plots_groups/"))
      .query({ page_number: "1" })
      .reply(200, page([group], { count: 2, next: u("/plots_groups/?page_number=2") }))
      .get(p("/plots_groups/"))
      .query({ page_number: "2" })
      .reply(200, page([{ ...group, id: "g2" }], { count: 2 }));
    const ids: string[] = [];
    for await (const g of await newClient().listPlotsGroups()) ids.push(g.id);
    expect(ids).toEqual(["g1", "g2"]);
    scope.done();
  });
});

describe("getPlotsGroup", () => {
  it("GETs the group", async () => {
    const group = {
      id: "g1",
      name: "Farms",
      created_at: "2025-09-29T10:04:08.143098Z",
      methodology: "Cocoa - EUDR",
    };
    const scope = api().get(p("/plots_groups/g1/")).reply(200, group);
    expect(await newClient().getPlotsGroup("g1")).toEqual(group);
    scope.done();
  });
});

describe("exports", () => {
  it("getPlotsGroupExportUrl: POST export/ {format}, waits, answers the signed URL", async () => {
    const url = signed("export.xlsx");
    const scopes = operation("/plots_groups/g1/export/", { format: "excel" }, "op-x", "plots_group_export", {
      download_url: url,
      expiration: "2026-01-01T00:00:00.000000Z",
    });
    expect(await newClient().getPlotsGroupExportUrl("g1", "excel")).toBe(url);
    allDone(scopes);
  });

  it("downloadPlotsGroup: the storage Response, fetched without the key", async () => {
    const bytes = JSON.stringify(FARMS);
    const scopes = [
      operation("/plots_groups/g1/export/", { format: "geojson" }, "op-x", "plots_group_export", {
        download_url: signed("export.geojson"),
      }),
      storage().get("/bucket/export.geojson").query(true).reply(200, bytes),
    ];
    const response = await newClient().downloadPlotsGroup("g1", "geojson");
    expect(JSON.parse(await response.text())).toEqual(FARMS);
    allDone(...scopes);
  });

  it("a storage error names the URL without its signature", async () => {
    const scopes = [
      operation("/plots_groups/g1/export/", { format: "geojson" }, "op-x", "plots_group_export", {
        download_url: signed("gone.geojson"),
      }),
      storage().get("/bucket/gone.geojson").query(true).reply(403, "expired"),
    ];
    const error = (await rejection(newClient().downloadPlotsGroup("g1", "geojson"))) as Error;
    expect(error.message).toBe(`GET ${STORAGE}/bucket/gone.geojson?… failed with status 403: expired`);
    expect(error.message).not.toContain("Signature");
    allDone(...scopes);
  });
});
