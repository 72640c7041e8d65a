// Apart from helpers.ts: importing nock switches its interception on, and some files must run without it.
import nock from "nock";
import { afterEach, beforeEach } from "vitest";
import { API_KEY, API_ORIGIN } from "./helpers";

/** A nock scope on the API that only matches requests carrying the key. */
export const api = (): nock.Scope => nock(API_ORIGIN, { reqheaders: { "x-api-key": API_KEY } });

/**
 * Mocks the API with nock while storage is a real local server: no network but 127.0.0.1 during each test,
 * interceptors dropped after it. `unmatched` lists the API requests nock had no interceptor for; nock reports
 * the requests it passes through to the local storage as "no match" too, and those are not listed.
 */
export function useNockApi(): { readonly unmatched: readonly string[] } {
  let unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; href?: string; url?: string }) => {
    const where = `${req.method} ${req.href ?? req.url}`;
    if (!where.includes("127.0.0.1")) unmatched.push(where);
  };
  beforeEach(() => {
    unmatched = [];
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return {
    get unmatched() {
      return unmatched;
    },
  };
}
