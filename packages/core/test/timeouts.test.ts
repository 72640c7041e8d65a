import { describe, expect, it } from "vitest";
import { TimeoutError } from "../src/index";
import {
  STORAGE,
  SUCCESS,
  api,
  apiJson,
  newClient,
  p,
  polls,
  rasterUpload,
  rejection,
  storage,
  u,
  useNock,
} from "./helpers";

useNock();

describe("timeoutMs", () => {
  it("an API call slower than timeoutMs is a TimeoutError naming method, URL and the time", async () => {
    const scope = api().get(p("/rasters/r1/")).delay(500).reply(200, { id: "r1" });
    const error = await rejection(newClient({ timeoutMs: 50 }).getRaster("r1"));
    expect(error).toBeInstanceOf(TimeoutError);
    const e = error as TimeoutError;
    expect(e.message).toBe(`GET ${u("/rasters/r1/")} timed out after 50 ms`);
    expect(e.method).toBe("GET");
    expect(e.url).toBe(u("/rasters/r1/"));
    expect(e.timeoutMs).toBe(50);
    scope.done();
  });

  it("applies to a POST too", async () => {
    const scope = apiJson()
      .post(p("/folders/"), { name: "f" })
      .delay(500)
      .reply(201, { id: "f1", name: "f" });
    const error = await rejection(newClient({ timeoutMs: 50 }).createFolder("f"));
    expect((error as Error).message).toBe(`POST ${u("/folders/")} timed out after 50 ms`);
    scope.done();
  });

  it("a call within timeoutMs succeeds", async () => {
    const scope = api().get(p("/rasters/r1/")).delay(20).reply(200, { id: "r1" });
    expect(await newClient({ timeoutMs: 2000 }).getRaster("r1")).toEqual({ id: "r1" });
    scope.done();
  });

  it("does not apply to a storage download", async () => {
    const url = `${STORAGE}/rasters/r1.tif?sig=1`;
    const scope = api().get(p("/rasters/r1/download/")).reply(200, { download_url: url });
    const file = storage().get("/rasters/r1.tif").query({ sig: "1" }).delay(1200).reply(200, "bytes");
    const response = await newClient({ timeoutMs: 500 }).downloadRaster("r1");
    expect(await response.text()).toBe("bytes");
    scope.done();
    file.done();
  });

  it("does not apply to a storage upload", async () => {
    const scope = rasterUpload("r1");
    const put = storage().put("/bucket/x", "abc").query(true).delay(1200).reply(200);
    const bytes = new TextEncoder().encode("abc");
    expect(await newClient({ timeoutMs: 500 }).uploadRaster(bytes, "n")).toBe("r1");
    scope.done();
    put.done();
  });

  it("is per call: a long operation made of quick polls does not time out", async () => {
    const scope = api()
      .get(p("/operations/o1/"))
      .times(3)
      .delay(10)
      .reply(200, { type: "x", status: "running" });
    polls(scope, "o1", [SUCCESS]);
    const operation = await newClient({ timeoutMs: 500 }).waitForOperation({
      operation_id: "o1",
      poll_interval: 0.25,
    });
    expect(operation).toEqual(SUCCESS);
    scope.done();
  });

  it("bounds the whole call, middleware included: a middleware still waiting when time is up gets a TimeoutError", async () => {
    const scope = api().get(p("/rasters/r1/")).reply(503, { detail: "busy" });
    let waitedFor: unknown;
    // Like a retry middleware waiting before its next attempt: it waits on the request's signal.
    const patient = {
      onResponse: ({ request }: { request: Request }) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener("abort", () => {
            waitedFor = request.signal.reason;
            reject(request.signal.reason);
          });
        }),
    };
    const error = await rejection(newClient({ timeoutMs: 200, middleware: [patient] }).getRaster("r1"));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect((error as Error).message).toBe(`GET ${u("/rasters/r1/")} timed out after 200 ms`);
    expect(waitedFor).toBe(error);
    scope.done();
  });

  it("also covers reading the body: headers in time, a body too slow, is a TimeoutError", async () => {
    const scope = api().get(p("/rasters/r1/")).delayBody(2000).reply(200, { id: "r1" });
    const error = await rejection(newClient({ timeoutMs: 200 }).getRaster("r1"));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect((error as Error).message).toContain("timed out after 200 ms");
    scope.done();
  });
});
