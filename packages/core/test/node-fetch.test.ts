import { once } from "node:events";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { describe, expect, it, vi } from "vitest";
import {
  APIError,
  InvalidResponseError,
  NetworkError,
  type PicterraClient,
  ResponseTooLargeError,
  TimeoutError,
  createClient,
} from "../src/node/index";
import type { ApiTransport } from "../src/machinery/transport";
import { BufferedResponse, agents, nodeFetch } from "../src/node/fetch";
import { LightRequest } from "../src/node/light-request";
import { useLocalServer } from "./local-server";
import { nodeTransport } from "../src/node/transport";

// The `node` entry of core: API calls over node:http with a keep-alive agent, against a real local server.

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler;
const sockets = new Set<Socket>();
const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];

const local = useLocalServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
  handler(req, res, body);
});
local.server.on("connection", (socket) => sockets.add(socket));

function client(options: Parameters<typeof createClient>[0] = {}): PicterraClient {
  seen.length = 0;
  return createClient({ apiKey: "node-key", baseUrl: local.base, ...options });
}

const json =
  (status: number, value: unknown, headers: Record<string, string> = {}): Handler =>
  (_, res) => {
    const text = JSON.stringify(value);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

/** The Node transport, with `seen` called on every request it sends and every response it makes. */
function spied(seen: (request: Request, response?: Response) => void): ApiTransport {
  return {
    ...nodeTransport,
    fetch: async (request) => {
      seen(request);
      const response = await nodeFetch(request);
      seen(request, response);
      return response;
    },
  };
}

describe("core's node entry", () => {
  it("hands node:http to the client it creates, and sets nothing on import", async () => {
    expect(nodeTransport.fetch).toBe(nodeFetch);
    handler = json(200, { id: "r1" });
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      expect(await client().getRaster("r1")).toEqual({ id: "r1" });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("closes an idle connection before the server's Keep-Alive timeout says it will", async () => {
    // Node's http server announces `Keep-Alive: timeout=5`; the agent must close its idle socket before (at
    // 4 s), or a request sent on it as the server closes it fails with ECONNRESET.
    handler = json(200, { id: "r1" });
    await client().getRaster("r1");
    const free = Object.values(agents["http:"].freeSockets).flat();
    expect(free.length).toBeGreaterThan(0);
    for (const socket of free) expect(socket?.timeout).toBe(4_000);
  });

  it("GETs with the key and the User-Agent, and reuses one kept-alive connection", async () => {
    handler = json(200, { id: "r1", name: "a" });
    const picterra = client();
    const before = sockets.size;
    for (let i = 0; i < 5; i++) expect(await picterra.getRaster("r1")).toEqual({ id: "r1", name: "a" });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(Array(5).fill("GET /public/api/v2/rasters/r1/"));
    expect(seen[0]?.headers["x-api-key"]).toBe("node-key");
    expect(seen[0]?.headers["user-agent"]).toMatch(/^picterra-ts\/[\d.]+ \(Node [\d.]+; \w+\)$/);
    expect(seen[0]?.headers["accept-encoding"]).toBeUndefined();
    expect(sockets.size - before).toBeLessThanOrEqual(1);
  });

  it("POSTs a JSON body with its length", async () => {
    handler = json(201, { id: "f1" });
    expect(await client().createFolder("farm")).toBe("f1");
    expect(seen[0]?.body).toBe('{"name":"farm"}');
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(seen[0]?.headers["content-length"]).toBe("15");
  });

  it("a 204 has no body", async () => {
    handler = (_, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(client().deleteRaster("r1")).resolves.toBeUndefined();
  });

  it("an error status is an APIError with the parsed body", async () => {
    handler = json(404, { detail: "Not found." });
    const error = await client()
      .getRaster("nope")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).body).toEqual({ detail: "Not found." });
    expect((error as APIError).url).toBe(`${local.base}public/api/v2/rasters/nope/`);
  });

  it("does not follow a redirect: core refuses one to another origin", async () => {
    handler = (_, res) => {
      res.writeHead(302, { location: "http://evil.test/steal" });
      res.end();
    };
    const error = await client()
      .getRaster("r1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(seen).toHaveLength(1);
  });

  it("streams a body of unknown length, so that maxResponseBytes cuts it", async () => {
    handler = (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk)) if (res.writableLength > 1 << 22) break;
      };
      res.on("drain", pump);
      res.on("close", () => res.off("drain", pump));
      pump();
    };
    const error = await client({ maxResponseBytes: 1 << 20 })
      .getRaster("r1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it("aborts with the caller's reason, and times out with a TimeoutError", async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    const reason = new Error("stop");
    const call = client().getRaster("r1", { signal: controller.signal });
    setImmediate(() => controller.abort(reason));
    expect(await call.catch((e: unknown) => e)).toBe(reason);
    const timeout = await client({ timeoutMs: 30 })
      .getRaster("r1")
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
  });

  it("a refused connection is a NetworkError naming the call", async () => {
    const closed = createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const picterra = createClient({ apiKey: "k", baseUrl: `http://127.0.0.1:${port}/` });
    const error = await picterra.getRaster("r1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("a fetch given in the options still wins", async () => {
    const calls: string[] = [];
    const picterra = client({
      fetch: async (request) => {
        calls.push(request.url);
        return Response.json({ id: "mine" });
      },
    });
    expect(await picterra.getRaster("r1")).toEqual({ id: "mine" });
    expect(seen).toHaveLength(0);
    expect(calls).toHaveLength(1);
  });
});

describe("testing tools still see every call", () => {
  it("nock intercepts the node entry's API calls, as it does fetch's", async () => {
    const { default: nock } = await import("nock");
    nock.disableNetConnect();
    try {
      const scope = nock("https://api.test", { reqheaders: { "x-api-key": "k" } })
        .get("/public/api/v2/rasters/r1/")
        .reply(200, { id: "r1" });
      const picterra = createClient({ apiKey: "k", baseUrl: "https://api.test/" });
      expect(await picterra.getRaster("r1")).toEqual({ id: "r1" });
      scope.done();
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});

describe("light requests", () => {
  it("a client without middleware hands node:http a light request; api.use switches back to real Requests", async () => {
    handler = json(200, { id: "r1" });
    const seenKinds: string[] = [];
    const transport = spied((request, response) => {
      if (!response)
        seenKinds.push(request instanceof Request ? "Request" : (request as object).constructor.name);
    });
    const picterra = client({ transport });
    await picterra.getRaster("r1");
    const middlewareSaw: boolean[] = [];
    picterra.api.use({ onRequest: ({ request }) => void middlewareSaw.push(request instanceof Request) });
    await picterra.getRaster("r1");
    expect(seenKinds).toEqual(["LightRequest", "Request"]);
    expect(middlewareSaw).toEqual([true]);
    // With middleware given at creation, every request is a real one.
    await client({ transport, middleware: [{ onRequest: () => undefined }] }).getRaster("r1");
    expect(seenKinds.at(-1)).toBe("Request");
  });

  it("a transport without a light request class gets real Requests", async () => {
    handler = json(200, { id: "r1" });
    const kinds: boolean[] = [];
    const transport = { fetch: spied((request) => void kinds.push(request instanceof Request)).fetch };
    await client({ transport }).getRaster("r1");
    expect(kinds).toEqual([true, true]);
  });

  it("a light request carries the method, headers, JSON body and signal node:http sends", async () => {
    const request = new LightRequest("http://x.test/a/", {
      method: "post",
      headers: new Headers({ "content-type": "application/json" }),
      body: '{"a":1}',
    });
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(new TextDecoder().decode(await request.arrayBuffer())).toBe('{"a":1}');
    expect(request.signal.aborted).toBe(false);
  });

  it("a buffered response's body reads once, like a Response's", async () => {
    handler = json(200, { id: "r1" });
    const { response } = await client().api.GET("/rasters/{raster_id}/", {
      params: { path: { raster_id: "r1" } },
    });
    await expect(response.text()).rejects.toThrow("Body is unusable");
  });
});

describe("a buffered response behaves as a Response with the same bytes", () => {
  const text = '{"name":"Zürich ✓","n":1}';
  const init = () => ({
    status: 200,
    statusText: "OK",
    headers: new Headers({ "content-type": "application/json; charset=utf-8", "x-a": "1" }),
  });
  const pair = (body = text) => {
    const bytes = Buffer.from(body);
    const real = new Response(new Uint8Array(bytes) as unknown as BodyInit, init());
    Object.defineProperty(real, "url", { value: "http://x.test/a/" });
    return { real, ours: new BufferedResponse(bytes, init(), "http://x.test/a/") as Response };
  };
  /** What a step does: its value, or the name of the error it throws or rejects with. */
  const outcome = async (step: () => unknown): Promise<unknown> => {
    try {
      const value = await step();
      if (value instanceof ArrayBuffer) return { arrayBuffer: Buffer.from(value).toString() };
      if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString() };
      if (value instanceof Blob) return { blob: value.type, text: await value.text() };
      if (value instanceof ReadableStream) return { stream: await new Response(value).text() };
      return value;
    } catch (error) {
      return { threw: (error as Error).name };
    }
  };
  type Script = ((r: Response) => unknown)[];
  const scripts: Record<string, Script> = {
    "json, then json again": [(r) => r.json(), (r) => r.bodyUsed, (r) => r.json()],
    "text, then arrayBuffer": [(r) => r.text(), (r) => r.arrayBuffer(), (r) => r.bodyUsed],
    "arrayBuffer, bytes": [(r) => r.arrayBuffer(), (r) => r.bytes()],
    "blob keeps the content type": [(r) => r.blob(), (r) => r.text()],
    "bytes, then clone": [(r) => r.bytes(), (r) => r.clone()],
    "clone, then both read": [(r) => r.clone().text(), (r) => r.text(), (r) => r.bodyUsed],
    "the body stream, then text": [(r) => r.bodyUsed, (r) => r.body, (r) => r.bodyUsed, (r) => r.text()],
    "text, then the body stream": [(r) => r.text(), (r) => r.body?.getReader().read()],
    "the body stream, then clone": [(r) => r.body !== null, (r) => r.clone().json()],
    "status, headers, url, type": [
      (r) => [r instanceof Response, r.status, r.ok, r.statusText, r.url, r.type, r.redirected],
      (r) => [...r.headers],
    ],
  };
  for (const [name, script] of Object.entries(scripts)) {
    it(name, async () => {
      const { real, ours } = pair();
      const expected: unknown[] = [];
      const got: unknown[] = [];
      for (const step of script) {
        expected.push(await outcome(() => step(real)));
        got.push(await outcome(() => step(ours)));
      }
      expect(got).toEqual(expected);
    });
  }

  it("invalid JSON rejects with a SyntaxError, as Response.json does", async () => {
    const { real, ours } = pair("{not json");
    expect(await outcome(() => real.json())).toEqual({ threw: "SyntaxError" });
    expect(await outcome(() => ours.json())).toEqual({ threw: "SyntaxError" });
  });

  it("a url-encoded body reads as FormData", async () => {
    const bytes = Buffer.from("a=1&b=two");
    const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
    const form = await new BufferedResponse(
      bytes,
      { status: 200, statusText: "OK", headers },
      "u",
    ).formData();
    expect([...form]).toEqual([
      ["a", "1"],
      ["b", "two"],
    ]);
  });

  it("the API path reads a page without making the body stream", async () => {
    handler = json(200, { id: "r1" });
    const made: unknown[] = [];
    const transport = spied((_, response) => {
      if (response) made.push(response);
    });
    expect(await client({ transport }).getRaster("r1")).toEqual({ id: "r1" });
    expect(made[0]).toBeInstanceOf(BufferedResponse);
    // No stream was made: bodyUsed comes from the bytes read, and the body getter would make one now.
    expect((made[0] as Response).bodyUsed).toBe(true);
    expect(Object.getOwnPropertyNames(made[0] as object)).toEqual([]);
  });
});
