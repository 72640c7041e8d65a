/**
 * Tracer client.
 *
 * @module @picterra/tracer
 */
export * from "@picterra/tracer";
