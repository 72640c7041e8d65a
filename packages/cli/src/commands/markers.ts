import type { Marker } from "@picterra/core";
import type { Command } from "commander";
import { action } from "../action";
import { decimal } from "../parse";
import { type PageFlags, pageOptions, pageQuery, printList, printObject } from "./common";

export function registerMarkers(program: Command): void {
  const markers = program.command("markers").description("(beta) markers (points with a comment) on rasters");

  pageOptions(
    markers.command("list").description("list the markers on a raster").argument("<raster-id>"),
  ).action(
    action<PageFlags>(async (ctx, [rasterId], o) => {
      const page = await (await ctx.forge()).listRasterMarkers(rasterId as string, pageQuery(o));
      await printList(ctx, page, o, [
        { header: "id", cell: (m: Marker) => m.id },
        { header: "lng,lat", cell: (m: Marker) => m.marker?.coordinates?.join(",") },
        { header: "text", cell: (m: Marker) => m.text },
      ]);
    }),
  );

  markers
    .command("create")
    .description("put a marker on a raster (on a detector's training raster with --detector)")
    .argument("<raster-id>")
    .requiredOption("--lng <degrees>", "longitude", decimal(-180, 180))
    .requiredOption("--lat <degrees>", "latitude", decimal(-90, 90))
    .requiredOption("--text <text>", "the comment")
    .option("--detector <id>")
    .action(
      action<{ lng: number; lat: number; text: string; detector?: string }>(async (ctx, [rasterId], o) => {
        const marker = await (await ctx.forge()).createMarker(
          rasterId as string,
          o.detector ?? null,
          o.lng,
          o.lat,
          o.text,
        );
        printObject(ctx, marker);
      }),
    );
}
