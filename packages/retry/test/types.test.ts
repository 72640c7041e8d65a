import createClient, { type Middleware } from "openapi-fetch";
import { expectTypeOf, test } from "vitest";
import { type Middleware as LocalMiddleware, retry, retryingFetch } from "../src/index";
import type { paths } from "./server";

// Checked by `tsc --noEmit` (the typecheck script), which compiles this file.
test("retry() is an openapi-fetch 0.17 Middleware", () => {
  expectTypeOf(retry()).toExtend<Middleware>();
  expectTypeOf(retry()).toExtend<LocalMiddleware>();
  const client = createClient<paths>();
  client.use(retry({ maxRetries: 1 }));
  client.eject(retry());
});

test("retryingFetch() is a fetch", () => {
  expectTypeOf(retryingFetch()).toExtend<typeof globalThis.fetch>();
  expectTypeOf(retryingFetch({}, globalThis.fetch)).returns.resolves.toEqualTypeOf<Response>();
});
