import { basename, join } from "node:path";
import type { Format } from "@picterra/gis/node";
import { writeFileAtomically } from "@picterra/node-fs";
import type { Command } from "commander";
import { action } from "../action";
import {
  DETECT_SUFFIXES,
  type DetectSettings,
  type Detected,
  countsRecord,
  describeCounts,
  detectOne,
} from "../bulk/detect";
import { classifyInputs } from "../bulk/inputs";
import type { JournalHeader } from "../bulk/journal";
import { nameOutputs, openOutDir } from "../bulk/out-dir";
import { bulkExitCode, failureOf, runBulk } from "../bulk/run";
import { type ItemSummary, summaryCsv } from "../bulk/summary";
import type { Context } from "../context";
import { EXIT, UsageError, messageOf } from "../errors";
import { itemGisOutputs } from "../gis/item-outputs";
import {
  type GisSettings,
  LAYER_FORMATS,
  LAYER_SUFFIXES,
  PREVIEW_FILE,
  checkCrs,
  crsOption,
  gisWanted,
  layerFormats,
} from "../gis/options";
import { type RunOutputs, writeRunOutputs } from "../gis/run-outputs";
import { jsonText, table } from "../output";
import { redactor } from "../redact";
import { integer } from "../parse";
import { bulkOptions } from "./rasters-bulk";

interface DetectFlags {
  detector: string;
  out: string;
  journal?: string;
  concurrency: number;
  folder?: string;
  pixels?: boolean;
  multispectral: boolean;
  cloudCoverage?: number;
  format?: Format[];
  crs?: string;
  preview?: boolean;
}

export function registerDetect(program: Command): void {
  bulkOptions(
    program
      .command("detect")
      .description(
        "run a detector on files (uploaded first) and rasters, download each result as GeoJSON, and write a summary (JSON and CSV); resumable",
      )
      .argument("<files-or-raster-ids...>")
      .requiredOption("--detector <id>", "the detector to run")
      .requiredOption("--out <dir>", "where results, summary.json, summary.csv and journal.jsonl go")
      .option("--folder <id>", "the folder uploaded files go in")
      .option("--pixels", "also write pixel coordinates for every input (PNG/JPEG files get them anyway)")
      .option("--no-multispectral", "uploaded files keep only their display bands")
      .option("--cloud-coverage <percent>", "cloud coverage of uploaded files, 0-100", integer(0, 100))
      .option(
        "--format <formats>",
        `also write one feature per object with its measures, per input and for the whole run (detections.<ext>): a comma-separated list of ${LAYER_FORMATS.join(", ")}`,
        layerFormats,
      )
      .option("--crs <EPSG:NNNN>", "the CRS of the --format layers (default WGS 84, EPSG:4326)", crsOption)
      .option("--preview", "also draw the run's detections over the rasters' footprints: preview.png"),
    "journal of finished steps (default <out>/journal.jsonl)",
  )
    .addHelpText(
      "after",
      `
A re-run with the same --out skips what is done: no file is uploaded twice, no finished detection runs
again. Ctrl-C stops at once (transfers aborted, no partial file left, journal kept); run it again to go on.
A re-run with other --format or --crs writes the layers again from the results on disk (nothing is
downloaded again); detections.<ext> always holds every object of the items done, once.`,
    )
    .action(action<DetectFlags>(async (ctx, [args], o) => detect(ctx, args as string[], o)));
}

/** The options that decide a detect run's result: a journal written with others is refused. */
function detectHeader(api: string, o: DetectFlags): JournalHeader {
  return {
    command: "detect",
    api,
    options: {
      detector: o.detector,
      folder: o.folder ?? null,
      multispectral: o.multispectral,
      cloud_coverage: o.cloudCoverage ?? null,
      pixels: o.pixels === true,
    },
  };
}

