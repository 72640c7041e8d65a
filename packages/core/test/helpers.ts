import nock from "nock";
import { expect } from "vitest";
import { apiScopes, opRef, rejection } from "./kit";

export { countUnmatched, opRef, page, rejection, useNock, validatesBeforeAnyRequest } from "./kit";
import { APIError, type ClientOptions, type PicterraClient, VERSION, createClient } from "../src/index";

export const ORIGIN = "https://api.test";
export const PREFIX = "/public/api/v2";
export const BASE_URL = `${ORIGIN}${PREFIX}/`;
export const KEY = "test-key-7c4f2a9e1b3d5f60";
export const STORAGE = "https://storage.test";
export const SIGNATURE = "secret-signature-d41d8cd98f00b204";
/** A signed storage URL, as the create step of an upload answers it. */
export const SIGNED_URL = `${STORAGE}/bucket/x?X-Goog-Signature=${SIGNATURE}`;

/** The full API path of `path` (which starts and ends with a slash). */
export const p = (path: string): string => `${PREFIX}${path}`;
/** The absolute API URL of `path`. */
export const u = (path: string): string => `${ORIGIN}${p(path)}`;

/** A client on the test API with the fake key. */
export function newClient(options: ClientOptions = {}): PicterraClient {
  return createClient({ apiKey: KEY, baseUrl: BASE_URL, ...options });
}

/**
 * `api()`: a nock scope on the API that only matches requests carrying the API key and our User-Agent
 * (`USER_AGENT`: product, version, runtime, in the spirit of Picterra's Python client); `apiJson()` for calls
 * that send a JSON body; `expectNoKey` asserts that no error can reveal the key.
 */
export const { userAgent: USER_AGENT, api, apiJson, expectNoKey } = apiScopes(ORIGIN, KEY, VERSION);

/** A nock scope on storage that refuses any request carrying an API key. */
export function storage(): nock.Scope {
  return nock(STORAGE, { badheaders: ["x-api-key"] });
}

/** Asserts `promise` rejects with an APIError with these fields, whose message names the response's detail. */
export async function expectAPIError(
  promise: Promise<unknown>,
  expected: { status: number; method: string; url: string; body: unknown; detail?: string },
): Promise<APIError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(APIError);
  const e = error as APIError;
  expect(e.status).toBe(expected.status);
  expect(e.method).toBe(expected.method);
  expect(e.url).toBe(expected.url);
  expect(e.body).toEqual(expected.body);
  expect(e.message).toContain(`${expected.method} ${expected.url} failed with status ${expected.status}`);
  if (expected.detail !== undefined) expect(e.message).toContain(expected.detail);
  expectNoKey(e);
  return e;
}

/**
 * The API answers `method path` with `status` and a `detail` (DRF's 404 "Not found." by default): the call must
 * reject with that APIError, naming the call, key-free.
 */
export async function expectErrorStatus(
  method: string,
  path: string,
  status: number,
  call: () => Promise<unknown>,
): Promise<void> {
  const body = { detail: status === 404 ? "Not found." : `Refused (${status}).` };
  const scope = api().intercept(p(path), method).reply(status, body);
  await expectAPIError(call(), { status, method, url: u(path), body, detail: body.detail });
  scope.done();
}

/** Operation polls, answered in order. */
export function polls(scope: nock.Scope, operationId: string, states: object[]): nock.Scope {
  for (const state of states) scope.get(p(`/operations/${operationId}/`)).reply(200, state);
  return scope;
}

export const SUCCESS = { type: "x", status: "success" } as const;
export const RUNNING = { type: "x", status: "running" } as const;

/**
 * The API side of a raster upload that goes through, added to `scope`: the create step (answering SIGNED_URL
 * and `rasterId`), the commit, and one poll of operation o1 that succeeds.
 */
export function rasterUpload(rasterId: string, scope: nock.Scope = api()): nock.Scope {
  scope.post(p("/rasters/upload/file/")).reply(201, { upload_url: SIGNED_URL, raster_id: rasterId });
  scope.post(p(`/rasters/${rasterId}/commit/`)).reply(201, opRef("o1"));
  return polls(scope, "o1", [SUCCESS]);
}

/** A FeatureCollection with one polygon. */
export const SQUARE = {
  type: "FeatureCollection" as const,
  features: [
    {
      type: "Feature" as const,
      properties: { n: 1 },
      geometry: {
        type: "Polygon" as const,
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    },
  ],
};
