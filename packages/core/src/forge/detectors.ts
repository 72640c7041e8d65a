import { type OperationRef, runOperation, waitForOperation } from "../machinery/operations";
import { firstPage, pageQuery, type PageOptions } from "../machinery/pages";
import {
  checkBoolean,
  checkEnum,
  checkId,
  checkIfGiven,
  checkInteger,
  checkNumber,
  checkString,
  compact,
} from "../machinery/validate";
import { type ForgeMethod, withPath } from "./calls";
import { values } from "./checks";
import type { ForgeWaitOptions } from "./operations";
import type { CallOptions, DetectorConfiguration, Forge, Operation } from "./schemas";

/** What a detector finds: "count" (objects) or "segmentation" (areas). */
export type DetectionType = NonNullable<DetectorConfiguration["detection_type"]>;
/** How a detector outlines what it finds: "polygon" or "bbox". */
export type OutputType = NonNullable<DetectorConfiguration["output_type"]>;
/** The neural network a detector trains: "resnet18", "resnet34" or "resnet50". */
export type Backbone = NonNullable<DetectorConfiguration["backbone"]>;

/** A detector's settings, in camelCase. */
export interface DetectorSettings {
  /** 'count' or 'segmentation'. */
  detectionType?: DetectionType;
  /** 'polygon' or 'bbox'. */
  outputType?: OutputType;
  /** An integer from 500 to 40 000. */
  trainingSteps?: number;
  /** 'resnet18', 'resnet34' or 'resnet50'. */
  backbone?: Backbone;
  /** Tile size in pixels (see the HTTP API docs for the allowed values). */
  tileSize?: number;
  /** Background sample ratio, from 0 to 1. */
  backgroundSampleRatio?: number;
}

export interface CreateDetectorOptions extends DetectorSettings, CallOptions {
  /** The detector's name. */
  name?: string;
}
export interface EditDetectorOptions extends DetectorSettings, CallOptions {
  /** The detector's new name. */
  name?: string;
}

export interface ListDetectorsOptions extends PageOptions {
  /** Only detectors whose name matches. */
  searchString?: string;
  /** (beta) */
  userTag?: string;
  /** (beta) */
  isShared?: boolean;
  /** Only the detectors that can (true) or cannot (false) be run, e.g. to offer the runnable ones. */
  runnable?: boolean;
}

export interface RunDetectorOptions extends ForgeWaitOptions {
  /** A second raster, for change detection. */
  secondaryRasterId?: string;
}

/** The settings a new detector gets, as in the Python client (the document's defaults). */
export const DETECTOR_DEFAULTS: Required<DetectorSettings> = {
  detectionType: values.DetectionType.default,
  outputType: values.OutputType.default,
  trainingSteps: values.TrainingSteps.default,
  backbone: values.Backbone.default,
  tileSize: values.TileSize.default,
  backgroundSampleRatio: values.BackgroundSampleRatio.default,
};

// The document gives tile sizes no maximum; 100 000 px still catches a unit mistake before a request.
const TILE_SIZE_MAX = 100_000;

function detectorConfiguration(settings: DetectorSettings): DetectorConfiguration {
  return compact({
    detection_type: checkIfGiven(settings.detectionType, (v) =>
      checkEnum("detectionType", v, values.DetectionType.enum),
    ),
    output_type: checkIfGiven(settings.outputType, (v) => checkEnum("outputType", v, values.OutputType.enum)),
    training_steps: checkIfGiven(settings.trainingSteps, (v) =>
      checkInteger("trainingSteps", v, values.TrainingSteps.minimum, values.TrainingSteps.maximum),
    ),
    backbone: checkIfGiven(settings.backbone, (v) => checkEnum("backbone", v, values.Backbone.enum)),
    tile_size: checkIfGiven(settings.tileSize, (v) =>
      checkInteger("tileSize", v, values.TileSize.minimum, TILE_SIZE_MAX),
    ),
    background_sample_ratio: checkIfGiven(settings.backgroundSampleRatio, (v) =>
      checkNumber(
        "backgroundSampleRatio",
        v,
        values.BackgroundSampleRatio.minimum,
        values.BackgroundSampleRatio.maximum,
      ),
    ),
  });
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return compact(obj as Record<string, unknown>) as Partial<T>;
}

export const createDetector: ForgeMethod<"createDetector"> = async (t, options = {}) => {
  const body = compact({
    name: checkIfGiven(options.name, (v) => checkString("name", v)),
    configuration: detectorConfiguration({ ...DETECTOR_DEFAULTS, ...definedOnly(options) }),
  });
  const detector = await t.expectData(t.api.POST("/detectors/", { body, signal: options.signal }), 201);
  return detector.id;
};

