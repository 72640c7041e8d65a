// The `node` export condition of @picterra/tracer: the same API, whose `createTracerClient` sends API calls over
// node:http (core's `nodeTransport`). Nothing is set on import: the transport is an option.
import { type ClientOptions, nodeTransport } from "@picterra/core/machinery";
import { TracerClient } from "./client";

export * from "./index";

/**
 * Creates a Tracer client whose API calls go over `node:http` with a keep-alive agent (core's
 * `nodeTransport`), unless `options` give a `transport` or a `fetch`. Throws at once when no API key is given
 * or found in `PICTERRA_API_KEY`.
 */
export function createTracerClient(options: ClientOptions = {}): TracerClient {
  return new TracerClient({ transport: nodeTransport, ...options });
}
