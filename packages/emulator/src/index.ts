export { API_PREFIX, startEmulator, type Emulator, type EmulatorStats } from "./server";
export {
  DEFAULTS,
  type EmulatorOptions,
  type FaultKind,
  type FaultOptions,
  type RateLimitOptions,
  type RequestLog,
} from "./options";
export type { DetectorState, EmulatorState, OperationState, RasterState } from "./snapshot";
export { TRACER_PREFIX } from "./tracer/tracer";
export { DEFORESTATION_ZONES, type DeforestationZone } from "./tracer/outcome";
export type { TracerState } from "./tracer/snapshot";
export type { ArchivableKind } from "./tracer/state";
export { mulberry32 } from "./faults";
