import { open, rename } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { downloadRasterToFile } from "@picterra/node-fs";
import type { Command } from "commander";
import { action } from "../action";
import { classifyInputs } from "../bulk/inputs";
import { Journal, type JournalHeader, allExist } from "../bulk/journal";
import { nameOutputs, openOutDir } from "../bulk/out-dir";
import { countBytes } from "../bulk/progress";
import { type BulkResult, bulkExitCode, failureOf, runBulk } from "../bulk/run";
import { type RasterSettings, uploadOnce } from "../bulk/upload-once";
import { CLI_DEFAULTS, type Context } from "../context";
import { table } from "../output";
import { integer } from "../parse";

interface UploadFlags {
  folder?: string;
  capturedAt?: string;
  userTag?: string;
  cloudCoverage?: number;
  multispectral: boolean;
  journal?: string;
  concurrency: number;
}

interface DownloadFlags {
  out: string;
  journal?: string;
  concurrency: number;
}

/** One row of a bulk command's answer. */
interface Row {
  input: string;
  raster_id: string | null;
  status: "done" | "failed" | "interrupted";
  resumed?: boolean;
  file?: string;
  error: string | null;
}

/** Adds `--concurrency` and `--journal` to a bulk command. */
export function bulkOptions(command: Command, journalHelp: string): Command {
  return command
    .option("--concurrency <n>", "items worked on at once", integer(1, 256), CLI_DEFAULTS.concurrency)
    .option("--journal <file>", journalHelp);
}

export function registerRasterUpload(rasters: Command): void {
  bulkOptions(
    rasters
      .command("upload")
      .description("upload files as rasters, each named after its file; resumable with --journal")
      .argument("<files...>")
      .option("--folder <id>", "the folder they go in (default: your default folder)")
      .option("--captured-at <iso-date-time>")
      .option("--user-tag <tag>")
      .option("--cloud-coverage <percent>", "0-100", integer(0, 100))
      .option("--no-multispectral", "keep only the display bands (Picterra keeps all bands by default)"),
    "journal of finished uploads: a re-run skips them and never uploads a file twice",
  ).action(
    action<UploadFlags>(async (ctx, [files], o) => {
      const inputs = await classifyInputs(files as string[], false);
      const client = await ctx.forge();
      const journal = o.journal
        ? await Journal.open(resolve(o.journal), uploadHeader(client.baseUrl, o))
        : undefined;
      const settings: RasterSettings = {
        folderId: o.folder,
        capturedAt: o.capturedAt,
        userTag: o.userTag,
        cloudCoverage: o.cloudCoverage,
        multispectral: o.multispectral,
      };
      if (!journal)
        ctx.out.note("No --journal: a re-run after a failure or Ctrl-C uploads every file again.");
      try {
        const result = await runBulk(ctx, {
          items: inputs,
          concurrency: o.concurrency,
          journal,
          work: (run, input) => uploadOnce(run, input.arg, settings),
          describe: (input, { rasterId, resumed }) =>
            `${basename(input.arg)}: raster ${rasterId}${resumed ? " (from the journal)" : ""}`,
        });
        return report(ctx, result, (input, value) => ({
          input: input.arg,
          raster_id: value?.rasterId ?? null,
          resumed: value?.resumed,
        }));
      } finally {
        await journal?.close();
      }
    }),
  );
}

export function registerRasterDownload(rasters: Command): void {
  bulkOptions(
    rasters
      .command("download")
      .description("download rasters' files into a folder (<id>.tif/.png/.jpg); resumable")
      .argument("<raster-ids...>")
      .requiredOption(
        "--out <dir>",
        "the folder the files go in (its journal.jsonl makes a re-run skip them)",
      ),
    "journal of finished downloads (default <out>/journal.jsonl)",
  ).action(
    action<DownloadFlags>(async (ctx, [ids], o) => {
      const client = await ctx.forge();
      const header = { command: "rasters download", api: client.baseUrl, options: {} };
      const { dir: out, journal } = await openOutDir(o.out, o.journal, header);
      try {
        const items = [...new Set(ids as string[])].map((id) => ({ arg: id, item: `raster:${id}` }));
        const names = await nameOutputs(
          out,
          journal,
          items.map(({ arg, item }) => ({ item, raw: arg })),
          DOWNLOAD_SUFFIXES,
        );
        const result = await runBulk(ctx, {
          items,
          concurrency: o.concurrency,
          journal,
          work: async (run, { arg: rasterId, item }) => {
            const done = journal.last(item, "downloaded");
            if (done && (await allExist([done.file]))) return { file: done.file, resumed: true };
            const partial = join(out, names.get(item)!);
            await downloadRasterToFile(run.client, rasterId, partial, {
              signal: run.signal,
              onProgress: countBytes(run.progress),
            });
            const file = `${partial}${await extensionOf(partial)}`;
            if (file !== partial) await rename(partial, file);
            await journal.append({ step: "downloaded", item, rasterId, file });
            return { file, resumed: false };
          },
          describe: ({ arg }, { file, resumed }) => `${arg}: ${file}${resumed ? " (from the journal)" : ""}`,
        });
        return report(ctx, result, (input, value) => ({
          input: input.arg,
          raster_id: input.arg,
          file: value?.file,
          resumed: value?.resumed,
        }));
      } finally {
        await journal.close();
      }
    }),
  );
}

/** The names a downloaded raster's file may have: its name, and that name with the extension its bytes call for. */
const DOWNLOAD_SUFFIXES = ["", ".tif", ".png", ".jpg"];

/** The options that decide an upload's result: a journal written with others is refused. */
function uploadHeader(api: string, o: UploadFlags): JournalHeader {
  return {
    command: "rasters upload",
    api,
    options: {
      folder: o.folder ?? null,
      multispectral: o.multispectral,
      cloud_coverage: o.cloudCoverage ?? null,
      captured_at: o.capturedAt ?? null,
      user_tag: o.userTag ?? null,
    },
  };
}

/** Prints a bulk run's rows (JSON or a table) and returns its exit code. */
function report<T extends { arg: string }, R>(
  ctx: Context,
  { outcomes, interrupted }: BulkResult<T, R>,
  row: (input: T, value: R | undefined) => Omit<Row, "status" | "error">,
): number {
  const rows: Row[] = outcomes.map((o) =>
    o.ok
      ? { ...row(o.item, o.value), status: "done", error: null }
      : { ...row(o.item, undefined), ...failureOf(o.error) },
  );
  const failed = rows.filter((r) => r.status === "failed").length;
  ctx.out.result({ items: rows, failed, interrupted }, () =>
    table(rows, [
      { header: "input", cell: (r) => r.input },
      { header: "raster", cell: (r) => r.raster_id },
      { header: "status", cell: (r) => r.status },
      { header: "file", cell: (r) => r.file },
      { header: "error", cell: (r) => r.error },
    ]),
  );
  return bulkExitCode(interrupted, failed);
}

/** The extension a downloaded image's first bytes call for (TIFF, PNG, JPEG), else none. */
async function extensionOf(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 4).equals(Buffer.from([0x49, 0x49, 0x2a, 0x00]))) return ".tif";
    if (head.subarray(0, 4).equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]))) return ".tif";
    if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
      return ".png";
    if (head[0] === 0xff && head[1] === 0xd8) return ".jpg";
    return "";
  } finally {
    await handle.close();
  }
}
