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
 * Why an operation failed, as its `errors` carry it. Picterra's real shape is not public; this is what a Django
 * REST Framework service sends: a machine-readable code and a message for people, and where it applies (Tracer
 * names the file, feature or plot).
 */
export interface OperationError {
  code: string;
  message: string;
  [where: string]: unknown;
}

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
  | { ok: false; errors: OperationError[]; apply?: () => void };

/** A failed outcome with one reason. */
export function failure(code: string, message: string, apply?: () => void): Outcome {
  return { ok: false, errors: [{ code, message }], ...(apply ? { apply } : {}) };
}

/** `Type` names the operations of one API: Forge's by default, Tracer's in `tracer/`. */
export interface OperationRecord<Type extends string = OperationType> {
  id: string;
  type: Type;
  status: OperationStatus;
  metadata: Record<string, string>;
  polls: number;
  results: ResultsBuilder | null;
  /** Why it failed; null unless it did. */
  errors: OperationError[] | null;
  work: Promise<Outcome>;
  ending?: Promise<void>;
}

/** Long-running operations: `running` for `pollsUntilDone` GETs, then `success` or `failed`. */
export class Operations<Type extends string = OperationType> {
  readonly all = new Map<string, OperationRecord<Type>>();

  constructor(private readonly pollsUntilDone: number) {}

  /** Starts an operation; `work` runs at once, in the background. */
  start(
    type: Type,
    metadata: Record<string, string>,
    work: () => Promise<Outcome> | Outcome,
  ): OperationRecord<Type> {
    const op: OperationRecord<Type> = {
      id: randomUUID(),
      type,
      status: "running",
      metadata,
      polls: 0,
      results: null,
      errors: null,
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
  async poll(id: string): Promise<OperationRecord<Type>> {
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

  private async end(op: OperationRecord<Type>): Promise<void> {
    const outcome = await op.work;
    const late = outcome.ok ? (outcome.recheck?.() ?? null) : null;
    if (late) {
      op.errors = [late];
      op.status = "failed";
      return;
    }
    outcome.apply?.();
    if (outcome.ok) {
      Object.assign(op.metadata, outcome.metadata);
      op.results = outcome.results ?? (() => ({}));
      op.status = "success";
    } else {
      op.errors = outcome.errors;
      op.status = "failed";
    }
  }

  /** The operation as the API answers it. */
  json(op: OperationRecord<Type>, origin: string): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: op.id,
      type: op.type,
      status: op.status,
      metadata: op.metadata,
      results: op.status === "success" && op.results ? op.results(origin) : null,
    };
    if (op.errors !== null) body.errors = op.errors.map((e) => ({ ...e }));
    return body;
  }
}
