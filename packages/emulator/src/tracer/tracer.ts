import type { Reply, RequestContext } from "../context";
import { type OperationRecord, Operations, type Outcome } from "../operations";
import { TracerStore } from "./state";

/** Where Tracer lives on the server, as on app.picterra.ch: the same site root as Forge. */
export const TRACER_PREFIX = "/public/api/plots_analysis/v1/";

/** The OpenAPI document the emulator validates Tracer requests against. */
export const TRACER_DOCUMENT = "@picterra/tracer/openapi.yaml";

/** The emulator's names for Tracer's long-running operations, one per call that starts one. */
export type TracerOperationType =
  | "plots_group_creation"
  | "plots_group_upload"
  | "plots_group_export"
  | "plots_analysis_precheck"
  | "plots_analysis"
  | "plots_analysis_report_precheck"
  | "plots_analysis_report";

export type TracerOperation = OperationRecord<TracerOperationType>;

/** One reason a Tracer operation failed, as its `errors` list it. */
export interface OperationError {
  code: string;
  message: string;
  filename?: string;
  feature_index?: number;
  plot_id?: string;
}

/** Tracer's state and its own operations: `GET operations/{id}/` under Tracer's base sees only these. */
export class Tracer {
  readonly store = new TracerStore();
  readonly ops: Operations<TracerOperationType>;

  constructor(pollsUntilDone: number) {
    this.ops = new Operations(pollsUntilDone);
  }
}

/** A failed outcome with its errors. */
export function failure(errors: OperationError[]): Outcome {
  return { ok: false, errors: errors.map((e) => ({ ...e })) };
}

/** The answer of every Tracer call that starts an operation. */
export function started(ctx: RequestContext, op: TracerOperation): Reply {
  return { status: 201, body: { operation_id: op.id, poll_interval: ctx.emu.options.pollInterval } };
}

/** A Tracer operation as the API answers it: `results` once it succeeded, `errors` once it failed. */
export function operationJson(op: TracerOperation, origin: string): Record<string, unknown> {
  return {
    id: op.id,
    type: op.type,
    status: op.status,
    metadata: op.metadata,
    results: op.status === "success" && op.results ? op.results(origin) : null,
    errors: op.status === "failed" ? (op.errors ?? []).map((e) => ({ ...e })) : null,
  };
}
