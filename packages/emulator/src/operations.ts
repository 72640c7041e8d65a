import { randomUUID } from "node:crypto";
import { notFound } from "./errors";

export type OperationType =
  | "raster_upload"
  | "annotations_upload"
  | "training"
  | "detector_run"
  | "dataset_recommendation"
  | "advanced_tool"
  | "vector_layer_upload"
  | "remote_import"
  | "detection_areas_upload";

export type OperationStatus = "running" | "success" | "failed";

/** Builds an operation's results when it is read: signed URLs are minted fresh each time (they expire). */
export type ResultsBuilder = (origin: string) => Record<string, unknown>;

/**
 * What an operation's work decided. Its effect on the state (`apply`) waits until the operation ends, so
 * a client sees the change exactly when it sees `success`.
 */
export type Outcome =
  | { ok: true; apply?: () => void; results?: ResultsBuilder; metadata?: Record<string, string> }
  | { ok: false; message: string; apply?: () => void; errors?: Record<string, unknown>[] };

/** `Type` names the operations of one API: Forge's by default, Tracer's in `tracer/`. */
export interface OperationRecord<Type extends string = OperationType> {
  id: string;
  type: Type;
  status: OperationStatus;
  metadata: Record<string, string>;
  polls: number;
  results: ResultsBuilder | null;
  error: string | null;
  /** The structured reasons of a failure, for APIs that answer `errors` (Tracer). */
  errors: Record<string, unknown>[] | null;
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
      error: null,
      errors: null,
      work: Promise.resolve()
        .then(work)
        .catch((error: unknown) => ({
          ok: false as const,
          message: `internal error: ${error instanceof Error ? error.message : String(error)}`,
        })),
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
    outcome.apply?.();
    if (outcome.ok) {
      Object.assign(op.metadata, outcome.metadata);
      op.results = outcome.results ?? (() => ({}));
      op.status = "success";
    } else {
      op.error = outcome.message;
      op.errors = outcome.errors ?? null;
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
    if (op.error !== null) body.error = { message: op.error };
    return body;
  }
}
