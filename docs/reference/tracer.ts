/**
 * The Tracer client: Picterra's plots analysis API v1 (EUDR due diligence), on core's machinery. Under the
 * `node` export condition, `createTracerClient` sends API calls over `node:http` (core's `nodeTransport`).
 *
 * @module @picterra/tracer
 */
export * from "@picterra/tracer";
