import { firstPage, pageQuery, type PageOptions, type ResultsPage } from "../machinery/pages";
import { checkId, checkNumber, checkString } from "../machinery/validate";
import type { CallOptions, Forge, Marker } from "./schemas";

export async function listRasterMarkers(
  t: Forge,
  rasterId: string,
  options: PageOptions = {},
): Promise<ResultsPage<Marker>> {
  const raster_id = checkId("rasterId", rasterId);
  return firstPage(
    t,
    t.api.GET("/rasters/{raster_id}/markers/", {
      params: { path: { raster_id }, query: pageQuery(options) },
      signal: options.signal,
    }),
  );
}

export async function createMarker(
  t: Forge,
  rasterId: string,
  detectorId: string | null,
  lng: number,
  lat: number,
  text: string,
  options: CallOptions = {},
): Promise<Marker> {
  const raster_id = checkId("rasterId", rasterId);
  const body = {
    marker: {
      type: "Point" as const,
      coordinates: [checkNumber("lng", lng, -180, 180), checkNumber("lat", lat, -90, 90)],
    },
    text: checkString("text", text),
  };
  const { signal } = options;
  if (detectorId === null || detectorId === undefined) {
    return t.expectData(
      t.api.POST("/rasters/{raster_id}/markers/", { params: { path: { raster_id } }, body, signal }),
      201,
    );
  }
  const detector_id = checkId("detectorId", detectorId);
  return t.expectData(
    t.api.POST("/detectors/{detector_id}/training_rasters/{raster_id}/markers/", {
      params: { path: { detector_id, raster_id } },
      body,
      signal,
    }),
    201,
  );
}
