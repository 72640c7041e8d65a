import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/index";
import { api, apiJson, countUnmatched, expectAPIError, newClient, p, rejection, u, useNock } from "./helpers";

useNock();

const GRANTS = {
  grants: [
    { grantee: { type: "user", id: "u1" }, role: "editor" },
    { grantee: { type: "organization", id: "org1" }, role: "viewer" },
  ],
} as const;

describe("createFolder", () => {
  it("POSTs folders/ with {name}, expects exactly 201 and returns the id, as Python does", async () => {
    const scope = apiJson().post(p("/folders/"), { name: "project" }).reply(201, { id: "f1" });
    expect(await newClient().createFolder("project")).toBe("f1");
    scope.done();
  });
});

describe("listFolders", () => {
  it("a page without results is an error naming the call", async () => {
    const scope = api().get(p("/folders/")).query(true).reply(200, { count: 1 });
    const error = await rejection(newClient().listFolders());
    expect((error as Error).message).toMatch(/answered a page without `results`/);
    scope.done();
  });
});

describe("getFolder", () => {
  it("refuses an id that would change the path before any request", async () => {
    const error = await rejection(newClient().getFolder("../rasters"));
    expect(error).toBeInstanceOf(ValidationError);
  });
});

describe("getAuthorizationGrants", () => {
  it.each(["folder", "detector"] as const)(
    "GETs authorization/grants/%s/<id>/ and returns the grants",
    async (kind) => {
      const scope = api()
        .get(p(`/authorization/grants/${kind}/x1/`))
        .reply(200, GRANTS);
      expect(await newClient().getAuthorizationGrants(kind, "x1")).toEqual(GRANTS);
      scope.done();
    },
  );

  it("expects exactly 200, as Picterra's client does", async () => {
    const scope = api().get(p("/authorization/grants/folder/f1/")).reply(201, GRANTS);
    await expectAPIError(newClient().getAuthorizationGrants("folder", "f1"), {
      status: 201,
      method: "GET",
      url: u("/authorization/grants/folder/f1/"),
      body: GRANTS,
    });
    scope.done();
  });
});

describe("setAuthorizationGrants", () => {
  it("POSTs {grants} and returns the grants as stored (exactly 201)", async () => {
    const scope = apiJson().post(p("/authorization/grants/detector/d1/"), GRANTS).reply(201, GRANTS);
    expect(
      await newClient().setAuthorizationGrants("detector", "d1", { grants: [...GRANTS.grants] }),
    ).toEqual(GRANTS);
    scope.done();
  });

  it("an empty list is sent as it is (it removes every grant)", async () => {
    const scope = apiJson()
      .post(p("/authorization/grants/folder/f1/"), { grants: [] })
      .reply(201, { grants: [] });
    expect(await newClient().setAuthorizationGrants("folder", "f1", { grants: [] })).toEqual({ grants: [] });
    scope.done();
  });

  it("a 200 is an APIError: Picterra's client demands 201", async () => {
    const scope = apiJson().post(p("/authorization/grants/folder/f1/")).reply(200, GRANTS);
    const error = await rejection(newClient().setAuthorizationGrants("folder", "f1", { grants: [] }));
    expect((error as Error).message).toContain("failed with status 200");
    scope.done();
  });
});

describe("grants: bad input is refused before any request", () => {
  const client = newClient();
  const bad = (value: unknown) => value as never;
  it.each([
    [
      "an unknown kind",
      () => client.getAuthorizationGrants(bad("plots_group"), "x1"),
      "kind must be one of 'folder', 'detector'",
    ],
    [
      "a bad resource id",
      () => client.getAuthorizationGrants("folder", "a/b"),
      "resourceId must be a non-empty id",
    ],
    [
      "grants not an array",
      () => client.setAuthorizationGrants("folder", "f1", bad({ grants: "all" })),
      "grants must be an array",
    ],
    [
      "no options",
      () => client.setAuthorizationGrants("folder", "f1", bad(undefined)),
      "grants must be an array",
    ],
    [
      "an unknown role",
      () =>
        client.setAuthorizationGrants("folder", "f1", {
          grants: [bad({ grantee: { type: "user", id: "u1" }, role: "owner" })],
        }),
      "grants[0].role must be one of 'viewer', 'editor', got 'owner'",
    ],
    [
      "an unknown grantee type",
      () =>
        client.setAuthorizationGrants("folder", "f1", {
          grants: [bad({ grantee: { type: "team", id: "t" }, role: "viewer" })],
        }),
      "grants[0].grantee.type must be one of 'user', 'organization'",
    ],
    [
      "a grantee without id",
      () =>
        client.setAuthorizationGrants("folder", "f1", {
          grants: [bad({ grantee: { type: "user" }, role: "viewer" })],
        }),
      "grants[0].grantee.id must be a non-empty id",
    ],
  ])("%s", async (_, call, message) => {
    const unmatched = countUnmatched();
    const error = await rejection(call());
    unmatched.stop();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
    expect(unmatched.count).toBe(0);
  });
});
