import type { VectorLayerSummary } from "@picterra/core";
import { downloadVectorLayerToFile, uploadVectorLayer } from "@picterra/node-fs";
import type { Command } from "commander";
import { action } from "../action";
import { type PageFlags, deleteCommand, pageOptions, pageQuery, printDone, printList } from "./common";

export function registerVectorLayers(program: Command): void {
  const layers = program.command("vector-layers").description("(beta) vector layers on rasters");

  pageOptions(
    layers
      .command("list")
      .description("list the vector layers on a raster")
      .argument("<raster-id>")
      .option("--search <text>")
      .option("--detector <id>", "only those a detector made"),
  ).action(
    action<PageFlags & { search?: string; detector?: string }>(async (ctx, [rasterId], o) => {
      const page = await (await ctx.forge()).listRasterVectorLayers(rasterId as string, {
        search: o.search,
        detectorId: o.detector,
        ...pageQuery(o),
      });
      await printList(ctx, page, o, [
        { header: "id", cell: (l: VectorLayerSummary) => l.id },
        { header: "name", cell: (l: VectorLayerSummary) => l.name },
        { header: "count", cell: (l: VectorLayerSummary) => l.count },
        { header: "color", cell: (l: VectorLayerSummary) => l.color },
      ]);
    }),
  );

  layers
    .command("upload")
    .description("upload a GeoJSON FeatureCollection of polygons as a vector layer on a raster")
    .argument("<raster-id>")
    .argument("<file.geojson>")
    .option("--name <name>")
    .option("--color <hex>", "e.g. #ff0000")
    .action(
      action<{ name?: string; color?: string }>(async (ctx, [rasterId, file], o) => {
        const id = await uploadVectorLayer(await ctx.forge(), rasterId as string, file as string, {
          name: o.name,
          color: o.color,
        });
        printDone(ctx, { id }, id);
      }),
    );

  layers
    .command("download")
    .description("download a vector layer as a GeoJSON FeatureCollection")
    .argument("<vector-layer-id>")
    .requiredOption("--out <file.geojson>")
    .action(
      action<{ out: string }>(async (ctx, [id], o) => {
        await downloadVectorLayerToFile(await ctx.forge(), id as string, o.out);
        printDone(ctx, { id, file: o.out }, `wrote ${o.out}`);
      }),
    );

  layers
    .command("url")
    .description("prepare a vector layer's download and print its signed URL (it expires)")
    .argument("<vector-layer-id>")
    .action(
      action(async (ctx, [id]) => {
        const url = await (await ctx.forge()).getVectorLayerDownloadUrl(id as string);
        printDone(ctx, { url }, url);
      }),
    );

  layers
    .command("edit")
    .description("change a vector layer's name and/or color")
    .argument("<vector-layer-id>")
    .option("--name <name>")
    .option("--color <hex>")
    .action(
      action<{ name?: string; color?: string }>(async (ctx, [id], o) => {
        await (await ctx.forge()).editVectorLayer(id as string, { name: o.name, color: o.color });
        printDone(ctx, { id }, `edited vector layer ${id}`);
      }),
    );

  deleteCommand(layers, "<vector-layer-ids...>", "vector layer", (forge, id) => forge.deleteVectorLayer(id));
}
