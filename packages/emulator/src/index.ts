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
export { mulberry32 } from "./faults";
