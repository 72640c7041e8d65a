import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script shared by the size tests and the benchmarks
import { browserBundle } from "../../../scripts/browser-bundle.mjs";
import { browserRealm } from "../../core/test/browser-realm";

const root = join(__dirname, "../../..");
const budgets = JSON.parse(readFileSync(join(root, "size-budgets.json"), "utf8")) as Record<string, number>;
const entry = join(__dirname, "../dist/index.js");

describe("the built tracer in a browser bundle (with the part of core's machinery it uses)", () => {
  it("imports no Node built-in", async () => {
    const bundle = await browserBundle(entry);
    expect(bundle.builtins).toEqual([]);
  });

  it("loads and makes calls in a realm with no `process`, `require` or Node globals", async () => {
    const bundle = await browserBundle(entry, { format: "iife", globalName: "Tracer" });
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(
        `${request.method} ${request.url} key=${request.headers.get("x-api-key")} type=${request.headers.get("content-type")}`,
      );
      if (request.url.startsWith("https://storage.test/")) return new Response(null, { status: 200 });
      if (request.url.endsWith("/upload/file/")) {
        return Response.json(
          { upload_id: "u1", upload_url: "https://storage.test/u1?sig=s" },
          { status: 201 },
        );
      }
      if (request.method === "POST")
        return Response.json({ operation_id: "o1", poll_interval: 0 }, { status: 201 });
      if (request.url.includes("/operations/")) {
        return Response.json({ id: "o1", type: "plots_group_commit", status: "success", results: {} });
      }
      return Response.json({
        count: 1,
        next: null,
        previous: null,
        results: [{ id: "m1", name: "Coffee - EUDR" }],
      });
    };
    const realm = browserRealm(bundle.code, fetch);
    const names = await vm.runInContext(
      `(async () => {
        const tracer = Tracer.createTracerClient({ apiKey: "k", baseUrl: "https://api.test/" });
        const page = await tracer.listMethodologies({ search: "coffee" });
        const plots = { type: "FeatureCollection", features: [] };
        await tracer.updatePlotsGroupPlots("g1", new Blob([JSON.stringify(plots)]));
        return page.results.map((m) => m.name);
      })()`,
      realm,
    );
    expect(names).toEqual(["Coffee - EUDR"]);
    const base = "https://api.test/public/api/plots_analysis/v1";
    expect(seen).toEqual([
      `GET ${base}/methodologies/?search=coffee&page_number=1 key=k type=null`,
      `POST ${base}/upload/file/ key=k type=null`,
      "PUT https://storage.test/u1?sig=s key=null type=null",
      `POST ${base}/plots_groups/g1/upload/commit/ key=k type=application/json`,
      `GET ${base}/operations/o1/ key=k type=null`,
    ]);
    expect(vm.runInContext("typeof process", realm)).toBe("undefined");
  });

  it(`stays within its size budget (${budgets["@picterra/tracer"]} bytes min+gzip)`, async () => {
    const bundle = await browserBundle(entry);
    console.log(`@picterra/tracer browser bundle: ${bundle.minBytes} B min, ${bundle.gzipBytes} B min+gzip`);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(budgets["@picterra/tracer"] as number);
  });
});
