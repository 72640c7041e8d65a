import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CLIENT_DEFAULTS,
  IdleTimeoutError,
  type PicterraClient,
  UploadError,
  createClient,
} from "../src/index";
import { KEY, SIGNED_URL, newClient, u } from "./helpers";

// Time is the subject here: fake timers, and a fetch in the test's hands (no network, no wall clock).
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const IDLE = 1000;

/** A client whose API answers the download URL at once, and whose storage answers with `storage(request)`. */
function clientWith(storage: (request: Request) => Promise<Response>): PicterraClient {
  return newClient({
    storageIdleTimeoutMs: IDLE,
    fetch: async (request) => {
      if (request.url.startsWith(u("/"))) return Response.json({ download_url: SIGNED_URL });
      return storage(request);
    },
  });
}

/** A body whose chunks the test pushes; it never ends unless told. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled: unknown;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  return {
    body,
    push: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => controller.close(),
    cancelled: () => cancelled,
  };
}

/** Settles `promise` into a readable state without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error) => Object.assign(state, { done: true, error }),
  );
  return state;
}

describe("storageIdleTimeoutMs", () => {
  it("defaults to 60 s", () => {
    expect(CLIENT_DEFAULTS.storageIdleTimeoutMs).toBe(60_000);
    expect(createClient({ apiKey: KEY }).storage.idleTimeoutMs).toBe(60_000);
  });

  it("a download whose headers never come fails after the idle time, not before", async () => {
    const client = clientWith(
      (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
        ),
    );
    const state = track(client.downloadRaster("r1"));
    await vi.advanceTimersByTimeAsync(IDLE - 1);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.error).toBeInstanceOf(IdleTimeoutError);
    expect((state.error as Error).message).toBe(
      `GET https://storage.test/bucket/x?… stalled: no data moved for ${IDLE} ms`,
    );
  });

  it("a body that stalls mid-way fails the read, and the stream is cancelled", async () => {
    const stream = controlledBody();
    const client = clientWith(async () => new Response(stream.body));
    const response = await client.downloadRaster("r1");
    const reading = track(response.arrayBuffer());
    stream.push("first bytes");
    await vi.advanceTimersByTimeAsync(IDLE / 2);
    stream.push("more bytes");
    await vi.advanceTimersByTimeAsync(IDLE - 1);
    expect(reading.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(reading.error).toBeInstanceOf(IdleTimeoutError);
    expect(stream.cancelled()).toBe(reading.error);
  });

  it("a slow body that keeps moving is never cut, however long it takes", async () => {
    const stream = controlledBody();
    const client = clientWith(async () => new Response(stream.body));
    const response = await client.downloadRaster("r1");
    const reading = track(response.text());
    for (let i = 0; i < 20; i++) {
      stream.push("x");
      await vi.advanceTimersByTimeAsync(IDLE - 10);
    }
    stream.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(reading.value).toBe("x".repeat(20));
    // Once the body has ended, nothing fires any more.
    await vi.advanceTimersByTimeAsync(10 * IDLE);
    expect(reading.error).toBeUndefined();
  });

  it("an upload from a stream that stops feeding storage fails after the idle time", async () => {
    let seen: Request | undefined;
    const client = newClient({
      storageIdleTimeoutMs: IDLE,
      fetch: async (request) => {
        if (request.url.endsWith("/rasters/upload/file/")) {
          return Response.json({ upload_url: SIGNED_URL, raster_id: "r1" }, { status: 201 });
        }
        if (request.method === "DELETE") return new Response(null, { status: 204 });
        seen = request;
        // Storage reads the body as it comes; it stops coming.
        await request.arrayBuffer();
        return new Response(null, { status: 200 });
      },
    });
    const source = controlledBody();
    const upload = track(client.uploadRaster(source.body, "n"));
    source.push("some bytes");
    await vi.advanceTimersByTimeAsync(IDLE - 1);
    expect(upload.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen?.method).toBe("PUT");
    expect(upload.error).toBeInstanceOf(UploadError);
    expect((upload.error as UploadError).cause).toBeInstanceOf(IdleTimeoutError);
    expect(source.cancelled()).toBeInstanceOf(IdleTimeoutError);
  });
});
