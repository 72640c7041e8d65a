import type { Emu } from "./context";
import type {
  AccountRecord,
  AnnotationType,
  DetectorClass,
  DetectorConfiguration,
  GrantKind,
  GrantRecord,
  RasterStatus,
  UploadKind,
} from "./state";
import type { OperationError, OperationRecord } from "./operations";
import { type TracerState, tracerSnapshot } from "./tracer/snapshot";

/** A raster, with what the API does not show: where it lies and its file. */
export interface RasterState {
  /** The raster's id. */
  id: string;
  /** Its name, as the API shows it. */
  name: string;
  /** `pending` until its upload is committed, then `processing`, then `ready` (or `failed`). */
  status: RasterStatus;
  /** The folder it is in. */
  folderId: string;
  /** When the image was captured (ISO 8601), or null. */
  capturedAt: string | null;
  /** The user's own identifier of the raster, or null. */
  identityKey: string | null;
  /** Whether it is in multispectral mode. */
  multispectral: boolean;
  /** Cloud coverage in percent, or null. */
  cloudCoverage: number | null;
  /** Its tag, or null. */
  userTag: string | null;
  /** The image on disk, once committed (or generated). */
  file: string | null;
  /** The image's width in pixels, once the upload was read. */
  width: number | null;
  /** The image's height in pixels, once the upload was read. */
  height: number | null;
  /** [west, south, east, north] in degrees, once the upload was read. */
  bounds: [number, number, number, number] | null;
  /** The EPSG code of the image's CRS (3857 for a non-georeferenced image), once the upload was read. */
  crs: number | null;
  /** Whether the image carried its own georeference (false: PROTOCOL.md's non-georeferenced placement). */
  georeferenced: boolean | null;
  /** How many polygons its detection areas hold (0: detections cover the whole raster). */
  detectionAreaCount: number;
}

/** A detector, with what the API does not show: its training rasters, folders and annotation counts. */
export interface DetectorState {
  /** The detector's id. */
  id: string;
  /** Its name, as the API shows it. */
  name: string;
  /** Its configuration, as the API shows it. */
  configuration: DetectorConfiguration;
  /** Whether it can run: true once a training has succeeded. */
  isRunnable: boolean;
  /** Its classes, the default one first. */
  classes: DetectorClass[];
  /** Its training rasters' ids, in the order they were added. */
  trainingRasterIds: string[];
  /** The folders it is in: those of its training rasters and of the rasters it ran on. */
  folderIds: string[];
  /** Annotation counts per training raster and type, and per class for outlines. */
  annotations: {
    /** The training raster the annotations are on. */
    rasterId: string;
    /** Their type: outlines, training, testing or validation areas. */
    type: AnnotationType;
    /** The class of outlines, when they name one. */
    classId?: string;
    /** How many features the annotations hold. */
    count: number;
  }[];
}

/** A long-running operation, Forge's or Tracer's, as the emulator runs it. */
export interface OperationState {
  /** The operation's id. */
  id: string;
  /** Its type, as the API names it (e.g. `detector_run`, `training`, `raster_upload`). */
  type: string;
  /** `running` for `pollsUntilDone` polls, then `success` or `failed`. */
  status: "running" | "success" | "failed";
  /** What the API shows as its `metadata` (e.g. `detector_id`, `raster_id`). */
  metadata: Record<string, string>;
  /** How many times it was polled. */
  polls: number;
  /** Why it failed, as its `errors` say; null unless it did. */
  errors: OperationError[] | null;
}

/** A copy of an operation, Forge's or Tracer's. */
export function operationState(o: OperationRecord<string, unknown>): OperationState {
  return {
    id: o.id,
    type: o.type,
    status: o.status,
    metadata: { ...o.metadata },
    polls: o.polls,
    errors: o.errors ? o.errors.map((e) => ({ ...e })) : null,
  };
}

