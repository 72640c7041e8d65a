import { writeFile } from "node:fs/promises";
import type { BaseContext } from "../context";
import type { TracerResults } from "../documents";
import { type Failed, Operations, type Outcome } from "../operations";
import type { PrecheckData } from "./precheck";
import { TracerStore } from "./state";

/** Where Tracer lives on the server, as on app.picterra.ch: the same site root as Forge. */
export const TRACER_PREFIX = "/public/api/plots_analysis/v1/";

/** The emulator's names for Tracer's long-running operations, one per call that starts one. */
export type TracerOperationType =
  | "plots_group_creation"
  | "plots_group_upload"
  | "plots_group_export"
  | "plots_analysis_precheck"
  | "plots_analysis"
  | "plots_analysis_report_precheck"
  | "plots_analysis_report";

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
  readonly ops: Operations<TracerOperationType, TracerResults>;

  constructor(pollsUntilDone: number) {
    // Every Tracer operation that succeeds has results.
    this.ops = new Operations<TracerOperationType, TracerResults>(pollsUntilDone, null);
  }
}

/** A failed outcome with its errors. */
export function failure(errors: OperationError[]): Failed {
  return { ok: false, errors: errors.map((e) => ({ ...e })) };
}

/** A precheck that ran: its data written under the data folder, `precheck_data_url` a signed link to it. */
export async function precheckDone(
  ctx: BaseContext,
  uploadId: string,
  data: PrecheckData,
): Promise<Outcome<TracerResults>> {
  const file = ctx.emu.store.newFile("tracer-precheck");
  await writeFile(file, JSON.stringify(data));
  return {
    ok: true,
    results: (origin: string) => ({
      precheck_data_url: ctx.emu.storage.signGet(
        origin,
        `prechecks/${uploadId}.json`,
        file,
        "application/json",
      ),
    }),
  };
}
