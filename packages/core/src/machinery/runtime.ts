import type { Client, ClientOptions } from "openapi-fetch";
import type { FetchLike } from "./transport";

/** What the runtime's entry point chose; elsewhere nothing is set and the global `fetch` and `Request` are used. */
export const runtime: {
  /** In Node (core's `node` export condition): API calls over node:http with a keep-alive agent. */
  apiFetch?: FetchLike | undefined;
  /**
   * In Node: a client like `api` whose requests are built light while no middleware is added (only the
   * runtime's fetch sees them), made from the same options.
   */
  lighten?: (<Paths extends {}>(api: Client<Paths>, options: ClientOptions) => Client<Paths>) | undefined;
} = {};
