// The `node` export condition of @picterra/core/machinery (e.g. for @picterra/tracer and the CLI in Node):
// the same machinery, plus the Node transport as a value to hand to a client.
export * from "../machinery/index";
export { nodeTransport } from "./transport";
