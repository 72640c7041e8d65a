import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { invalidPk, notFound, throwing } from "./errors";
import type { Feature, Footprint, PolygonCoords } from "./geo";
import { paletteColor } from "./palette";

export type RasterStatus = "pending" | "processing" | "ready" | "failed";
export type AnnotationType = "outline" | "training_area" | "testing_area" | "validation_area";

export interface FolderRecord {
  id: string;
  name: string;
  /** Lower-cased name, so that `search` does not lower-case every folder on every request. */
  nameLower: string;
  /** ISO 8601, as the API answers it. */
  createdAt: string;
}

export interface RasterRecord {
  id: string;
  name: string;
  /** Lower-cased name, so that `search` does not lower-case every raster on every request. */
  nameLower: string;
  status: RasterStatus;
  folderId: string;
  capturedAt: string | null;
  capturedAtMs: number | null;
  identityKey: string | null;
  multispectral: boolean;
  bandSpecification: Record<string, unknown> | null;
  cloudCoverage: number | null;
  userTag: string | null;
  /** The image on disk (uploaded, or generated for imports and seeds). */
  file: string | null;
  footprint: Footprint | null;
  /** Polygons (lon/lat) detections are kept in, or null for the whole raster. */
  detectionAreas: PolygonCoords[] | null;
  vectorLayerCount: number;
}

export interface DetectorConfiguration {
  detection_type: "count" | "segmentation";
  output_type: "polygon" | "bbox";
  training_steps: number;
  backbone: "resnet18" | "resnet34" | "resnet50";
  tile_size: number;
  background_sample_ratio: number;
}

/** A class of objects a detector finds; outline annotations belong to one. */
export interface DetectorClass {
  id: string;
  name: string;
  color: string;
}

export interface DetectorRecord {
  id: string;
  name: string;
  nameLower: string;
  configuration: DetectorConfiguration;
  /** At least one: the default class first, then those added by outlines' `class_name`. */
  classes: DetectorClass[];
  isRunnable: boolean;
  isShared: boolean;
  userTag: string | null;
  /** Training raster ids, in the order they were added. */
  trainingRasters: Set<string>;
  /** Folders the detector is assigned to: those of its training rasters and of the rasters it ran on. */
  folderIds: Set<string>;
}

export interface MarkerRecord {
  id: string;
  rasterId: string;
  detectorId: string | null;
  coordinates: [number, number];
  text: string;
  createdAt: string;
}

export interface VectorLayerRecord {
  id: string;
  name: string;
  rasterId: string;
  detectorId: string | null;
  color: string;
  count: number;
  /** Files of at most `vectorLayerChunkSize` features each, one per URL of `geojson_urls`. */
  chunks: string[];
  createdAt: string;
}

export type UploadKind =
  | "raster"
  | "detection_areas"
  | "annotations"
  | "remote_import"
  | "vector_layer"
  /** Tracer's `upload/file/`: a plots file or a plot ids file, named by the call that uses it. */
  | "tracer_file";

export interface UploadRecord {
  id: string;
  kind: UploadKind;
  file: string;
  /** The bytes arrived (one complete PUT). */
  received: boolean;
  /** A PUT is streaming right now. */
  receiving: boolean;
  committed: boolean;
  rasterId?: string;
  detectorId?: string;
  annotationType?: AnnotationType;
}

export const DEFAULT_FOLDER_NAME = "Picterra API Project";
/** The class every detector starts with, named as in Picterra's own examples. */
export const DEFAULT_CLASS_NAME = "class_1";

/** What `GET users/me/` answers: who the API key belongs to. */
export interface AccountRecord {
  userId: string;
  organizationId: string;
  organizationName: string;
}

export type GrantKind = "folder" | "detector";

/** One grant, as the API takes and answers it. */
export interface GrantRecord {
  grantee: { type: "user" | "organization"; id: string };
  role: "viewer" | "editor";
}

