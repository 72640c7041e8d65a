import type { FeatureCollection } from "../../machinery/geojson";
import type { PageOptions, ResultsPage } from "../../machinery/pages";
import type { SetAnnotationsOptions } from "../annotations";
import type {
  CreateDetectorOptions,
  EditDetectorOptions,
  ListDetectorsOptions,
  RunDetectorOptions,
} from "../detectors";
import type { ForgeWaitOptions } from "../operations";
import type {
  AnnotationType,
  CallOptions,
  Detector,
  FolderDetector,
  Operation,
  TrainingRaster,
} from "../schemas";

// The detector methods of `PicterraClient`, as the API reference shows them; src/client.ts's table must match.

/** The detector methods of {@link PicterraClient}: make, train and run detectors. */
export interface DetectorMethods {
  /**
   * (beta) Creates a detector; settings not given take `DETECTOR_DEFAULTS` (count, polygon, 500 steps, resnet34,
   * 256 px tiles). Depending on your plan, some settings cannot differ from the defaults.
   *
   * Python: `create_detector`.
   *
   * @param options `name`, `detectionType` ("count" or "segmentation"), `outputType` ("polygon" or "bbox"),
   *   `trainingSteps` (500 to 40 000), `backbone`, `tileSize`, `backgroundSampleRatio`, `signal`.
   * @returns The new detector's id.
   * @throws {@link ValidationError} a setting out of range or of the wrong type, before any request.
   * @throws {@link APIError} Picterra refused the detector.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const detectorId = await picterra.createDetector({ name: "palms", detectionType: "count", trainingSteps: 1000 });
   * console.log("detector", detectorId);
   * ```
   */
  createDetector(options?: CreateDetectorOptions): Promise<string>;

  /**
   * Lists the detectors the key can access, one page at a time.
   *
   * Python: `list_detectors`.
   *
   * @param options Filters `searchString`, `userTag`, `isShared`; `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}); `for await` goes through every following page.
   * @throws {@link ValidationError} a filter of the wrong type, before any request.
   * @throws {@link APIError} Picterra answered an error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * await picterra.createDetector({ name: "palms" });
   * for await (const detector of await picterra.listDetectors({ searchString: "palm" })) {
   *   console.log(detector.id, detector.name, detector.configuration?.detection_type);
   * }
   * ```
   */
  listDetectors(options?: ListDetectorsOptions): Promise<ResultsPage<Detector>>;

  /**
   * A detector's information and settings, with `is_runnable` (it has been trained) and its `classes`.
   *
   * Python: `get_detector`.
   *
   * @param detectorId The detector's id.
   * @param options `signal`.
   * @returns The detector.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown detector (404) or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const detector = await picterra.getDetector(detectorId);
   * console.log(detector.name, detector.configuration?.output_type, detector.classes?.map((c) => c.name));
   * ```
   */
  getDetector(detectorId: string, options?: CallOptions): Promise<Detector>;

  /**
   * (beta) Changes a detector's name and the settings given (only those are sent).
   *
   * Python: `edit_detector`.
   *
   * @param detectorId The detector's id.
   * @param options `name` and any setting of {@link DetectorMethods.createDetector}, `signal`.
   * @returns Nothing, once changed.
   * @throws {@link ValidationError} a bad id or setting, before any request.
   * @throws {@link APIError} an unknown detector or a refused change.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.editDetector(detectorId, { name: "oil palms", trainingSteps: 2000 });
   * ```
   */
  editDetector(detectorId: string, options?: EditDetectorOptions): Promise<void>;

  /**
   * Deletes a detector.
   *
   * Python: `delete_detector`.
   *
   * @param detectorId The detector's id.
   * @param options `signal`.
   * @returns Nothing, once deleted.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown detector (404) or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const detectorId = await picterra.createDetector({ name: "scratch" });
   * await picterra.deleteDetector(detectorId);
   * ```
   */
  deleteDetector(detectorId: string, options?: CallOptions): Promise<void>;

  /**
   * (beta) Lists the detectors of a folder, one page at a time.
   *
   * Python: `list_folder_detectors`.
   *
   * @param folderId The folder's id.
   * @param options `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}), each detector with `is_runnable`.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown folder or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const folderId = await picterra.createFolder("survey");
   * const page = await picterra.listFolderDetectors(folderId);
   * console.log(`${page.count} detectors in the folder`);
   * ```
   */
  listFolderDetectors(folderId: string, options?: PageOptions): Promise<ResultsPage<FolderDetector>>;

  /**
   * (beta) Adds a raster to a detector's training rasters, so it can be annotated.
   *
   * Python: `add_raster_to_detector`.
   *
   * @param rasterId The raster's id.
   * @param detectorId The detector's id.
   * @param options `signal`.
   * @returns Nothing, once added.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown raster or detector, or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "training.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.addRasterToDetector(rasterId, detectorId);
   * ```
   */
  addRasterToDetector(rasterId: string, detectorId: string, options?: CallOptions): Promise<void>;

