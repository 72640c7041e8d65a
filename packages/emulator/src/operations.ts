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
export type ResultsBuilder<Results> = (origin: string) => Results;

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

/** An outcome that failed: its errors, and what it changes anyway (e.g. a raster marked failed). */
export interface Failed {
  ok: false;
  errors: OperationError[];
  apply?: () => void;
}

/**
 * What an operation's work decided. Its effect on the state (`apply`) waits until the operation ends, so
 * a client sees the change exactly when it sees `success`. A `recheck` runs then too, first: when the state
 * changed under the operation (e.g. its raster was deleted), it says why, and the operation fails instead.
 * `Results` is the document's type of an operation's results.
 */
export type Outcome<Results> =
  | {
      ok: true;
      recheck?: () => OperationError | null;
      apply?: () => void;
      results?: ResultsBuilder<Results>;
      metadata?: Record<string, string>;
    }
  | Failed;

/** A failed outcome with one reason. */
export function failure(code: string, message: string, apply?: () => void): Failed {
  return { ok: false, errors: [{ code, message }], ...(apply ? { apply } : {}) };
}

/** `Type` names the operations of one API, `Results` is its document's type of their results. */
export interface OperationRecord<Type extends string, Results> {
  id: string;
  type: Type;
  status: OperationStatus;
  metadata: Record<string, string>;
  polls: number;
  results: ResultsBuilder<Results> | null;
  /** Why it failed; null unless it did. */
  errors: OperationError[] | null;
  work: Promise<Outcome<Results>>;
  ending?: Promise<void>;
}

/** An operation as the API answers it (Tracer's always carries `errors`, null unless it failed). */
export interface OperationJson<Type extends string, Results> {
  id: string;
  type: Type;
  status: OperationStatus;
  metadata: Record<string, string>;
  results: Results | null;
  errors?: OperationError[];
}

/** Long-running operations: `running` for `pollsUntilDone` GETs, then `success` or `failed`. */
export class Operations<Type extends string, Results> {
  readonly all = new Map<string, OperationRecord<Type, Results>>();

  /** `noResults`: what a successful operation that made nothing answers as its results. */
  constructor(
    private readonly pollsUntilDone: number,
    private readonly noResults: Results | null,
  ) {}

  /** Starts an operation; `work` runs at once, in the background. */
  start(
    type: Type,
    metadata: Record<string, string>,
    work: () => Promise<Outcome<Results>> | Outcome<Results>,
  ): OperationRecord<Type, Results> {
    const op: OperationRecord<Type, Results> = {
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
  async poll(id: string): Promise<OperationRecord<Type, Results>> {
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

  private async end(op: OperationRecord<Type, Results>): Promise<void> {
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
      op.results = outcome.results ?? null;
      op.status = "success";
    } else {
      op.errors = outcome.errors;
      op.status = "failed";
    }
  }

  /** The operation as the API answers it. */
  json(op: OperationRecord<Type, Results>, origin: string): OperationJson<Type, Results> {
    const body: OperationJson<Type, Results> = {
      id: op.id,
      type: op.type,
      status: op.status,
      metadata: op.metadata,
      results: op.status === "success" ? (op.results?.(origin) ?? this.noResults) : null,
    };
    if (op.errors !== null) body.errors = op.errors.map((e) => ({ ...e }));
    return body;
  }
}
