import { createHash } from "node:crypto";
import { paginate } from "../context";
import type { ForgeHandlers, ForgeSchemas } from "../documents";
import { fieldError, invalidPk } from "../errors";
import { type Feature, centroid, inPolygon, polygonsOf } from "../geo";
import { type OperationError, failure } from "../operations";
import type {
  AnnotationType,
  DetectorClass,
  DetectorConfiguration,
  DetectorRecord,
  RasterRecord,
  Store,
} from "../state";
import { started } from "./operations";
import { addMarker, markerJson } from "./rasters";
import { createUpload, fileFailure, readFeatureCollection, uploadToCommit } from "./uploads";

function trainingRasterJson(r: RasterRecord): ForgeSchemas["TrainingRaster"] {
  return { id: r.id, name: r.name, status: r.status, folder_id: r.folderId };
}

/** Counts of a detector's dataset, as training reports them, or why it cannot be trained. */
function trainingStats(
  store: Store,
  detector: DetectorRecord,
): { stats: Record<string, number> } | { error: OperationError } {
  const rasters = [...detector.trainingRasters].filter((id) => store.rasters.has(id));
  if (rasters.length === 0) {
    return { error: { code: "no_training_rasters", message: "the detector has no training rasters" } };
  }
  const count = (rasterId: string, type: AnnotationType) => store.annotationsOf(detector.id, rasterId, type);
  let outlines = 0;
  let validation = 0;
  let trainingAreas = 0;
  let testingAreas = 0;
  let validationAreas = 0;
  for (const rasterId of rasters) {
    const areas = count(rasterId, "validation_area").flatMap((f) => polygonsOf(f.geometry) ?? []);
    trainingAreas += count(rasterId, "training_area").length;
    testingAreas += count(rasterId, "testing_area").length;
    validationAreas += count(rasterId, "validation_area").length;
    for (const feature of count(rasterId, "outline")) {
      outlines++;
      const first = polygonsOf(feature.geometry)?.[0];
      if (first && areas.some((area) => inPolygon(centroid(first), area))) validation++;
    }
  }
  if (outlines === 0) {
    return {
      error: { code: "no_outlines", message: "the detector has no outline annotations to learn from" },
    };
  }
  const stats = {
    rasters_count: rasters.length,
    training_areas_count: trainingAreas,
    assessment_areas_count: testingAreas,
    validation_areas_count: validationAreas,
    total_annotations_count: outlines,
    training_annotations_count: outlines - validation,
    validation_annotations_count: validation,
  };
  return { stats };
}

/** A score from 50 to 95 that only depends on the dataset and the settings, so a run repeats. */
function trainingScore(stats: Record<string, number>, config: DetectorConfiguration): number {
  const key = JSON.stringify([stats, config]);
  const hash = createHash("sha256").update(key).digest().readUInt32BE(0);
  return (5000 + (hash % 4501)) / 100;
}

/**
 * The class an outline goes to when the commit names none: the class its `class_name` property names (added to
 * the detector when new, standing in for classes made in Picterra's web UI), else the detector's first class.
 */
function classOf(store: Store, detector: DetectorRecord, feature: Feature): DetectorClass {
  const name = feature.properties?.class_name;
  if (typeof name === "string" && name !== "") return store.classNamed(detector, name);
  return detector.classes[0]!;
}

/** The class a commit's `class_id` names, checked before the upload is spent. */
function commitClass(
  detector: DetectorRecord,
  type: AnnotationType,
  classId: string | undefined,
): DetectorClass | undefined {
  if (classId === undefined) return undefined;
  if (type !== "outline") throw fieldError("class_id", "Only outline annotations belong to a class.");
  const found = detector.classes.find((c) => c.id === classId);
  if (!found) throw invalidPk("class_id", classId);
  return found;
}

