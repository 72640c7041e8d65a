/**
 * Retries with backoff.
 *
 * @module @picterra/retry
 */
export * from "@picterra/retry";
