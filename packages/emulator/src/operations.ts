import { randomUUID } from "node:crypto";
import { notFound } from "./errors";

export type OperationType =
  | "raster_upload"
  | "annotations_upload"
  | "training"
  | "detector_run"
  | "dataset_recommendation"
  | "vector_layer_upload"
  | "vector_layer_download"
  | "remote_import"
  | "detection_areas_upload";

export type OperationStatus = "running" | "success" | "failed";

/** Builds an operation's results when it is read: signed URLs are minted fresh each time (they expire). */
export type ResultsBuilder = (origin: string) => Record<string, unknown>;

/**
 * What an operation's work decided. Its effect on the state (`apply`) waits until the operation ends, so
 * a client sees the change exactly when it sees `success`. A `recheck` runs then too, first: when the state
 * changed under the operation (e.g. its raster was deleted), it says why, and the operation fails instead.
 */
export type Outcome =
  | {
      ok: true;
      recheck?: () => OperationError | null;
      apply?: () => void;
      results?: ResultsBuilder;
      metadata?: Record<string, string>;
    }
  | { ok: false; error: OperationError; apply?: () => void };

/**
 * Why an operation failed, as its `errors` carry it. Picterra's real shape is not public; this is what a Django
 * REST Framework service sends: a machine-readable code and a message for people.
 */
export interface OperationError {
  code: string;
  message: string;
}

/** A failed outcome. */
export function failure(code: string, message: string, apply?: () => void): Outcome {
  return { ok: false, error: { code, message }, ...(apply ? { apply } : {}) };
}

export interface OperationRecord {
  id: string;
  type: OperationType;
  status: OperationStatus;
  metadata: Record<string, string>;
  polls: number;
  results: ResultsBuilder | null;
  error: OperationError | null;
  work: Promise<Outcome>;
  ending?: Promise<void>;
}

/** Long-running operations: `running` for `pollsUntilDone` GETs, then `success` or `failed`. */
export class Operations {
  readonly all = new Map<string, OperationRecord>();

  constructor(private readonly pollsUntilDone: number) {}

  /** Starts an operation; `work` runs at once, in the background. */
  start(
    type: OperationType,
    metadata: Record<string, string>,
    work: () => Promise<Outcome> | Outcome,
  ): OperationRecord {
    const op: OperationRecord = {
      id: randomUUID(),
      type,
      status: "running",
      metadata,
      polls: 0,
      results: null,
      error: null,
      work: Promise.resolve()
        .then(work)
        .catch((error: unknown) =>
          failure(
            "internal_error",
            `internal error: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ),
    };
    this.all.set(op.id, op);
    return op;
  }

  /** One GET of an operation: counts the poll and ends the operation once it was polled enough. */
  async poll(id: string): Promise<OperationRecord> {
    const op = this.all.get(id);
    if (!op) throw notFound();
    if (op.status !== "running") return op;
    op.polls++;
    if (op.polls > this.pollsUntilDone) {
      op.ending ??= this.end(op);
      await op.ending;
    }
    return op;
  }

  private async end(op: OperationRecord): Promise<void> {
    const outcome = await op.work;
    const late = outcome.ok ? (outcome.recheck?.() ?? null) : null;
    if (late) {
      op.error = late;
      op.status = "failed";
      return;
    }
    outcome.apply?.();
    if (outcome.ok) {
      Object.assign(op.metadata, outcome.metadata);
      op.results = outcome.results ?? (() => ({}));
      op.status = "success";
    } else {
      op.error = outcome.error;
      op.status = "failed";
    }
  }

  /** The operation as the API answers it. */
  json(op: OperationRecord, origin: string): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: op.id,
      type: op.type,
      status: op.status,
      metadata: op.metadata,
      results: op.status === "success" && op.results ? op.results(origin) : null,
    };
    if (op.error !== null) body.errors = [{ ...op.error }];
    return body;
  }
}
