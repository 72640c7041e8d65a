import { writeFile } from "node:fs/promises";
import { areaHectares, roundedGeometry, toWkt } from "./geometry";
import type { PlotResult } from "./outcome";
import type { Plot, PlotsGroupRecord } from "./state";
import { type Cell, xlsx } from "./xlsx";

export const GEOJSON = "application/geo+json";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A plot's columns in an export: the group's custom columns, overridden by the plot's own properties. */
function columnsOf(group: PlotsGroupRecord, plot: Plot): Record<string, unknown> {
  return { ...group.customColumns, ...plot.properties, plot_id: plot.plotId };
}

/** The group's plots as a GeoJSON FeatureCollection, each with its columns as properties. */
export async function writeGeoJsonExport(group: PlotsGroupRecord, file: string): Promise<void> {
  const features = group.plots.map((plot) => ({
    type: "Feature",
    properties: columnsOf(group, plot),
    geometry: plot.geometry,
  }));
  await writeFile(file, JSON.stringify({ type: "FeatureCollection", features }));
}

/**
 * The group's plots as an Excel workbook: one sheet "Plots", a header row, then one row per plot: `plot_id`,
 * every other column (custom columns and plot properties, in the order first seen), `area_ha`, and the
 * geometry as WKT.
 */
export async function writeExcelExport(group: PlotsGroupRecord, file: string): Promise<void> {
  const rows = group.plots.map((plot) => columnsOf(group, plot));
  const names = new Set<string>(["plot_id"]);
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  const table: Cell[][] = [[...names, "area_ha", "geometry_wkt"]];
  group.plots.forEach((plot, i) => {
    const row = rows[i]!;
    table.push([
      ...[...names].map((name) => cell(row[name])),
      areaHectares(plot.geometry),
      toWkt(plot.geometry),
    ]);
  });
  await writeFile(file, xlsx("Plots", table, "Picterra Tracer (emulated)"));
}

/** A spreadsheet cell: scalars as they are, anything else as its JSON. */
function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/**
 * The geolocation file of a report for the EU's TRACES NT registry: a FeatureCollection of the reported plots,
 * coordinates to 6 decimals, with `ProductionPlace` (the plot id) and `Area` (hectares) as TRACES NT names them,
 * and the analysis's outcome.
 */
export async function writeTracesGeoJson(
  plots: Plot[],
  results: PlotResult[],
  file: string,
): Promise<number> {
  const byId = new Map(results.map((r) => [r.plotId, r]));
  const features = plots.map((plot) => {
    const result = byId.get(plot.plotId)!;
    return {
      type: "Feature",
      properties: {
        ProductionPlace: plot.plotId,
        Area: result.areaHa,
        plot_id: plot.plotId,
        outcome: result.outcome,
        forest_loss_date: result.forestLossDate,
      },
      geometry: roundedGeometry(plot.geometry),
    };
  });
  const bytes = Buffer.from(JSON.stringify({ type: "FeatureCollection", features }));
  await writeFile(file, bytes);
  return bytes.byteLength;
}
