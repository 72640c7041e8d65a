import {
  type AnnotationType,
  DETECTOR_DEFAULTS,
  type Detector,
  type DetectorSettings,
  FORGE_VALUES,
} from "@picterra/core";
import { Argument, type Command, Option } from "commander";
import { action } from "../action";
import { UsageError } from "../errors";
import { decimal, integer, readJsonFile } from "../parse";
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

const DETECTOR_COLUMNS = [
  { header: "id", cell: (d: Detector) => d.id },
  { header: "name", cell: (d: Detector) => d.name },
  { header: "type", cell: (d: Detector) => d.configuration?.detection_type },
  { header: "output", cell: (d: Detector) => d.configuration?.output_type },
];

const STEPS = FORGE_VALUES.TrainingSteps;

interface SettingsFlags {
  name?: string;
  detectionType?: DetectorSettings["detectionType"];
  outputType?: DetectorSettings["outputType"];
  trainingSteps?: number;
  backbone?: DetectorSettings["backbone"];
  tileSize?: number;
  backgroundSampleRatio?: number;
}

/** The settings options of `create` and `edit`, with the document's values (checked by core before any request). */
function settingsOptions(command: Command): Command {
  return command
    .option("--name <name>")
    .addOption(new Option("--detection-type <type>").choices(FORGE_VALUES.DetectionType.enum))
    .addOption(new Option("--output-type <type>").choices(FORGE_VALUES.OutputType.enum))
    .option(
      "--training-steps <n>",
      `${STEPS.minimum}-${STEPS.maximum}`,
      integer(STEPS.minimum, STEPS.maximum),
    )
    .addOption(new Option("--backbone <name>").choices(FORGE_VALUES.Backbone.enum))
    .option("--tile-size <px>", "tile size in pixels", integer(1))
    .option("--background-sample-ratio <r>", "0-1", decimal(0, 1));
}

function settingsOf(o: SettingsFlags) {
  return {
    name: o.name,
    detectionType: o.detectionType,
    outputType: o.outputType,
    trainingSteps: o.trainingSteps,
    backbone: o.backbone,
    tileSize: o.tileSize,
    backgroundSampleRatio: o.backgroundSampleRatio,
  };
}

export function registerDetectors(program: Command): void {
  const detectors = program
    .command("detectors")
    .description("detectors: list, get, create, edit, delete, train, run, annotations, training rasters");

  pageOptions(
    detectors
      .command("list")
      .description("list the detectors you can use (or a folder's, with --folder)")
      .option("--folder <id>", "only this folder's detectors")
      .option("--search <text>")
      .option("--user-tag <tag>")
      .addOption(yesNo("--shared", "only shared (yes) or not shared (no) detectors"))
      .option("--runnable", "only the detectors that can be run (trained)"),
  ).action(
    action<
      PageFlags & { folder?: string; search?: string; userTag?: string; shared?: string; runnable?: boolean }
    >(async (ctx, _a, o) => {
      if (o.folder !== undefined && o.runnable) {
        // A folder's list has no such filter on the server: filtering one page here would miscount.
        throw new UsageError("--runnable filters the list of every detector: drop --folder, or --runnable");
      }
      const client = await ctx.forge();
      if (o.folder !== undefined) {
        const page = await client.listFolderDetectors(o.folder, pageQuery(o));
        await printList(ctx, page, o, DETECTOR_COLUMNS as never);
        return;
      }
      const page = await client.listDetectors({
        searchString: o.search,
        userTag: o.userTag,
        isShared: yesNoValue(o.shared),
        runnable: o.runnable ? true : undefined,
        ...pageQuery(o),
      });
      await printList(ctx, page, o, DETECTOR_COLUMNS);
    }),
  );

  showCommand(
    detectors,
    ["get", "<detector-id>"],
    "show a detector, its classes and settings",
    async (ctx, id) => (await ctx.forge()).getDetector(id),
  );

  settingsOptions(
    detectors.command("create").description(
      `create a detector (defaults: ${Object.entries(DETECTOR_DEFAULTS)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")})`,
    ),
  ).action(
    action<SettingsFlags>(async (ctx, _a, o) => {
      const id = await (await ctx.forge()).createDetector(settingsOf(o));
      printDone(ctx, { id }, id);
    }),
  );

  settingsOptions(
    detectors
      .command("edit")
      .description("change a detector's name and/or the given settings")
      .argument("<detector-id>"),
  ).action(
    action<SettingsFlags>(async (ctx, [id], o) => {
      await (await ctx.forge()).editDetector(id as string, settingsOf(o));
      printDone(ctx, { id }, `edited detector ${id}`);
    }),
  );

  deleteCommand(detectors, "<detector-ids...>", "detector", (forge, id) => forge.deleteDetector(id));

  detectors
    .command("add-raster")
    .description("add a raster to a detector's training rasters")
    .argument("<detector-id>")
    .argument("<raster-id>")
    .action(
      action(async (ctx, [detectorId, rasterId]) => {
        await (await ctx.forge()).addRasterToDetector(rasterId as string, detectorId as string);
        printDone(
          ctx,
          { detector_id: detectorId, raster_id: rasterId },
          `added raster ${rasterId} to detector ${detectorId}`,
        );
      }),
    );

  pageOptions(
    detectors.command("rasters").description("list a detector's training rasters").argument("<detector-id>"),
  ).action(
    action<PageFlags>(async (ctx, [id], o) => {
      const page = await (await ctx.forge()).listDetectorRasters(id as string, pageQuery(o));
      await printList(ctx, page, o, [
        { header: "id", cell: (r) => r.id },
        { header: "name", cell: (r) => r.name },
        { header: "status", cell: (r) => r.status },
      ]);
    }),
  );

  detectors
    .command("annotate")
    .description(
      "replace one type of annotations on a detector's training raster with a GeoJSON FeatureCollection",
    )
    .argument("<detector-id>")
    .argument("<raster-id>")
    .addArgument(new Argument("<type>", "what the features are").choices(FORGE_VALUES.AnnotationType.enum))
    .argument("<file.geojson>")
    .option("--class <id>", "the detector class of the outlines")
    .action(
      action<{ class?: string }>(async (ctx, [detectorId, rasterId, type, file], o) => {
        const geojson = await readJsonFile("<file.geojson>", file as string);
        await (await ctx.forge()).setAnnotations(
          detectorId as string,
          rasterId as string,
          type as AnnotationType,
          geojson as never,
          { classId: o.class },
        );
        printDone(ctx, { detector_id: detectorId, raster_id: rasterId, type }, `set the ${type} annotations`);
      }),
    );

  showCommand(
    detectors,
    ["train", "<detector-id>"],
    "train a detector and wait for it; prints the finished operation (score, stats)",
    async (ctx, id) => (await ctx.forge()).trainDetector(id),
  );

  showCommand(
    detectors,
    ["recommend", "<detector-id>"],
    "(experimental) run dataset recommendation on a detector and wait for it",
    async (ctx, id) => (await ctx.forge()).runDatasetRecommendation(id),
  );

  detectors
    .command("run")
    .description(
      "run a detector on one raster and wait for it; prints the operation id (see `picterra detect` for many)",
    )
    .argument("<detector-id>")
    .argument("<raster-id>")
    .option("--secondary-raster <id>", "a second raster, for change detection")
    .action(
      action<{ secondaryRaster?: string }>(async (ctx, [detectorId, rasterId], o) => {
        const operationId = await (await ctx.forge()).runDetector(detectorId as string, rasterId as string, {
          secondaryRasterId: o.secondaryRaster,
        });
        printDone(ctx, { operation_id: operationId }, operationId);
      }),
    );
}
