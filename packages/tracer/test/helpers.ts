import nock from "nock";
import { apiScopes, opRef } from "../../core/test/kit";

export {
  countUnmatched,
  expectExactlyMethods,
  opRef,
  page,
  rejection,
  useNock,
  validatesBeforeAnyRequest,
} from "../../core/test/kit";
export { plot, plots } from "./plots";
import type { ClientOptions } from "@picterra/core";
import { type TracerClient, VERSION, createTracerClient } from "../src/index";

export const ORIGIN = "https://api.test";
export const PREFIX = "/public/api/plots_analysis/v1";
export const BASE_URL = `${ORIGIN}${PREFIX}/`;
export const KEY = "tracer-key-5e1d8a3c9b7f2046";
export const STORAGE = "https://storage.test";
export const SIGNATURE = "secret-signature-0cc175b9c0f1b6a8";

/** The full API path of `path` (which starts and ends with a slash). */
export const p = (path: string): string => `${PREFIX}${path}`;
/** The absolute API URL of `path`. */
export const u = (path: string): string => `${ORIGIN}${p(path)}`;
/** A signed storage URL of `name`, as an upload's create step or an operation's results answer it. */
export const signed = (name: string): string => `${STORAGE}/bucket/${name}?X-Goog-Signature=${SIGNATURE}`;

/** A Tracer client on the test API with the fake key. */
export function newClient(options: ClientOptions = {}): TracerClient {
  return createTracerClient({ apiKey: KEY, baseUrl: BASE_URL, ...options });
}

/**
 * `api()`: a nock scope on the API that only matches requests carrying the API key and our User-Agent;
 * `apiJson()` for calls that send a JSON body; `expectNoKey` asserts that no error can reveal the key.
 */
export const { userAgent: USER_AGENT, api, apiJson, expectNoKey } = apiScopes(ORIGIN, KEY, VERSION);

/**
 * A nock scope on storage that refuses any request carrying an API key; with `contentType` it also demands that
 * Content-Type, and with `null` refuses any Content-Type.
 */
export function storage(contentType?: string | null): nock.Scope {
  if (contentType === null) return nock(STORAGE, { badheaders: ["x-api-key", "content-type"] });
  if (contentType === undefined) return nock(STORAGE, { badheaders: ["x-api-key"] });
  return nock(STORAGE, { badheaders: ["x-api-key"], reqheaders: { "content-type": contentType } });
}

/** A finished Tracer operation with these results. */
export const done = (id: string, type: string, results: object) => ({
  id,
  type,
  status: "success",
  metadata: {},
  results,
  errors: null,
});

/** A failed Tracer operation with these errors. */
export const failed = (id: string, type: string, errors: unknown) => ({
  id,
  type,
  status: "failed",
  metadata: {},
  results: null,
  errors,
});

/** A running Tracer operation. */
export const running = (id: string, type: string) => ({
  id,
  type,
  status: "running",
  metadata: {},
  results: null,
  errors: null,
});

/**
 * `POST path` with JSON `body` (exactly) answers an operation `id`, which is polled running once, then done
 * with `results`. Returns the scope of the POST and the scope of the polls.
 */
export function operation(
  path: string,
  body: object,
  id: string,
  type: string,
  results: object,
): nock.Scope[] {
  const start = apiJson()
    .post(p(path), body as nock.RequestBodyMatcher)
    .reply(201, opRef(id));
  const polls = api()
    .get(p(`/operations/${id}/`))
    .reply(200, running(id, type))
    .get(p(`/operations/${id}/`))
    .reply(200, done(id, type, results));
  return [start, polls];
}

/**
 * `POST path` (with `body` exactly, when given) answers an operation `id`, which is polled once: failed with
 * `errors`. Returns the scope of the POST and the scope of the poll.
 */
export function failedOperation(
  path: string,
  body: object | undefined,
  id: string,
  type: string,
  errors: unknown,
): nock.Scope[] {
  const start = api()
    .post(p(path), body as nock.RequestBodyMatcher | undefined)
    .reply(201, opRef(id));
  const poll = api()
    .get(p(`/operations/${id}/`))
    .reply(200, failed(id, type, errors));
  return [start, poll];
}

/** `POST upload/file/` (no body) answers a fresh upload `id` whose signed URL is `signed(id)`. */
export function upload(id: string): nock.Scope {
  return api()
    .post(p("/upload/file/"), (body) => body === "" || body === undefined)
    .reply(201, { upload_id: id, upload_url: signed(id) });
}

/**
 * A fresh upload `id` whose file is PUT to storage without the key: `body` exactly when given, with this
 * Content-Type (`null`: none). Returns the scope of the create step and the scope of the PUT.
 */
export function staged(id: string, contentType: string | null, body?: string): nock.Scope[] {
  return [upload(id), storage(contentType).put(`/bucket/${id}`, body).query(true).reply(200)];
}

/** Asserts that every interceptor of these scopes was used. */
export function allDone(...scopes: (nock.Scope | nock.Scope[])[]): void {
  for (const scope of scopes.flat()) scope.done();
}
