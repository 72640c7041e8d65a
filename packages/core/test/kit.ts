// Test helpers that do not depend on which API is under test: shared by core's and Tracer's tests (Tracer's
// helpers re-export them). Nothing here imports a package's source, so both test suites use their own client.
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

/** Blocks real network access for the file, and drops unused interceptors after each test. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());
}

/** A page of a list, as the API sends it. */
export function page<T>(
  results: T[],
  more: { count?: number; next?: string | null; previous?: string | null } = {},
) {
  return {
    count: more.count ?? results.length,
    next: more.next ?? null,
    previous: more.previous ?? null,
    results,
  };
}

/** Counts the requests nock saw but had no interceptor for (with net connect disabled, none goes out). */
export function countUnmatched(): { readonly count: number; stop(): void } {
  let count = 0;
  const listener = () => {
    count++;
  };
  nock.emitter.on("no match", listener);
  return {
    get count() {
      return count;
    },
    stop: () => void nock.emitter.removeListener("no match", listener),
  };
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Asserts that no error can reveal `key`, whichever way it is printed. */
export function expectNoSecret(error: unknown, key: string): void {
  expect(String(error)).not.toContain(key);
  expect((error as Error).stack ?? "").not.toContain(key);
  expect(JSON.stringify(error)).not.toContain(key);
}

/**
 * The nock scopes of an API under test at `origin`: `api()` only matches requests carrying `key` and our
 * User-Agent (`userAgent`, as the package of `version` sends it in Node), `apiJson()` also a JSON body's
 * Content-Type; `expectNoKey` asserts that no error can reveal the key, whichever way it is printed.
 */
export function apiScopes(origin: string, key: string, version: string) {
  const userAgent = `picterra-ts/${version} (Node ${process.versions.node}; ${process.platform})`;
  const api = (headers: Record<string, string | RegExp> = {}): nock.Scope =>
    nock(origin, { reqheaders: { "x-api-key": key, "user-agent": userAgent, ...headers } });
  return {
    userAgent,
    api,
    apiJson: (): nock.Scope => api({ "content-type": "application/json" }),
    expectNoKey: (error: unknown): void => expectNoSecret(error, key),
  };
}

/** Asserts that a client class has exactly `methods` on its prototype, each function named as its method. */
export function expectExactlyMethods(client: { prototype: object }, methods: readonly string[]): void {
  const own = Object.getOwnPropertyNames(client.prototype).filter((name) => name !== "constructor");
  expect(own.sort()).toEqual([...methods].sort());
  const prototype = client.prototype as Record<string, { name: string }>;
  for (const name of own) expect(prototype[name]!.name).toBe(name);
}

/** An operation reference with a tiny poll interval, so that tests are fast. */
export const opRef = (id: string) => ({ operation_id: id, poll_interval: 0.001 });

/** A call that must fail validation before any request, and a part of the message it must fail with. */
export type ValidationCase<C> = readonly [
  label: string,
  call: (client: C) => Promise<unknown>,
  message: string,
];

/**
 * Registers each group of cases: every call rejects with `errorClass` and `message`, and no request reaches
 * nock (none matched, none unmatched). `probe`, a valid call with no interceptor, checks the check itself.
 */
export function validatesBeforeAnyRequest<C>(
  groups: readonly (readonly [string, readonly ValidationCase<C>[]])[],
  newClient: () => C,
  errorClass: abstract new (...args: never[]) => Error,
  probe: (client: C) => Promise<unknown>,
): void {
  describe.each(groups)("validation before any request: %s", (_, cases) => {
    it.each(cases)("%s", async (_label, call, message) => {
      const unmatched = countUnmatched();
      const error = await rejection(call(newClient()));
      unmatched.stop();
      expect(error).toBeInstanceOf(errorClass);
      expect((error as Error).message).toContain(message);
      expect(unmatched.count).toBe(0);
      expect(nock.pendingMocks()).toEqual([]);
    });
  });

  describe("the no-request check itself", () => {
    it("does count a request that nock had no interceptor for", async () => {
      const unmatched = countUnmatched();
      const error = await rejection(probe(newClient()));
      unmatched.stop();
      expect(error).not.toBeInstanceOf(errorClass);
      expect(unmatched.count).toBe(1);
    });
  });
}