export const listDetectors: ForgeMethod<"listDetectors"> = async (t, options = {}) => {
  const query = compact({
    search: checkIfGiven(options.searchString, (v) => checkString("searchString", v)),
    user_tag: checkIfGiven(options.userTag, (v) => checkString("userTag", v)),
    is_shared: checkIfGiven(options.isShared, (v) => checkBoolean("isShared", v)),
    is_runnable: checkIfGiven(options.runnable, (v) => checkBoolean("runnable", v)),
    ...pageQuery(options),
  });
  return firstPage(t, t.api.GET("/detectors/", { params: { query }, signal: options.signal }));
};

export const getDetector: ForgeMethod<"getDetector"> = async (t, detectorId, options = {}) => {
  const detector_id = checkId("detectorId", detectorId);
  return t.expectData(t.api.GET("/detectors/{detector_id}/", withPath({ detector_id }, options)), 200);
};

export const editDetector: ForgeMethod<"editDetector"> = async (t, detectorId, options = {}) => {
  const detector_id = checkId("detectorId", detectorId);
  const configuration = detectorConfiguration(definedOnly(options));
  const body = compact({
    name: checkIfGiven(options.name, (v) => checkString("name", v)),
    // Some plans cannot edit settings at all, so a name-only edit sends no configuration.
    configuration: Object.keys(configuration).length > 0 ? configuration : undefined,
  });
  await t.expect(
    t.api.PUT("/detectors/{detector_id}/", { ...withPath({ detector_id }, options), body }),
    204,
  );
};

export const deleteDetector: ForgeMethod<"deleteDetector"> = async (t, detectorId, options = {}) => {
  const detector_id = checkId("detectorId", detectorId);
  await t.expect(t.api.DELETE("/detectors/{detector_id}/", withPath({ detector_id }, options)), 204);
};

export const listFolderDetectors: ForgeMethod<"listFolderDetectors"> = async (t, folderId, options = {}) => {
  const folder_id = checkId("folderId", folderId);
  return firstPage(
    t,
    t.api.GET("/folders/{folder_id}/detectors/", withPath({ folder_id }, options, pageQuery(options))),
  );
};

export const addRasterToDetector: ForgeMethod<"addRasterToDetector"> = async (
  t,
  rasterId,
  detectorId,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  const detector_id = checkId("detectorId", detectorId);
  await t.expect(
    t.api.POST("/detectors/{detector_id}/training_rasters/", {
      ...withPath({ detector_id }, options),
      body: { raster_id },
    }),
    201,
  );
};

export const listDetectorRasters: ForgeMethod<"listDetectorRasters"> = async (
  t,
  detectorId,
  options = {},
) => {
  const detector_id = checkId("detectorId", detectorId);
  return firstPage(
    t,
    t.api.GET(
      "/detectors/{detector_id}/training_rasters/",
      withPath({ detector_id }, options, pageQuery(options)),
    ),
  );
};

/** POSTs to a detector's operation endpoint (train, dataset recommendation) and waits for the operation. */
async function detectorOperation(
  t: Forge,
  path: "/detectors/{detector_id}/train/" | "/detectors/{detector_id}/dataset_recommendation/",
  detectorId: string,
  options: ForgeWaitOptions,
): Promise<Operation> {
  const detector_id = checkId("detectorId", detectorId);
  return runOperation<Operation>(
    t,
    t.expectData(t.api.POST(path, withPath({ detector_id }, options))),
    options,
  );
}

export const trainDetector: ForgeMethod<"trainDetector"> = async (t, detectorId, options = {}) => {
  return detectorOperation(t, "/detectors/{detector_id}/train/", detectorId, options);
};

export const runDatasetRecommendation: ForgeMethod<"runDatasetRecommendation"> = async (
  t,
  detectorId,
  options = {},
) => {
  return detectorOperation(t, "/detectors/{detector_id}/dataset_recommendation/", detectorId, options);
};

export const runDetector: ForgeMethod<"runDetector"> = async (t, detectorId, rasterId, options = {}) => {
  const detector_id = checkId("detectorId", detectorId);
  const body = compact({
    raster_id: checkId("rasterId", rasterId),
    secondary_raster_id: checkIfGiven(options.secondaryRasterId, (v) => checkId("secondaryRasterId", v)),
  });
  const ref: OperationRef = await t.expectData(
    t.api.POST("/detectors/{detector_id}/run/", { ...withPath({ detector_id }, options), body }),
  );
  await waitForOperation<Operation>(t, ref, options);
  return ref.operation_id;
};
