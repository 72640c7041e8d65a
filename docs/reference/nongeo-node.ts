/**
 * Pixel coordinates from files.
 *
 * @module @picterra/nongeo/node
 */
export * from "@picterra/nongeo/node";
