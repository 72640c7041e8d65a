import { describe, expect, it } from "vitest";
import { apiJson, api, newClient, p, page, u, useNock } from "./helpers";

useNock();

describe("getUserInfo", () => {
  it("GETs users/me/ under Tracer's base", async () => {
    const user = { user_id: "u1", organization_id: "o1", organization_name: "Org" };
    const scope = api().get(p("/users/me/")).reply(200, user);
    expect(await newClient().getUserInfo()).toEqual(user);
    scope.done();
  });
});

describe("listMethodologies", () => {
  const coffee = { id: "m1", name: "Coffee - EUDR" };

  it("sends search (trimmed) and page_number (default 1)", async () => {
    const scope = api()
      .get(p("/methodologies/"))
      .query({ search: "coffee", page_number: "1" })
      .reply(200, page([coffee]))
      .get(p("/methodologies/"))
      .query({ page_number: "2", page_size: "5" })
      .reply(200, page([], { count: 6, previous: u("/methodologies/?page_number=1&page_size=5") }))
      .get(p("/methodologies/"))
      .query({ page_number: "1", page_size: "5" })
      .reply(200, page([coffee], { count: 6 }));
    const client = newClient();
    expect((await client.listMethodologies({ search: " coffee  " })).at(0)).toEqual(coffee);
    const second = await client.listMethodologies({ pageNumber: 2, pageSize: 5 });
    expect((await second.previous())?.results).toEqual([coffee]);
    scope.done();
  });
});

describe("authorization grants", () => {
  const grants = { grants: [{ grantee: { type: "organization", id: "o1" }, role: "viewer" }] } as const;

  it.each(["plots_group", "plots_analysis", "methodology"] as const)(
    "GETs and POSTs the grants of a %s",
    async (kind) => {
      const scope = api()
        .get(p(`/authorization/grants/${kind}/x1/`))
        .reply(200, { grants: [] });
      const post = apiJson()
        .post(p(`/authorization/grants/${kind}/x1/`), grants)
        .reply(201, grants);
      const client = newClient();
      expect(await client.getAuthorizationGrants(kind, "x1")).toEqual({ grants: [] });
      expect(await client.setAuthorizationGrants(kind, "x1", { grants: [...grants.grants] })).toEqual(grants);
      scope.done();
      post.done();
    },
  );

  it("accepts any 2xx, as Tracer's Python client does", async () => {
    const scope = apiJson()
      .post(p("/authorization/grants/plots_group/g1/"), { grants: [] })
      .reply(200, { grants: [] });
    expect(await newClient().setAuthorizationGrants("plots_group", "g1", { grants: [] })).toEqual({
      grants: [],
    });
    scope.done();
  });
});
