import type { Raster } from "@picterra/core";
import { importRasterFromRemoteSource, setRasterDetectionAreasFromFile } from "@picterra/node-fs";
import type { Command } from "commander";
import { action } from "../action";
import { integer, readJsonFile } from "../parse";
import { registerRasterDownload, registerRasterUpload } from "./rasters-bulk";
import {
  type PageFlags,
  pageOptions,
  pageQuery,
  printDone,
  printList,
  deleteCommand,
  showCommand,
  yesNo,
  yesNoValue,
} from "./common";

export const RASTER_COLUMNS = [
  { header: "id", cell: (r: Raster) => r.id },
  { header: "name", cell: (r: Raster) => r.name },
  { header: "status", cell: (r: Raster) => r.status },
  { header: "folder", cell: (r: Raster) => r.folder_id },
  { header: "captured", cell: (r: Raster) => r.captured_at },
];

interface ListFlags extends PageFlags {
  folder?: string;
  search?: string;
  userTag?: string;
  maxCloudCoverage?: number;
  capturedBefore?: string;
  capturedAfter?: string;
  hasVectorLayers?: string;
}

interface EditFlags {
  name?: string;
  folder?: string;
  capturedAt?: string;
  identityKey?: string;
  cloudCoverage?: number;
  userTag?: string;
  bandSpec?: string;
}

export function registerRasters(program: Command): void {
  const rasters = program
    .command("rasters")
    .description("rasters (images): list, get, upload, download, edit, delete");

  pageOptions(
    rasters
      .command("list")
      .description("list rasters")
      .option("--folder <id>", "only those in this folder")
      .option("--search <text>", "only those whose name holds this")
      .option("--user-tag <tag>", "only those with this tag")
      .option(
        "--max-cloud-coverage <percent>",
        "only those with at most this cloud coverage",
        integer(0, 100),
      )
      .option("--captured-before <iso-date-time>", "only those captured before")
      .option("--captured-after <iso-date-time>", "only those captured after")
      .addOption(yesNo("--has-vector-layers", "only those with (yes) or without (no) vector layers")),
  ).action(
    action<ListFlags>(async (ctx, _args, o) => {
      const page = await (await ctx.forge()).listRasters({
        folderId: o.folder,
        searchString: o.search,
        userTag: o.userTag,
        maxCloudCoverage: o.maxCloudCoverage,
        capturedBefore: o.capturedBefore,
        capturedAfter: o.capturedAfter,
        hasVectorLayers: yesNoValue(o.hasVectorLayers),
        ...pageQuery(o),
      });
      await printList(ctx, page, o, RASTER_COLUMNS);
    }),
  );

  showCommand(rasters, ["get", "<raster-id>"], "show a raster", async (ctx, id) =>
    (await ctx.forge()).getRaster(id),
  );

  registerRasterUpload(rasters);
  registerRasterDownload(rasters);

  rasters
    .command("edit")
    .description("change a raster's metadata (only the given fields)")
    .argument("<raster-id>")
    .option("--name <name>")
    .option("--folder <id>", "move it to this folder")
    .option("--captured-at <iso-date-time>")
    .option("--identity-key <key>")
    .option("--cloud-coverage <percent>", "0-100", integer(0, 100))
    .option("--user-tag <tag>")
    .option("--band-spec <file.json>", "multispectral band specification, as JSON")
    .action(
      action<EditFlags>(async (ctx, [id], o) => {
        const bandSpec = o.bandSpec === undefined ? undefined : await readJsonFile("--band-spec", o.bandSpec);
        const rasterId = await (await ctx.forge()).editRaster(id as string, {
          name: o.name,
          folderId: o.folder,
          capturedAt: o.capturedAt,
          identityKey: o.identityKey,
          cloudCoverage: o.cloudCoverage,
          userTag: o.userTag,
          multispectralBandSpecification: bandSpec as never,
        });
        printDone(ctx, { id: rasterId }, `edited raster ${rasterId}`);
      }),
    );

  deleteCommand(rasters, "<raster-ids...>", "raster", (forge, id) => forge.deleteRaster(id));

  const areas = rasters.command("detection-areas").description("(experimental) a raster's detection areas");
  areas
    .command("set")
    .description("set a raster's detection areas from a GeoJSON FeatureCollection of polygons")
    .argument("<raster-id>")
    .argument("<file.geojson>")
    .action(
      action(async (ctx, [id, file]) => {
        await setRasterDetectionAreasFromFile(await ctx.forge(), id as string, file as string);
        printDone(ctx, { id }, `set the detection areas of raster ${id}`);
      }),
    );
  areas
    .command("remove")
    .description("remove a raster's detection areas")
    .argument("<raster-id>")
    .action(
      action(async (ctx, [id]) => {
        await (await ctx.forge()).removeRasterDetectionAreas(id as string);
        printDone(ctx, { id }, `removed the detection areas of raster ${id}`);
      }),
    );

  rasters
    .command("import")
    .description("(experimental) import a raster from a remote imagery source over an area of interest")
    .argument("<aoi.geojson>", "FeatureCollection of polygons")
    .requiredOption("--name <name>", "the new raster's name")
    .requiredOption("--folder <id>", "the folder it goes in")
    .requiredOption("--source <id>", "the imagery source")
    .action(
      action<{ name: string; folder: string; source: string }>(async (ctx, [aoi], o) => {
        const id = await importRasterFromRemoteSource(
          await ctx.forge(),
          o.name,
          o.folder,
          o.source,
          aoi as string,
        );
        printDone(ctx, { id }, id);
      }),
    );
}
