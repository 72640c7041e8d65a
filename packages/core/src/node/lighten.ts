import createFetchClient, { type Client, type ClientOptions } from "openapi-fetch";
import { runtime } from "../machinery/runtime";
import { LightRequest } from "./light-request";

type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * A client like `api` whose requests are built as `LightRequest`s (by a second openapi-fetch client made from
 * the same options) until middleware is added: `api.use` switches every later call back to `api`, so that
 * middleware always sees real Requests. Only the runtime's own fetch (node:http) ever sees a light request.
 */
export function lighten<Paths extends {}>(api: Client<Paths>, options: ClientOptions): Client<Paths> {
  let fast: Record<string, Call> | undefined = createFetchClient<Paths>({
    ...options,
    Request: LightRequest as unknown as typeof Request,
    // Should the runtime's fetch be taken away (a test's stub), the global fetch gets a real Request.
    fetch: (request: Request) =>
      options.fetch!(runtime.apiFetch ? request : new Request(request.url, request as RequestInit)),
  }) as unknown as Record<string, Call>;
  const standard = api as unknown as Record<string, Call>;
  const client: Record<string, unknown> = { ...standard };
  for (const [name, call] of Object.entries(standard)) {
    if (name === "use" || name === "eject") continue;
    client[name] = (...args: unknown[]) => (fast?.[name] ?? call)(...args);
  }
  client.use = (...middleware: unknown[]) => {
    fast = undefined;
    return standard.use!(...middleware);
  };
  return client as unknown as Client<Paths>;
}
