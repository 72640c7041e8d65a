import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { NetworkError, createClient as createWebClient } from "../src/index";
import { createClient as createNodeClient } from "../src/node/index";
import { rejection } from "./helpers";
import { useLocalServer } from "./local-server";

// A server that sends part of a body, then drops the connection: the read must fail as a NetworkError that
// names the call, never as a bare `Error: aborted` / `TypeError: terminated`.

let answer: (res: ServerResponse) => void;
const local = useLocalServer((_, res) => answer(res));

/** Answers a JSON array body of `size` bytes, chunked or with its length, cut after `sent` bytes. */
function cutAfter(size: number, sent: number, chunked: boolean): (res: ServerResponse) => void {
  return (res) => {
    const body = Buffer.from(`[${'"x",'.repeat(Math.ceil(size / 4))}"x"]`).subarray(0, size);
    res.writeHead(200, {
      "content-type": "application/json",
      ...(chunked ? {} : { "content-length": String(size) }),
    });
    res.write(body.subarray(0, sent), () => setImmediate(() => res.socket?.destroy()));
  };
}

const MiB = 1024 * 1024;

describe.each([
  ["core's node:http fetch (the node entry)", createNodeClient],
  ["the global fetch (browsers, Deno, Bun)", createWebClient],
])("%s", (_, createClient) => {
  it.each([
    ["a chunked body", 10_000, 4_000, true],
    ["a chunked body over 1 MiB (streamed)", 3 * MiB, 2 * MiB, true],
    ["a body of known length", 10_000, 4_000, false],
    ["a body of known length over 1 MiB (streamed)", 3 * MiB, 2 * MiB, false],
  ])("%s cut mid-way is a NetworkError naming the call", async (_, size, sent, chunked) => {
    answer = cutAfter(size, sent, chunked);
    const client = createClient({ apiKey: "cut-key-0123456789", baseUrl: local.base });
    const error = await rejection(client.listDetectors());
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^GET ${local.base.replace(/[.?]/g, "\\$&")}public/api/v2/detectors/(\\?page_number=1)? failed: `,
      ),
    );
  });
});

describe("a storage download's body, read by the caller", () => {
  it.each([
    ["chunked", true],
    ["of known length", false],
  ])("%s, cut mid-way, is a NetworkError naming the transfer (no query string)", async (_, chunked) => {
    answer = (res) => {
      const url = res.req.url ?? "";
      if (url.includes("/download/")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ download_url: `${local.base}bucket/r1.tif?sig=secret-signature` }));
        return;
      }
      cutAfter(100_000, 10_000, chunked)(res);
    };
    const client = createNodeClient({ apiKey: "cut-key-0123456789", baseUrl: local.base });
    const response = await client.downloadRaster("r1");
    const error = await rejection(response.arrayBuffer());
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(
      new RegExp(`^GET ${local.base.replace(/[.?]/g, "\\$&")}bucket/r1\\.tif\\?… failed: `),
    );
  });
});
