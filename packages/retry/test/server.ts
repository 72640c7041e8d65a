import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server answers one request with; `"destroy"` drops the connection without answering. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | "destroy" | "hang";

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers the n-th request with `replies[n]` (the last one repeats). */
export async function startServer(replies: Reply[]): Promise<TestServer> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const reply = replies[Math.min(requests.length, replies.length) - 1] ?? { status: 500 };
      if (reply === "destroy") {
        req.socket.destroy();
      } else if (reply !== "hang") {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body ?? JSON.stringify({ status: reply.status }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tiny API the middleware tests call. */
export interface paths {
  "/items/": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query?: { page?: number; signature?: string };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": { status: number } } };
        default: {
          headers: { [name: string]: unknown };
          content: { "application/json": { status: number } };
        };
      };
    };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { name: string; size: number } } };
      responses: {
        201: { headers: { [name: string]: unknown }; content: { "application/json": { status: number } } };
        default: {
          headers: { [name: string]: unknown };
          content: { "application/json": { status: number } };
        };
      };
    };
  };
}
