import createFetchClient, { type Client, type ClientOptions } from "openapi-fetch";

type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * A client like `api` whose requests are built as `Light` (a transport's lighter request class; a second
 * openapi-fetch client made from the same options) until middleware is added: `api.use` switches every later
 * call back to `api`, so that middleware always sees real Requests. Only the transport's own fetch, which
 * takes them, ever sees a light request.
 */
export function lighten<Paths extends {}>(
  api: Client<Paths>,
  options: ClientOptions,
  Light: typeof Request,
): Client<Paths> {
  let fast: Record<string, Call> | undefined = createFetchClient<Paths>({
    ...options,
    Request: Light,
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
