import { InvalidResponseError, ResponseTooLargeError, jsonFault } from "./errors";

/** Reads an unused body to its end: a browser shows a response whose body was never read as cancelled. */
export async function drain(response: Response): Promise<void> {
  if (response.bodyUsed || response.body === null) return;
  await response.arrayBuffer().catch(() => undefined);
}

/** Cancels a body that will not be read, without waiting for it. */
export function discard(response: Response): void {
  if (!response.bodyUsed && response.body !== null) response.body.cancel().catch(() => undefined);
}

/** The body's bytes, failing with `ResponseTooLargeError` as soon as more than `limit` have arrived. */
export async function readBounded(
  response: Response,
  limit: number,
  method: string,
  url: string,
): Promise<Uint8Array> {
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    discard(response);
    throw new ResponseTooLargeError(method, url, limit);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(method, url, limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as JSON, read within `limit` bytes; a body that is not JSON is an `InvalidResponseError`. */
export async function readJson(
  response: Response,
  limit: number,
  method: string,
  url: string,
): Promise<unknown> {
  const text = new TextDecoder().decode(await readBounded(response, limit, method, url));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw notJson(method, url, error as SyntaxError);
  }
}

/**
 * The error of a body that should have been JSON and is not: `cause` is a SyntaxError saying what the parser
 * found wrong, without the body's text it quoted (`jsonFault`).
 */
export function notJson(method: string, url: string, error: SyntaxError): InvalidResponseError {
  const fault = jsonFault(error);
  return new InvalidResponseError(method, url, `answered a body that is not JSON (${fault})`, {
    cause: new SyntaxError(fault),
  });
}

/**
 * The same response whose body fails with `ResponseTooLargeError` as soon as more than `limit` bytes have
 * come: for a body whose size is not declared up front (a chunked one); a declared size is checked before the
 * body is read at all.
 */
export function limitBody(response: Response, limit: number, method: string, url: string): Response {
  let size = 0;
  const body = response.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(new ResponseTooLargeError(method, url, limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  const limited = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has an empty `url`; errors name the URL from it.
  Object.defineProperty(limited, "url", { value: response.url });
  return limited;
}
