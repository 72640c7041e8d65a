import { describe, expect, it } from "vitest";
import { apiJson, newClient, p, useNock } from "./helpers";

useNock();

describe("editVectorLayer", () => {
  it("PUTs {name, color} and expects 204", async () => {
    const scope = apiJson().put(p("/vector_layers/v1/"), { name: "n", color: "#00FF7f" }).reply(204);
    expect(await newClient().editVectorLayer("v1", { name: "n", color: "#00FF7f" })).toBeUndefined();
    scope.done();
  });

  it("sends only what is given", async () => {
    const scope = apiJson().put(p("/vector_layers/v1/"), { color: "#123456" }).reply(204);
    await newClient().editVectorLayer("v1", { color: "#123456" });
    scope.done();
  });
});