export const trainingHandlers = {
  listDetectorTrainingRasters: (ctx) => {
    const { store } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id);
    const rasters: RasterRecord[] = [];
    for (const id of detector.trainingRasters) {
      const raster = store.rasters.get(id);
      if (raster) rasters.push(raster);
    }
    return paginate(ctx, rasters, trainingRasterJson);
  },

  addRasterToDetector: (ctx) => {
    const { store } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id);
    const raster = store.rasterField("raster_id", ctx.body.raster_id);
    detector.trainingRasters.add(raster.id);
    detector.folderIds.add(raster.folderId);
    return { status: 201 };
  },

  createDetectorRasterMarker: (ctx) => {
    const { detector, raster } = ctx.emu.store.trainingRaster(ctx.params.detector_id, ctx.params.raster_id);
    return { status: 201, body: markerJson(addMarker(ctx, raster.id, detector.id)) };
  },

  createAnnotationsUpload: (ctx) => {
    const { detector, raster } = ctx.emu.store.trainingRaster(ctx.params.detector_id, ctx.params.raster_id);
    const annotationType = ctx.params.annotation_type;
    const { upload, uploadUrl } = createUpload(ctx, "annotations", {
      detectorId: detector.id,
      rasterId: raster.id,
      annotationType,
    });
    return { status: 201, body: { upload_url: uploadUrl, upload_id: upload.id } };
  },

  commitAnnotationsUpload: (ctx) => {
    const { store, ops } = ctx.emu;
    const { detector, raster } = store.trainingRaster(ctx.params.detector_id, ctx.params.raster_id);
    const type = ctx.params.annotation_type;
    const chosen = commitClass(detector, type, ctx.body.class_id);
    const upload = uploadToCommit(
      ctx,
      ctx.params.upload_id,
      "annotations",
      (u) => u.detectorId === detector.id && u.rasterId === raster.id && u.annotationType === type,
    );
    const metadata: Record<string, string> = {
      detector_id: detector.id,
      raster_id: raster.id,
      annotation_type: type,
    };
    if (chosen) metadata.class_id = chosen.id;
    const op = ops.start("annotations_upload", metadata, async () => {
      const features = await readFeatureCollection(upload);
      if (typeof features === "string") return fileFailure(features);
      const bad = features.findIndex((f) => polygonsOf(f.geometry) === null);
      if (bad !== -1) return failure("invalid_file", `features[${bad}] is not a Polygon or MultiPolygon`);
      if (type !== "outline") {
        return { ok: true, apply: () => store.setAnnotations(detector.id, raster.id, type, features) };
      }
      const apply = () => {
        const byClass = new Map<string, Feature[]>(chosen ? [[chosen.id, []]] : []);
        for (const feature of features) {
          const c = chosen ?? classOf(store, detector, feature);
          byClass.set(c.id, [...(byClass.get(c.id) ?? []), feature]);
        }
        // With a class_id, only that class's outlines are replaced; without, all of them.
        store.setOutlines(detector.id, raster.id, byClass, chosen === undefined);
      };
      return { ok: true, apply };
    });
    return started(ctx, op);
  },

  trainDetector: (ctx) => {
    const { store, ops } = ctx.emu;
    const detector = store.detector(ctx.params.detector_id);
    // The dataset is read now: annotations changed while training runs do not count, as on the real service.
    const dataset = trainingStats(store, detector);
    const config = { ...detector.configuration };
    const op = ops.start("training", { detector_id: detector.id }, () => {
      if ("error" in dataset) return failure(dataset.error.code, dataset.error.message);
      const counts = dataset.stats;
      return {
        ok: true,
        apply: () => {
          detector.isRunnable = true;
        },
        results: () => ({ score: trainingScore(counts, config), stats: counts }),
      };
    });
    return started(ctx, op);
  },

  runDatasetRecommendation: (ctx) => {
    const detector = ctx.emu.store.detector(ctx.params.detector_id);
    const op = ctx.emu.ops.start("dataset_recommendation", { detector_id: detector.id }, () => ({
      ok: true,
    }));
    return started(ctx, op);
  },
} satisfies ForgeHandlers;