/** Every object of the emulated account, in memory; bytes live in files under `dataDir`. */
export class Store {
  readonly folders = new Map<string, FolderRecord>();
  readonly rasters = new Map<string, RasterRecord>();
  readonly detectors = new Map<string, DetectorRecord>();
  readonly markers = new Map<string, MarkerRecord>();
  readonly vectorLayers = new Map<string, VectorLayerRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  /**
   * `${detectorId}/${rasterId}/${type}` → features; outlines are kept per class, under
   * `${detectorId}/${rasterId}/outline/${classId}`.
   */
  readonly annotations = new Map<string, Feature[]>();
  /** `${kind}/${resourceId}` → the grants on that folder or detector. */
  readonly grants = new Map<string, GrantRecord[]>();
  readonly account: AccountRecord = {
    userId: randomUUID(),
    organizationId: randomUUID(),
    organizationName: "Emulated organization",
  };
  readonly defaultFolder: FolderRecord;
  private rasterList: RasterRecord[] | null = null;
  private detectorList: DetectorRecord[] | null = null;

  constructor(readonly dataDir: string) {
    this.defaultFolder = this.addFolder(DEFAULT_FOLDER_NAME);
  }

  /** A fresh path under the data folder. */
  newFile(prefix: string): string {
    return join(this.dataDir, `${prefix}-${randomUUID()}`);
  }

