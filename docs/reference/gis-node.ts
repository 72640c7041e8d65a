/**
 * GIS files.
 *
 * @module @picterra/gis/node
 */
export * from "@picterra/gis/node";
