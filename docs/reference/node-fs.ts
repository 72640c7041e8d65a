/**
 * Files on disk.
 *
 * @module @picterra/node-fs
 */
export * from "@picterra/node-fs";
