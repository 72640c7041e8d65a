import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "@picterra/emulator";
import { afterEach } from "vitest";

/** A server of a test: its site root (what `--base-url` takes), and every request it got. */
export interface TestServer {
  url: string;
  requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
}

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** What a test server answers: status, headers and body (a string, sent as it is). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** A tiny HTTP server on 127.0.0.1 answering every request with `answer(request)`; closed after the test. */
export async function testServer(
  answer: (request: {
    method: string;
    path: string;
    headers: IncomingMessage["headers"];
    body: string;
  }) => Answer | Promise<Answer>,
): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push({ method: request.method, path: request.path, headers: request.headers });
    const { status, headers, body } = await answer(request);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests };
}

/** The API key a request carried. */
export function keyOf(headers: IncomingMessage["headers"]): string {
  const key = headers["x-api-key"];
  return Array.isArray(key) ? key.join(",") : (key ?? "");
}

/**
 * A server in front of the emulator's API: each request is passed on, and `change` may answer it itself or
 * change the emulator's answer (a hostile server's names, an echo of the key). Storage (signed URLs) is the
 * emulator's own: those URLs point at it directly.
 */
export async function hostileProxy(
  emu: Emulator,
  change: (request: { method: string; path: string; key: string }, answer: Answer) => Answer | undefined,
  /** Awaited before a request is passed on: a test can hold a run at a request of its choice. */
  before?: (request: { method: string; path: string }) => Promise<void>,
): Promise<TestServer> {
  return testServer(async (request) => {
    await before?.(request);
    const forwarded = await fetch(new URL(request.path.replace(/^\//, ""), emu.siteUrl), {
      method: request.method,
      headers: Object.entries(request.headers).flatMap(([k, v]) =>
        k === "host" || k === "content-length" || v === undefined ? [] : [[k, String(v)] as [string, string]],
      ),
      body: request.method === "GET" || request.method === "HEAD" ? undefined : request.body,
      redirect: "manual",
    });
    const headers: Record<string, string> = {};
    forwarded.headers.forEach((value, name) => {
      if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(name))
        headers[name] = value;
    });
    const answer = { status: forwarded.status, headers, body: await forwarded.text() };
    return (
      change({ method: request.method, path: request.path, key: keyOf(request.headers) }, answer) ?? answer
    );
  });
}