/** A read-only copy of everything the emulator holds. */
export interface EmulatorState {
  /** Every folder, the default "Picterra API Project" included. */
  folders: {
    /** The folder's id. */
    id: string;
    /** Its name. */
    name: string;
  }[];
  /** Every raster, in the order they were created. */
  rasters: RasterState[];
  /** Every detector, in the order they were created. */
  detectors: DetectorState[];
  /** Every marker. */
  markers: {
    /** The marker's id. */
    id: string;
    /** The raster it is on. */
    rasterId: string;
    /** The detector it belongs to, or null. */
    detectorId: string | null;
    /** Where it is: [longitude, latitude]. */
    coordinates: [number, number];
    /** Its comment. */
    text: string;
  }[];
  /** Every vector layer. */
  vectorLayers: {
    /** The layer's id. */
    id: string;
    /** Its name. */
    name: string;
    /** The raster it belongs to. */
    rasterId: string;
    /** The detector that made it, or null for one uploaded. */
    detectorId: string | null;
    /** How many features it holds. */
    count: number;
  }[];
  /** Every signed-URL upload the API created, committed or not. */
  uploads: {
    /** The upload's id (a raster's id for a raster upload). */
    id: string;
    /** What it uploads: a raster, detection areas, annotations, a remote import, a vector layer, a Tracer file. */
    kind: UploadKind;
    /** Whether its bytes arrived (one complete PUT). */
    received: boolean;
    /** Whether it was committed. */
    committed: boolean;
    /** Where its bytes are on disk. */
    file: string;
  }[];
  /** Every long-running operation, in the order they started. */
  operations: OperationState[];
  /** Grants set per folder or detector. */
  grants: {
    /** The kind of resource: `folder` or `detector`. */
    kind: GrantKind;
    /** The resource's id. */
    resourceId: string;
    /** The grants set on it, as the last `setGrants` gave them. */
    grants: GrantRecord[];
  }[];
  /** Who `GET users/me/` says the API key belongs to. */
  account: AccountRecord;
  /** Picterra Tracer's plots groups, analyses, reports and operations. */
  tracer: TracerState;
}

/** Copies the state out, so that a test can look without changing anything. */
export function snapshot({ store, ops, tracer }: Emu): EmulatorState {
  return {
    folders: [...store.folders.values()].map((f) => ({ id: f.id, name: f.name })),
    rasters: store.rasterArray().map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      folderId: r.folderId,
      capturedAt: r.capturedAt,
      identityKey: r.identityKey,
      multispectral: r.multispectral,
      cloudCoverage: r.cloudCoverage,
      userTag: r.userTag,
      file: r.file,
      width: r.footprint?.width ?? null,
      height: r.footprint?.height ?? null,
      bounds: r.footprint ? [...r.footprint.lonLat] : null,
      crs: r.footprint?.projection.code ?? null,
      georeferenced: r.footprint?.georeferenced ?? null,
      detectionAreaCount: r.detectionAreas?.length ?? 0,
    })),
    detectors: store.detectorArray().map((d) => ({
      id: d.id,
      name: d.name,
      configuration: { ...d.configuration },
      isRunnable: d.isRunnable,
      classes: d.classes.map((c) => ({ ...c })),
      trainingRasterIds: [...d.trainingRasters],
      folderIds: [...d.folderIds],
      annotations: [...store.annotations]
        .filter(([key]) => key.startsWith(`${d.id}/`))
        .map(([key, features]) => {
          const [, rasterId, type, classId] = key.split("/");
          return {
            rasterId: rasterId!,
            type: type as AnnotationType,
            ...(classId ? { classId } : {}),
            count: features.length,
          };
        }),
    })),
    markers: [...store.markers.values()].map((m) => ({
      id: m.id,
      rasterId: m.rasterId,
      detectorId: m.detectorId,
      coordinates: [m.coordinates[0], m.coordinates[1]],
      text: m.text,
    })),
    vectorLayers: [...store.vectorLayers.values()].map((l) => ({
      id: l.id,
      name: l.name,
      rasterId: l.rasterId,
      detectorId: l.detectorId,
      count: l.count,
    })),
    uploads: [...store.uploads.values()].map((u) => ({
      id: u.id,
      kind: u.kind,
      received: u.received,
      committed: u.committed,
      file: u.file,
    })),
    operations: [...ops.all.values()].map(operationState),
    grants: [...store.grants].map(([key, grants]) => {
      const [kind, resourceId] = key.split("/");
      return {
        kind: kind as GrantKind,
        resourceId: resourceId!,
        grants: grants.map((g) => ({ grantee: { ...g.grantee }, role: g.role })),
      };
    }),
    account: { ...store.account },
    tracer: tracerSnapshot(tracer),
  };
}
