import { firstPage, pageQuery } from "../machinery/pages";
import { checkId, checkNumber, checkString } from "../machinery/validate";
import { type ForgeMethod, withPath } from "./calls";

export const listRasterMarkers: ForgeMethod<"listRasterMarkers"> = async (t, rasterId, options = {}) => {
  const raster_id = checkId("rasterId", rasterId);
  return firstPage(
    t,
    t.api.GET("/rasters/{raster_id}/markers/", withPath({ raster_id }, options, pageQuery(options))),
  );
};

export const createMarker: ForgeMethod<"createMarker"> = async (
  t,
  rasterId,
  detectorId,
  lng,
  lat,
  text,
  options = {},
) => {
  const raster_id = checkId("rasterId", rasterId);
  const body = {
    marker: {
      type: "Point" as const,
      coordinates: [checkNumber("lng", lng, -180, 180), checkNumber("lat", lat, -90, 90)],
    },
    text: checkString("text", text),
  };
  if (detectorId === null || detectorId === undefined) {
    return t.expectData(
      t.api.POST("/rasters/{raster_id}/markers/", { ...withPath({ raster_id }, options), body }),
      201,
    );
  }
  const detector_id = checkId("detectorId", detectorId);
  const init = { ...withPath({ detector_id, raster_id }, options), body };
  return t.expectData(
    t.api.POST("/detectors/{detector_id}/training_rasters/{raster_id}/markers/", init),
    201,
  );
};
