/**
 * What every Picterra API client is made of.
 *
 * @module @picterra/core/machinery
 */
export * from "@picterra/core/machinery";
