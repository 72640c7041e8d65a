/**
 * Local Picterra.
 *
 * @module @picterra/emulator
 */
export * from "@picterra/emulator";
