import type { FetchLike } from "./transport";

/**
 * What the runtime's entry point chose: in Node, core's `node` export condition sets a faster fetch for API
 * calls (node:http with a keep-alive agent); elsewhere nothing is set and the global `fetch` is used.
 */
export const runtime: { apiFetch: FetchLike | undefined } = { apiFetch: undefined };
