import { writeFile } from "node:fs/promises";
import type { RequestContext } from "../context";
import { Operations, type Outcome } from "../operations";
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
  readonly ops: Operations<TracerOperationType>;

  constructor(pollsUntilDone: number) {
    this.ops = new Operations(pollsUntilDone);
  }
}

/** A failed outcome with its errors. */
export function failure(errors: OperationError[]): Outcome {
  return { ok: false, errors: errors.map((e) => ({ ...e })) };
}

/** A precheck that ran: its data written under the data folder, `precheck_data_url` a signed link to it. */
export async function precheckDone(
  ctx: RequestContext,
  uploadId: string,
  data: PrecheckData,
): Promise<Outcome> {
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
