/**
 * Pixel coordinates.
 *
 * @module @picterra/nongeo
 */
export * from "@picterra/nongeo";
