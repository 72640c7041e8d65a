import type { IncomingMessage, ServerResponse } from "node:http";
import { type HttpError, detail } from "./errors";

/** Headers every answer carries, so that a browser page can call the API and storage. */
export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Retry-After, Content-Length, Content-Range, Accept-Ranges, ETag",
} as const;

/** Answers a CORS preflight, for any path: it carries no key, so it is never rejected. */
export function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  const asked = req.headers["access-control-request-headers"];
  res.writeHead(204, {
    ...CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": asked && asked.length > 0 ? asked : "x-api-key, content-type",
    "Access-Control-Max-Age": "600",
    Vary: "Access-Control-Request-Headers",
    "Content-Length": "0",
  });
  res.end();
}

/** Sends a JSON answer (or no body for `undefined`), with its Content-Length. */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, { ...CORS_HEADERS, ...headers, "Content-Length": "0" });
    res.end();
    return;
  }
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": String(text.byteLength),
  });
  res.end(req.method === "HEAD" ? undefined : text);
}

/** Reads a whole (small) request body; a body over `limit` bytes is a 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function tooLarge(limit: number): HttpError {
  return detail(413, `Request body larger than ${limit} bytes.`, { Connection: "close" });
}

/** The origin the client used to reach us (DRF builds absolute URLs from the Host header too). */
export function originOf(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

/** An S3-style XML error, as cloud storage answers. */
export function xmlError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): number {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`,
  );
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...headers,
    "Content-Type": "application/xml",
    "Content-Length": String(body.byteLength),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  // A body the client is still sending is read and dropped, so that it gets this answer, not a reset.
  req.resume();
  return status;
}
