// The `node` export condition of @picterra/core: the same API, whose `createClient` sends API calls over
// node:http (`nodeTransport`, see transport.ts). Nothing is set on import: the transport is an option.
import { PicterraClient } from "../client";
import type { ClientOptions } from "../machinery/client-options";
import { nodeTransport } from "./transport";

export * from "../index";

/**
 * Creates a Picterra client whose API calls go over `node:http` with a keep-alive agent (`nodeTransport`),
 * unless `options` give a `transport` or a `fetch`. Throws at once when no API key is given or found in
 * `PICTERRA_API_KEY`.
 */
export function createClient(options: ClientOptions = {}): PicterraClient {
  return new PicterraClient({ transport: nodeTransport, ...options });
}
