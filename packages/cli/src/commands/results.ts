import { downloadOperationResultsToFile } from "@picterra/node-fs";
import type { Command } from "commander";
import { action } from "../action";
import { countsRecord, describeCounts, downloadResults } from "../bulk/detect";
import { UsageError } from "../errors";
import { checkCrs, crsOption } from "../gis/options";
import { resultFileFormat, writeResultLayers } from "../gis/result-file";
import { printDone, showCommand } from "./common";

export function registerResults(program: Command): void {
  const results = program.command("results").description("a detection's results");

  results
    .command("download")
    .description(
      "download a detection's results: .geojson, one FeatureCollection (a MultiPolygon per class); .gpkg, .fgb, .shp or .csv, one feature per object with its measures",
    )
    .argument("<operation-id>")
    .requiredOption("--out <file>", "where they go; the format comes from the extension")
    .option(
      "--pixels <file>",
      "also write them in pixel coordinates (non-georeferenced PNG/JPEG rasters): .geojson per class, or a layer with no CRS",
    )
    .option("--crs <EPSG:NNNN>", "the CRS of a .gpkg, .fgb, .shp or .csv --out (default WGS 84)", crsOption)
    .option("--raw", "write the file behind the operation's results URL as it is instead")
    .action(
      action<{ out: string; pixels?: string; raw?: boolean; crs?: string }>(async (ctx, [operationId], o) => {
        const id = operationId as string;
        if (o.raw) {
          if (o.crs !== undefined || o.pixels !== undefined) {
            throw new UsageError("--raw writes the file as it is: without --crs or --pixels");
          }
          const client = await ctx.forge();
          await downloadOperationResultsToFile(client, id, o.out);
          printDone(ctx, { operation_id: operationId, file: o.out }, `wrote ${o.out}`);
          return;
        }
        // Checked before any request: an unknown extension or CRS is bad usage.
        const outFormat = resultFileFormat("--out", o.out);
        const pixelsFormat = o.pixels === undefined ? undefined : resultFileFormat("--pixels", o.pixels);
        if (o.crs !== undefined && outFormat === "geojson") {
          throw new UsageError(
            "--crs reprojects a .gpkg, .fgb, .shp or .csv --out: a .geojson one is the API's FeatureCollection, in WGS 84",
          );
        }
        await checkCrs(o.crs, [outFormat]);
        const client = await ctx.forge();
        const files: string[] = [];
        let counts = new Map<string, number>();
        if (outFormat === "geojson") {
          const pixels = pixelsFormat === "geojson" ? o.pixels : undefined;
          const written = await downloadResults(client, id, o.out, pixels);
          files.push(...written.files);
          counts = written.counts;
        }
        const layers = {
          out: outFormat === "geojson" ? undefined : o.out,
          pixels: pixelsFormat === undefined || pixelsFormat === "geojson" ? undefined : o.pixels,
          crs: o.crs,
        };
        if (layers.out !== undefined || layers.pixels !== undefined) {
          const written = await writeResultLayers(client, id, layers);
          files.push(...written.files);
          counts = written.counts;
        }
        printDone(
          ctx,
          { operation_id: operationId, files, counts: countsRecord(counts) },
          `wrote ${files.join(" and ")}: ${describeCounts(counts)}`,
        );
      }),
    );

  showCommand(
    results,
    ["get", "<operation-id>"],
    "(beta) an operation's results, as the API gives them",
    async (ctx, id) => (await ctx.forge()).getOperationResults(id),
  );

  results
    .command("url")
    .description("(beta) the URL of an operation's results")
    .argument("<operation-id>")
    .action(
      action(async (ctx, [id]) => {
        const url = await (await ctx.forge()).getOperationResultsUrl(id as string);
        printDone(ctx, { url }, url);
      }),
    );

  const operations = program.command("operations").description("long-running operations");
  showCommand(operations, ["get", "<operation-id>"], "an operation's current state", async (ctx, id) =>
    (await ctx.forge()).getOperation(id),
  );
}
