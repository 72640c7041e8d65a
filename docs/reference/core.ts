/**
 * The typed client for Picterra's API v2 (Forge), for browsers, Node and workers.
 *
 * @module @picterra/core
 */
export * from "@picterra/core";