  addFolder(name: string): FolderRecord {
    const folder = {
      id: randomUUID(),
      name,
      nameLower: name.toLowerCase(),
      createdAt: new Date().toISOString(),
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  addRaster(
    fields: Omit<RasterRecord, "id" | "nameLower" | "vectorLayerCount" | "detectionAreas">,
  ): RasterRecord {
    const raster: RasterRecord = {
      id: randomUUID(),
      nameLower: fields.name.toLowerCase(),
      vectorLayerCount: 0,
      detectionAreas: null,
      ...fields,
    };
    this.rasters.set(raster.id, raster);
    this.rasterList = null;
    return raster;
  }

  addDetector(name: string, configuration: DetectorConfiguration): DetectorRecord {
    const detector: DetectorRecord = {
      id: randomUUID(),
      name,
      nameLower: name.toLowerCase(),
      configuration,
      classes: [{ id: randomUUID(), name: DEFAULT_CLASS_NAME, color: paletteColor(0) }],
      isRunnable: false,
      isShared: false,
      userTag: null,
      trainingRasters: new Set(),
      folderIds: new Set(),
    };
    this.detectors.set(detector.id, detector);
    this.detectorList = null;
    return detector;
  }

  addVectorLayer(fields: Omit<VectorLayerRecord, "id" | "createdAt">): VectorLayerRecord {
    const layer = { id: randomUUID(), createdAt: new Date().toISOString(), ...fields };
    this.vectorLayers.set(layer.id, layer);
    const raster = this.rasters.get(layer.rasterId);
    if (raster) raster.vectorLayerCount++;
    return layer;
  }

  /** Rasters in creation order; the array is rebuilt only after a raster was added or deleted. */
  rasterArray(): readonly RasterRecord[] {
    this.rasterList ??= [...this.rasters.values()];
    return this.rasterList;
  }

  detectorArray(): readonly DetectorRecord[] {
    this.detectorList ??= [...this.detectors.values()];
    return this.detectorList;
  }

  raster(id: string): RasterRecord {
    return this.rasters.get(id) ?? throwing(notFound());
  }

  detector(id: string): DetectorRecord {
    return this.detectors.get(id) ?? throwing(notFound());
  }

  vectorLayer(id: string): VectorLayerRecord {
    return this.vectorLayers.get(id) ?? throwing(notFound());
  }

  /** A folder named in a path (404 when there is none). */
  folder(id: string): FolderRecord {
    return this.folders.get(id) ?? throwing(notFound());
  }

  /** A folder named in a body: an unknown id is a field error there, not a 404. */
  folderField(field: string, id: string): FolderRecord {
    return this.folders.get(id) ?? throwing(invalidPk(field, id));
  }

  rasterField(field: string, id: string): RasterRecord {
    return this.rasters.get(id) ?? throwing(invalidPk(field, id));
  }

  /** A training raster of a detector (404 when the raster is not one). */
  trainingRaster(detectorId: string, rasterId: string): { detector: DetectorRecord; raster: RasterRecord } {
    const detector = this.detector(detectorId);
    if (!detector.trainingRasters.has(rasterId)) throw notFound();
    return { detector, raster: this.raster(rasterId) };
  }

  /** Deletes a raster and what hangs off it; returns the files to remove. */
  deleteRaster(id: string): string[] {
    const raster = this.raster(id);
    const files = raster.file ? [raster.file] : [];
    // Uploads for this raster that were never committed (or failed) still hold their bytes.
    for (const [uploadId, upload] of this.uploads) {
      if (upload.id === id || upload.rasterId === id) {
        files.push(upload.file, `${upload.file}.part`);
        this.uploads.delete(uploadId);
      }
    }
    this.rasters.delete(id);
    this.rasterList = null;
    for (const detector of this.detectors.values()) detector.trainingRasters.delete(id);
    for (const key of [...this.annotations.keys()])
      if (key.split("/")[1] === id) this.annotations.delete(key);
    for (const [markerId, marker] of this.markers) if (marker.rasterId === id) this.markers.delete(markerId);
    for (const layer of [...this.vectorLayers.values()]) {
      if (layer.rasterId === id) files.push(...this.deleteVectorLayer(layer.id));
    }
    return files;
  }

  deleteDetector(id: string): void {
    this.detector(id);
    this.detectors.delete(id);
    this.detectorList = null;
    this.grants.delete(`detector/${id}`);
    for (const key of [...this.annotations.keys()])
      if (key.startsWith(`${id}/`)) this.annotations.delete(key);
    for (const [markerId, marker] of this.markers)
      if (marker.detectorId === id) this.markers.delete(markerId);
  }

  /** Deletes a vector layer; returns its files. */
  deleteVectorLayer(id: string): string[] {
    const layer = this.vectorLayer(id);
    this.vectorLayers.delete(id);
    const raster = this.rasters.get(layer.rasterId);
    if (raster) raster.vectorLayerCount--;
    return layer.chunks;
  }

  /** The annotations of one type on a detector's training raster; outlines of every class, in class order. */
  annotationsOf(detectorId: string, rasterId: string, type: AnnotationType): Feature[] {
    if (type !== "outline") return this.annotations.get(`${detectorId}/${rasterId}/${type}`) ?? [];
    return this.outlinesByClass(detectorId, rasterId).flatMap(([, features]) => features);
  }

  /** The outlines on a detector's training raster, per class of the detector, in class order (none: left out). */
  outlinesByClass(detectorId: string, rasterId: string): [DetectorClass, Feature[]][] {
    const out: [DetectorClass, Feature[]][] = [];
    for (const c of this.detectors.get(detectorId)?.classes ?? []) {
      const features = this.annotations.get(`${detectorId}/${rasterId}/outline/${c.id}`);
      if (features && features.length > 0) out.push([c, features]);
    }
    return out;
  }

  /** Replaces the areas of one type (every type but outlines) on a detector's training raster. */
  setAnnotations(detectorId: string, rasterId: string, type: AnnotationType, features: Feature[]): void {
    this.annotations.set(`${detectorId}/${rasterId}/${type}`, features);
  }

  /** Replaces the outlines of the given classes, or of every class when `allClasses`. */
  setOutlines(
    detectorId: string,
    rasterId: string,
    byClass: Map<string, Feature[]>,
    allClasses: boolean,
  ): void {
    const prefix = `${detectorId}/${rasterId}/outline/`;
    if (allClasses)
      for (const key of [...this.annotations.keys()])
        if (key.startsWith(prefix)) this.annotations.delete(key);
    for (const [classId, features] of byClass) this.annotations.set(`${prefix}${classId}`, features);
  }

  /** The detector's class of that name, added (with the next palette color) when it has none yet. */
  classNamed(detector: DetectorRecord, name: string): DetectorClass {
    let found = detector.classes.find((c) => c.name === name);
    if (!found) {
      found = { id: randomUUID(), name, color: paletteColor(detector.classes.length) };
      detector.classes.push(found);
    }
    return found;
  }

  /** The folder or detector grants are about (404 when there is none). */
  grantTarget(kind: GrantKind, id: string): string {
    const exists = kind === "folder" ? this.folders.has(id) : this.detectors.has(id);
    if (!exists) throw notFound();
    return `${kind}/${id}`;
  }
}
