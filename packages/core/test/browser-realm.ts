import vm from "node:vm";

/**
 * A realm with only what a browser has (no `process`, `require`, `Buffer` or `module`), whose fetch is `fetch`,
 * with `code` (an IIFE bundle) run in it. Shared by core's and Tracer's bundle tests.
 */
export function browserRealm(code: string, fetch: (request: Request) => Promise<Response>): vm.Context {
  const realm = vm.createContext({
    fetch,
    Request,
    Response,
    Headers,
    URL,
    URLSearchParams,
    AbortSignal,
    AbortController,
    Blob,
    FormData,
    TextEncoder,
    TextDecoder,
    btoa,
    ReadableStream,
    TransformStream,
    DOMException,
    setTimeout,
    clearTimeout,
    console,
    document: {},
  });
  vm.runInContext(code, realm);
  return realm;
}
