import { type UploadOptions, jsonBody, signedUpload } from "../machinery/uploads";
import { ValidationError } from "../machinery/errors";
import { checkFeatureCollection } from "../machinery/geojson-checks";
import { checkEnum, checkId, checkIfGiven } from "../machinery/validate";
import { values } from "./checks";
import type { paths } from "../generated/picterra-v2";
import type { Operation } from "./schemas";
import type { ForgeMethod } from "./calls";

export interface SetAnnotationsOptions extends UploadOptions<Operation> {
  /** (outlines only) The detector's class every uploaded outline belongs to (see getDetector's `classes`). */
  classId?: string;
}

export const setAnnotations: ForgeMethod<"setAnnotations"> = async (
  t,
  detectorId,
  rasterId,
  annotationType,
  annotations,
  options = {},
) => {
  const detector_id = checkId("detectorId", detectorId);
  const raster_id = checkId("rasterId", rasterId);
  const annotation_type = checkEnum("annotationType", annotationType, values.AnnotationType.enum);
  const class_id = checkIfGiven(options.classId, (v) => checkId("classId", v));
  if (class_id !== undefined && annotation_type !== "outline") {
    throw new ValidationError(`classId applies to outline annotations only, not to ${annotation_type}`);
  }
  // Always a JSON body since 2024: `{}` or `{"class_id": ...}`, never a null class_id.
  const commitBody = class_id === undefined ? {} : { class_id };
  const body = jsonBody(checkFeatureCollection("annotations", annotations));
  const path = { detector_id, raster_id, annotation_type };
  await signedUpload<paths, Operation>(
    t,
    {
      what: `${annotation_type} annotations`,
      create: {
        path: "/detectors/{detector_id}/training_rasters/{raster_id}/{annotation_type}/upload/bulk/",
        params: { path },
        fields: { url: "upload_url", id: "upload_id" },
      },
      commit: (upload_id) => ({
        path: "/detectors/{detector_id}/training_rasters/{raster_id}/{annotation_type}/upload/bulk/{upload_id}/commit/",
        params: { path: { ...path, upload_id } },
        body: commitBody,
      }),
    },
    body,
    options,
  );
};
