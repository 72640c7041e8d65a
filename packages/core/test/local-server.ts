// Apart from kit.ts: importing nock patches node:http, and these servers are for tests that run without it.
import { once } from "node:events";
import { type RequestListener, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/**
 * A real HTTP server on 127.0.0.1 answering with `listener`, listening for the file's tests and closed (its
 * connections too) after them. `base` is its URL, ending with a slash, once the tests run.
 */
export function useLocalServer(listener: RequestListener): {
  readonly server: Server;
  readonly base: string;
} {
  const server = createServer(listener);
  let base = "";
  beforeAll(async () => {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    server,
    get base() {
      return base;
    },
  };
}