async function detect(ctx: Context, args: string[], o: DetectFlags): Promise<number> {
  const gis: GisSettings = { formats: o.format ?? [], crs: o.crs, preview: o.preview === true };
  if (gis.crs !== undefined && gis.formats.length === 0) {
    throw new UsageError("--crs is the CRS of the --format layers: give --format too (e.g. --format gpkg)");
  }
  await checkCrs(gis.crs, gis.formats);
  const inputs = await classifyInputs(args, true);
  const client = await ctx.forge();
  const { dir: outDir, journal } = await openOutDir(o.out, o.journal, detectHeader(client.baseUrl, o));
  try {
    // One call first, so that a wrong detector id fails the run before any file is uploaded.
    const detector = await client.getDetector(o.detector);
    // Every layer suffix, whatever this run's formats: a re-run with other formats keeps the same names.
    const names = await nameOutputs(
      outDir,
      journal,
      inputs.map(({ item, raw }) => ({ item, raw })),
      [...Object.values(DETECT_SUFFIXES), ...LAYER_SUFFIXES],
    );
    const pixels = o.pixels === true;
    const settings: DetectSettings = {
      detectorId: o.detector,
      outDir,
      pixels,
      raster: { folderId: o.folder, multispectral: o.multispectral, cloudCoverage: o.cloudCoverage },
      moreOutputs: gisWanted(gis)
        ? (run, done) => itemGisOutputs(run, outDir, done, { ...gis, pixels })
        : undefined,
    };
    const { outcomes, interrupted } = await runBulk(ctx, {
      items: inputs,
      concurrency: o.concurrency,
      journal,
      work: (run, input) => detectOne({ ...run, journal }, input, names.get(input.item)!, settings),
      describe: (input, d: Detected) =>
        `${basename(input.arg)}: raster ${d.rasterId}, ${describeCounts(d.counts)}${d.resumed ? " (resumed)" : ""}`,
    });
    const items: ItemSummary[] = outcomes.map((outcome) => {
      const input = outcome.item;
      if (outcome.ok) {
        const d = outcome.value;
        return {
          input: input.arg,
          raster_id: d.rasterId,
          operation_id: d.operationId,
          counts: countsRecord(d.counts),
          status: "done",
          files: d.files,
          error: null,
        };
      }
      const { status, error } = failureOf(outcome.error);
      return {
        input: input.arg,
        raster_id:
          input.kind === "raster" ? input.rasterId : (journal.last(input.item, "uploaded")?.rasterId ?? null),
        operation_id: journal.last(input.item, "detected")?.operationId ?? null,
        counts: countsRecord(new Map()),
        status,
        files: [],
        error,
      };
    });
    const { outputs, error: outputsError } = await runOutputs(
      outDir,
      journal,
      { ...gis, pixels },
      inputs,
      outcomes.flatMap((outcome) =>
        outcome.ok
          ? [
              {
                input: outcome.item,
                name: names.get(outcome.item.item)!,
                rasterId: outcome.value.rasterId,
                operationId: outcome.value.operationId,
              },
            ]
          : [],
      ),
      typeof detector.name === "string" && detector.name !== "" ? detector.name : "Detections",
    );
    const summary = {
      detector_id: o.detector,
      out: outDir,
      interrupted,
      done: items.filter((i) => i.status === "done").length,
      failed: items.filter((i) => i.status === "failed").length,
      // What this run asked of the API: requests sent, refused with 429 (and sent again), retries in all.
      requests: {
        sent: ctx.governor.stats().sent,
        throttled: ctx.governor.stats().throttled,
        retries: ctx.retries,
      },
      items,
      // The run's own GIS files (--format, --preview): whole files of the items done, or why they are not.
      layers: outputs?.layers ?? [],
      preview: outputs?.preview ?? null,
      outputs_error: outputsError,
    };
    // Files for people and programs alike: never the API key, whatever a server answered.
    await writeFileAtomically(join(outDir, "summary.json"), `${jsonText(summary, 2)}\n`);
    await writeFileAtomically(join(outDir, "summary.csv"), redactor.text(summaryCsv(items)));
    ctx.out.result(summary, () => [
      ...table(items, [
        { header: "input", cell: (i) => i.input },
        { header: "raster", cell: (i) => i.raster_id },
        { header: "status", cell: (i) => i.status },
        {
          header: "objects",
          cell: (i) => (i.status === "done" ? describeCounts(new Map(Object.entries(i.counts))) : i.error),
        },
      ]).split("\n"),
      `${summary.done} done, ${summary.failed} failed${interrupted ? ", interrupted: run the same command again to go on" : ""}`,
      ...summary.layers.map(
        (l) =>
          `Layer: ${l.file} (${l.count} object${l.count === 1 ? "" : "s"}, ${l.crs ?? "no CRS: pixels"})`,
      ),
      ...(summary.preview ? [`Preview: ${summary.preview}`] : []),
      ...(outputsError ? [outputsError] : []),
      `Summary: ${join(outDir, "summary.csv")} and summary.json`,
    ]);
    const code = bulkExitCode(interrupted, summary.failed);
    return code === 0 && outputsError !== null ? EXIT.failure : code;
  } finally {
    await journal.close();
  }
}

/**
 * The run's combined layers and preview (none when the run asks for neither), or why they could not be
 * written: a failure there fails the run (exit 1), after the items' own files and the summary are written.
 */
async function runOutputs(
  ...args: Parameters<typeof writeRunOutputs>
): Promise<{ outputs: RunOutputs | null; error: string | null }> {
  if (!gisWanted(args[2])) return { outputs: null, error: null };
  try {
    const outputs = await writeRunOutputs(...args);
    return {
      outputs,
      error: outputs.previewError === null ? null : `${PREVIEW_FILE} not written: ${outputs.previewError}`,
    };
  } catch (error) {
    return { outputs: null, error: `GIS outputs not written: ${messageOf(error)}` };
  }
}
