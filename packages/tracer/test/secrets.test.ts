import { inspect } from "node:util";
import { APIError, UploadError } from "@picterra/core";
import { describe, expect, it } from "vitest";
import { KEY, STORAGE, api, newClient, p, plot, plots, storage, useNock } from "./helpers";

// Tracer's client is built on core's machinery: the same promise, that no error shows the key, holds for it.

useNock();

const printed = (error: unknown) =>
  [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 8 })].join("\n");

describe("a Tracer server or storage that echoes the API key", () => {
  it("an API answer: the key reads [redacted] in message and body", async () => {
    const scope = api()
      .get(p("/plots_groups/g1/"))
      .reply(401, { detail: `Invalid API key '${KEY}'` });
    const error = await newClient()
      .getPlotsGroup("g1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).body).toEqual({ detail: "Invalid API key '[redacted]'" });
    expect(printed(error)).not.toContain(KEY);
    scope.done();
  });

  it("a plots upload whose signed URL and storage answer hold the key", async () => {
    const scope = api()
      .post(p("/upload/file/"))
      .reply(201, { upload_id: "u1", upload_url: `${STORAGE}/bucket/${KEY}?sig=1` });
    const put = storage()
      .put(`/bucket/${KEY}`)
      .query(true)
      .reply(403, `bad key ${encodeURIComponent(KEY)}`);
    const error = await newClient()
      .updatePlotsGroupPlots("g1", plots(plot("P1")))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(((error as UploadError).cause as APIError).body).toBe("bad key [redacted]");
    expect(printed(error)).not.toContain(KEY);
    scope.done();
    put.done();
  });
});
