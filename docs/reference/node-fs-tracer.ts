/**
 * Tracer files on disk.
 *
 * @module @picterra/node-fs/tracer
 */
export * from "@picterra/node-fs/tracer";
