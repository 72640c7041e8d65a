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
  id: string;
  name: string;
  status: RasterStatus;
  folderId: string;
  capturedAt: string | null;
  identityKey: string | null;
  multispectral: boolean;
  cloudCoverage: number | null;
  userTag: string | null;
  /** The image on disk, once committed (or generated). */
  file: string | null;
  width: number | null;
  height: number | null;
  /** [west, south, east, north] in degrees, once the upload was read. */
  bounds: [number, number, number, number] | null;
  /** The EPSG code of the image's CRS (3857 for a non-georeferenced image), once the upload was read. */
  crs: number | null;
  /** Whether the image carried its own georeference (false: PROTOCOL.md's non-georeferenced placement). */
  georeferenced: boolean | null;
  detectionAreaCount: number;
}

export interface DetectorState {
  id: string;
  name: string;
  configuration: DetectorConfiguration;
  isRunnable: boolean;
  /** Its classes, the default one first. */
  classes: DetectorClass[];
  trainingRasterIds: string[];
  folderIds: string[];
  /** Annotation counts per training raster and type, and per class for outlines. */
  annotations: { rasterId: string; type: AnnotationType; classId?: string; count: number }[];
}

export interface OperationState {
  id: string;
  type: string;
  status: "running" | "success" | "failed";
  metadata: Record<string, string>;
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
  folders: { id: string; name: string }[];
  rasters: RasterState[];
  detectors: DetectorState[];
  markers: {
    id: string;
    rasterId: string;
    detectorId: string | null;
    coordinates: [number, number];
    text: string;
  }[];
  vectorLayers: { id: string; name: string; rasterId: string; detectorId: string | null; count: number }[];
  uploads: { id: string; kind: UploadKind; received: boolean; committed: boolean; file: string }[];
  operations: OperationState[];
  /** Grants set per folder or detector. */
  grants: { kind: GrantKind; resourceId: string; grants: GrantRecord[] }[];
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
