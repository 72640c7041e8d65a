import { open, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CORS_HEADERS, xmlError } from "./http";

/** Large reads: 1 MiB chunks move bytes about twice as fast as a read stream's 64 KiB default. */
const READ_CHUNK = 1024 * 1024;

/**
 * A fault in the body of a storage GET: headers and the first half of the body are sent, then `stall` sends
 * nothing more and keeps the connection open, `cut` closes the connection.
 */
export type BodyFault = "stall" | "cut";

/** A byte range to send, both ends included. */
interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a GET asks for: null for the whole file (no Range, a Range this server ignores, or an If-Range that
 * names another version), "unsatisfiable" when it starts past the end. One range only: a server may answer a
 * multi-range request with the whole file (RFC 9110 §14.2), and clients that resume ask for one.
 */
export function requestedRange(
  range: string | undefined,
  ifRange: string | undefined,
  etag: string,
  size: number,
): ByteRange | "unsatisfiable" | null {
  if (range === undefined) return null;
  // If-Range with another ETag (or a date: we send no Last-Modified to compare with) means "send it all".
  if (ifRange !== undefined && ifRange !== etag) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const [, first, last] = match;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return null; // an invalid range-spec: the header is ignored
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/** A strong validator of a file's version: its size and modification time (hashing GBs would cost too much). */
function etagOf(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** Serves a file: the whole of it (200) or one range (206), with ETag and Accept-Ranges; 416 past the end. */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  contentType: string,
  bodyFault: BodyFault | null,
): Promise<number> {
  let size: number;
  let mtimeMs: number;
  try {
    ({ size, mtimeMs } = await stat(file));
  } catch {
    return xmlError(req, res, 404, "NoSuchKey", "The specified key does not exist.");
  }
  const etag = etagOf(size, mtimeMs);
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  const range = requestedRange(header("range"), header("if-range"), etag, size);
  if (range === "unsatisfiable") {
    return xmlError(req, res, 416, "InvalidRange", "The requested range is not satisfiable", {
      "Content-Range": `bytes */${size}`,
      ETag: etag,
      "Accept-Ranges": "bytes",
    });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = end - start + 1;
  const status = range ? 206 : 200;
  res.writeHead(status, {
    ...CORS_HEADERS,
    "Content-Type": contentType,
    "Content-Length": String(length),
    ETag: etag,
    "Accept-Ranges": "bytes",
    ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD" || length === 0) {
    res.end();
    return status;
  }
  // A faulted body stops half-way: `cut` closes the connection, `stall` keeps it open (until the client gives up
  // or the emulator closes).
  const count = bodyFault ? Math.max(1, Math.floor(length / 2)) : length;
  const sent = await sendBytes(res, file, start, count);
  if (bodyFault === "cut" || !sent) res.destroy();
  else if (!bodyFault) res.end();
  return status;
}

/** `res.write` as a promise: resolved once the chunk was handed to the socket (its buffer may be reused then). */
function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/**
 * Sends `count` bytes of a file from `start`, through two buffers taking turns: one is read into while the other
 * is being sent, and no chunk is allocated per read (a read stream's fresh 1 MiB buffers cost as much time in
 * the garbage collector as the copies). False when the client went away first.
 */
async function sendBytes(res: ServerResponse, file: string, start: number, count: number): Promise<boolean> {
  const handle = await open(file, "r");
  let buffer = Buffer.allocUnsafeSlow(READ_CHUNK);
  let spare = Buffer.allocUnsafeSlow(READ_CHUNK);
  let sending: Promise<void> = Promise.resolve();
  try {
    for (let offset = 0; offset < count; [buffer, spare] = [spare, buffer]) {
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(READ_CHUNK, count - offset),
        start + offset,
      );
      if (bytesRead === 0) throw new Error("the file is shorter than it was");
      await sending;
      offset += bytesRead;
      sending = write(res, buffer.subarray(0, bytesRead));
      // Awaited on the next turn; handled at once, so that a client gone during the next read is not an
      // unhandled rejection (which would end the process).
      sending.catch(() => {});
    }
    await sending;
    return true;
  } catch {
    // The client went away (or the file changed under us): nothing more to send.
    return false;
  } finally {
    await handle.close();
  }
}
