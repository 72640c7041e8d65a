import type { FeatureCollection, MultiPolygon } from "../../machinery/geojson";
import type { ForgeWaitOptions } from "../operations";
import type { CallOptions, Operation, OperationRef, OperationResults } from "../schemas";

// The operation and result methods of `PicterraClient`, as the API reference shows them; src/client.ts's table
// must match.

/** The operation and result methods of {@link PicterraClient}. */
export interface OperationMethods {
  /**
   * An operation's current state (`status`: "running", "success" or "failed"), without waiting.
   *
   * Python: none (the Python client polls inside each call).
   *
   * @param operationId The operation's id.
   * @param options `signal`.
   * @returns The operation.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown operation or another error status.
   * @group Operations and results
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const operationId = await picterra.runDetector(detectorId, rasterId);
   * const operation = await picterra.getOperation(operationId);
   * console.log(operation.type, operation.status); // "detect success"
   * ```
   */
  getOperation(operationId: string, options?: CallOptions): Promise<Operation>;

  /**
   * Waits for an operation started by a raw `api` call to end, polling at the server's `poll_interval`
   * (clamped to 10 ms–60 s).
   *
   * Python: none (the Python client polls inside each call).
   *
   * @param ref The operation's reference as the API answered it: `{ operation_id, poll_interval }`.
   * @param options `onStarted`, `onPoll`, `signal`, `timeoutMs` (default 24 h).
   * @returns The finished operation.
   * @throws {@link OperationFailedError} it ended "failed"; `errors` say why.
   * @throws {@link OperationTimeoutError} it did not end within `timeoutMs`.
   * @throws {@link APIError} an error status while polling.
   * @group Operations and results
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const { data, error } = await picterra.api.POST("/detectors/{detector_id}/dataset_recommendation/", {
   *   params: { path: { detector_id: detectorId } },
   * });
   * if (error || !data) throw new Error("the recommendation did not start");
   * const operation = await picterra.waitForOperation(data, { onPoll: (op) => console.log(op.status) });
   * console.log(operation.status); // "success"
   * ```
   */
  waitForOperation(ref: OperationRef, options?: ForgeWaitOptions): Promise<Operation>;

  /**
   * (beta) The `results` of an operation: a detection's per-class vector layers, a training's score...
   *
   * Python: `get_operation_results`.
   *
   * @param operationId The operation's id.
   * @param options `signal`.
   * @returns The operation's `results`.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown operation or another error status.
   * @group Operations and results
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const operationId = await picterra.runDetector(detectorId, rasterId);
   * const results = await picterra.getOperationResults(operationId);
   * for (const { class: cls, result } of results.by_class ?? []) console.log(cls.name, result.vector_layer_id);
   * ```
   */
  getOperationResults(operationId: string, options?: CallOptions): Promise<OperationResults>;

  /**
   * (beta) The URL of an operation's results (`results.url`), for operations that still answer one.
   *
   * Python: `get_operation_results_url` (removed from the Python client in 3.0).
   *
   * @param operationId The operation's id.
   * @param options `signal`.
   * @returns The URL.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link PicterraError} the operation has no `results.url`.
   * @throws {@link APIError} an unknown operation or another error status.
   * @group Operations and results
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const operationId = await picterra.runDetector(detectorId, rasterId);
   * console.log(await picterra.getOperationResultsUrl(operationId));
   * ```
   */
  getOperationResultsUrl(operationId: string, options?: CallOptions): Promise<string>;

  /**
   * Downloads the content behind an operation's `results.url`: the storage `Response` (the web twin of
   * `downloadOperationResultsToFile` of `@picterra/node-fs`).
   *
   * Python: `download_operation_results_to_file` (removed from the Python client in 3.0), and the deprecated
   * `download_result_to_file`.
   *
   * @param operationId The operation's id.
   * @param options `signal`.
   * @returns The storage answer (status 2xx).
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link PicterraError} the operation has no `results.url`.
   * @throws {@link APIError} an error status from the API or storage.
   * @group Operations and results
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const operationId = await picterra.runDetector(detectorId, rasterId);
   * const multiPolygon = await (await picterra.downloadOperationResults(operationId)).json();
   * console.log(multiPolygon.type, multiPolygon.coordinates.length, "polygons");
   * ```
   */
  downloadOperationResults(operationId: string, options?: CallOptions): Promise<Response>;

  /**
   * Downloads a detection's results as one FeatureCollection: a Feature per class, whose MultiPolygon holds the
   * polygons of the class's vector layer, with `properties.class_name` (the web twin of
   * `downloadResultToFeatureCollection` of `@picterra/node-fs`).
   *
   * Python: `download_result_to_feature_collection`.
   *
   * @param operationId The detection operation's id (what `runDetector` returns).
   * @param options `signal`.
   * @returns One MultiPolygon Feature per class, in WGS 84.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link PicterraError} the operation is no detection.
   * @throws {@link APIError} an error status from the API or storage.
   * @group Operations and results
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAATklEQVR42u3PQQkAAAgEsMtydS1tBN/CYAWWTl+LgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgMBlAXsQ8LX2sdFQAAAAAElFTkSuQmCC"), (c) => c.charCodeAt(0)); // a 64 × 64 PNG
   * const rasterId = await picterra.uploadRaster(png, "field.png");
   * const detectorId = await picterra.createDetector({ name: "palms" });
   * const operationId = await picterra.runDetector(detectorId, rasterId);
   * const result = await picterra.downloadResultFeatureCollection(operationId);
   * for (const { properties, geometry } of result.features) {
   *   console.log(`${properties.class_name}: ${geometry.coordinates.length} objects`);
   * }
   * ```
   */
  downloadResultFeatureCollection(
    operationId: string,
    options?: CallOptions,
  ): Promise<
    FeatureCollection<
      MultiPolygon,
      {
        /** The class's name, e.g. "class_1". */
        class_name: string;
      }
    >
  >;
}
