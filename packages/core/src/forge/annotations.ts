import type { FeatureCollection } from "../machinery/geojson";
import { type UploadOptions, jsonBody, signedUpload } from "../machinery/uploads";
import { checkEnum, checkFeatureCollection, checkId } from "../machinery/validate";
import { values } from "./checks";
import type { paths } from "../generated/picterra-v2";
import type { AnnotationType, Forge, Operation } from "./schemas";

export async function setAnnotations(
  t: Forge,
  detectorId: string,
  rasterId: string,
  annotationType: AnnotationType,
  annotations: FeatureCollection,
  options: UploadOptions<Operation> = {},
): Promise<void> {
  const detector_id = checkId("detectorId", detectorId);
  const raster_id = checkId("rasterId", rasterId);
  const annotation_type = checkEnum("annotationType", annotationType, values.AnnotationType.enum);
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
      }),
    },
    body,
    options,
  );
}
