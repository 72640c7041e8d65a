import type { ApiTransport } from "../machinery/transport";
import { nodeFetch } from "./fetch";
import { LightRequest } from "./light-request";

/**
 * The Node transport of API calls: `node:http(s)` with a keep-alive agent (`nodeFetch`), requests built as
 * `LightRequest`s while nothing else sees them. `createClient` and `createTracerClient` pass it in Node (their
 * `node` export condition); pass it yourself as `transport` to a client made otherwise, or wrap its `fetch`
 * (the CLI's throttle does).
 */
export const nodeTransport: ApiTransport = Object.freeze({
  fetch: nodeFetch,
  Request: LightRequest as unknown as typeof Request,
});
