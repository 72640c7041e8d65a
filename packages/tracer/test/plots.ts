// Plots as Tracer takes them. Nothing here imports nock, so that the emulator flow (real requests) can use it.

/** A plot: the lon/lat box [w, s, e, n] as a Polygon feature with this plot id. */
export function plotIn(plotId: string, [w, s, e, n]: [number, number, number, number]) {
  return {
    type: "Feature" as const,
    properties: { plot_id: plotId },
    geometry: {
      type: "Polygon" as const,
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  };
}

/** A square plot at (lon, lat), 0.01° wide, with this plot id. */
export function plot(plotId: string, lon = 0, lat = 0) {
  return plotIn(plotId, [lon, lat, lon + 0.01, lat + 0.01]);
}

/** A plots file's FeatureCollection of these plots. */
export function plots(...features: ReturnType<typeof plotIn>[]) {
  return { type: "FeatureCollection" as const, features };
}
