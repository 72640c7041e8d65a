/**
 * GIS layers.
 *
 * @module @picterra/gis
 */
export * from "@picterra/gis";
