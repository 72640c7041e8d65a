/**
 * What every Picterra API client is made of: the client base (`ApiClient`, `Transport`), the transport
 * (`ApiTransport`), the one retry loop (`withRetries` and the `RetryPolicy` it asks, which `@picterra/retry`'s
 * `retryPolicy()` makes), storage transfers, signed-URL uploads, operations (`waitForOperation`, with
 * `onStarted` and `onPoll`), pages, the errors and the input checks. Under the `node` export condition it also
 * exports `nodeTransport`, the `node:http` transport that `createClient` hands to its client in Node (this
 * reference is built from the other entry, so it does not list it).
 *
 * @module @picterra/core/machinery
 */
export * from "@picterra/core/machinery";