  /**
   * Lists a detector's training rasters, one page at a time.
   *
   * Python: `list_detector_rasters`.
   *
   * @param detectorId The detector's id.
   * @param options `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}).
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown detector or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "training.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.addRasterToDetector(rasterId, detectorId);
   * for await (const raster of await picterra.listDetectorRasters(detectorId)) console.log(raster.id, raster.name);
   * ```
   */
  listDetectorRasters(detectorId: string, options?: PageOptions): Promise<ResultsPage<TrainingRaster>>;

  /**
   * Replaces the annotations of one type on a detector's training raster with a GeoJSON FeatureCollection (in
   * WGS 84 longitude/latitude): "outline" (the objects), "training_area", "testing_area" or
   * "validation_area". `{ classId }` puts outlines in one of the detector's classes (see `getDetector`).
   *
   * Python: `set_annotations`.
   *
   * @param detectorId The detector's id.
   * @param rasterId A training raster of the detector.
   * @param annotationType "outline", "training_area", "testing_area" or "validation_area".
   * @param annotations The polygons, checked before any request.
   * @param options `classId`, `onProgress`, `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns Nothing, once Picterra has stored them.
   * @throws {@link ValidationError} bad ids, an unknown type or GeoJSON that is not polygons in longitude/latitude.
   * @throws {@link UploadError} the upload failed after its create step.
   * @throws {@link OperationFailedError} Picterra refused the annotations.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "training.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.addRasterToDetector(rasterId, detectorId);
   * // A non-georeferenced PNG lies at lon/lat (0, 0) going south-east, 0.1 m a pixel (see @picterra/nongeo).
   * const outlines: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00003, -0.00001], [0.00003, -0.00003], [0.00001, -0.00003], [0.00001, -0.00001]]] } }],
   * };
   * const { classes } = await picterra.getDetector(detectorId);
   * await picterra.setAnnotations(detectorId, rasterId, "outline", outlines, { classId: classes?.[0]?.id });
   * ```
   */
  setAnnotations(
    detectorId: string,
    rasterId: string,
    annotationType: AnnotationType,
    annotations: FeatureCollection,
    options?: SetAnnotationsOptions,
  ): Promise<void>;

  /**
   * Trains a detector on its annotated training rasters and waits for the training to end (it can take hours:
   * pass `timeoutMs`, `onPoll` or `signal` as needed).
   *
   * Python: `train_detector`.
   *
   * @param detectorId The detector's id.
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs` (default 24 h).
   * @returns The finished operation: `results.score` and `results.stats`.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link OperationFailedError} the training failed (e.g. no outlines); `errors` say why.
   * @throws {@link OperationTimeoutError} it did not end within `timeoutMs`.
   * @throws {@link APIError} an unknown detector or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient, type FeatureCollection } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "training.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.addRasterToDetector(rasterId, detectorId);
   * const outlines: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon",
   *     coordinates: [[[0.00001, -0.00001], [0.00003, -0.00001], [0.00003, -0.00003], [0.00001, -0.00003], [0.00001, -0.00001]]] } }],
   * };
   * await picterra.setAnnotations(detectorId, rasterId, "outline", outlines);
   * const training = await picterra.trainDetector(detectorId, { onPoll: (op) => console.log(op.status) });
   * console.log("score", training.results?.score);
   * ```
   */
  trainDetector(detectorId: string, options?: ForgeWaitOptions): Promise<Operation>;

  /**
   * (experimental) Runs dataset recommendation on a detector and waits for it; the recommendations are shown in
   * Picterra's web interface.
   *
   * Python: `run_dataset_recommendation`.
   *
   * @param detectorId The detector's id.
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The finished operation.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link OperationFailedError} the recommendation failed.
   * @throws {@link APIError} an unknown detector or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "training.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * await picterra.addRasterToDetector(rasterId, detectorId);
   * const operation = await picterra.runDatasetRecommendation(detectorId);
   * console.log(operation.status); // "success"
   * ```
   */
  runDatasetRecommendation(detectorId: string, options?: ForgeWaitOptions): Promise<Operation>;

  /**
   * Runs a detector on a raster, waits for it, and returns the operation's id: pass it to
   * `downloadResultFeatureCollection`. Predictions are subject to a minimum charge of 10 MP.
   *
   * Python: `run_detector`.
   *
   * @param detectorId The detector's id (a runnable one: trained).
   * @param rasterId The raster to run it on.
   * @param options `secondaryRasterId` (change detection), `onStarted`, `onPoll`, `signal`, `timeoutMs`.
   * @returns The detection operation's id.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link OperationFailedError} the detection failed; `errors` say why.
   * @throws {@link OperationTimeoutError} it did not end within `timeoutMs`.
   * @throws {@link APIError} an unknown detector or raster, or another error status.
   * @group Detectors
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" }); // on Picterra: a trained detector's id
   * const operationId = await picterra.runDetector(detectorId, rasterId);
   * const result = await picterra.downloadResultFeatureCollection(operationId);
   * for (const feature of result.features) {
   *   console.log(feature.properties.class_name, feature.geometry.coordinates.length, "objects");
   * }
   * ```
   */
  runDetector(detectorId: string, rasterId: string, options?: RunDetectorOptions): Promise<string>;
}
