import { downloadOperationResultsToFile } from "@picterra/node-fs";
import type { Command } from "commander";
import { action } from "../action";
import { countsRecord, describeCounts, downloadResults } from "../bulk/detect";
import { printDone, printObject } from "./common";

export function registerResults(program: Command): void {
  const results = program.command("results").description("a detection's results");

  results
    .command("download")
    .description("download a detection's results as one GeoJSON FeatureCollection (a MultiPolygon per class)")
    .argument("<operation-id>")
    .requiredOption("--out <file.geojson>", "where the FeatureCollection goes")
    .option(
      "--pixels <file.geojson>",
      "also write them in pixel coordinates (non-georeferenced PNG/JPEG rasters)",
    )
    .option("--raw", "write the file behind the operation's results URL as it is instead")
    .action(
      action<{ out: string; pixels?: string; raw?: boolean }>(async (ctx, [operationId], o) => {
        const client = await ctx.forge();
        if (o.raw) {
          await downloadOperationResultsToFile(client, operationId as string, o.out);
          printDone(ctx, { operation_id: operationId, file: o.out }, `wrote ${o.out}`);
          return;
        }
        const { files, counts } = await downloadResults(
          client,
          operationId as string,
          o.out,
          o.pixels || undefined,
        );
        printDone(
          ctx,
          { operation_id: operationId, files, counts: countsRecord(counts) },
          `wrote ${files.join(" and ")}: ${describeCounts(counts)}`,
        );
      }),
    );

  results
    .command("get")
    .description("(beta) an operation's results, as the API gives them")
    .argument("<operation-id>")
    .action(
      action(async (ctx, [id]) =>
        printObject(ctx, await (await ctx.forge()).getOperationResults(id as string)),
      ),
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
  operations
    .command("get")
    .description("an operation's current state")
    .argument("<operation-id>")
    .action(
      action(async (ctx, [id]) => printObject(ctx, await (await ctx.forge()).getOperation(id as string))),
    );
}
