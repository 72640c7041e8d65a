import { lstat, mkdir, readdir } from "node:fs/promises";
import { removeLeftoverTempFiles } from "@picterra/node-fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { UsageError } from "../errors";
import { Journal, type JournalHeader } from "./journal";
import { type NameRequest, OutputNames, isReserved, nameItems, nameKey, safeName } from "./names";

/**
 * Makes a bulk command's `--out` folder and opens its journal for the run `header` describes: at `journalFile`
 * (`--journal`) when given, else `journal.jsonl` in that folder. The header's options get `out`, the folder as
 * seen from the journal's own folder (a journal moved with its folder still fits). A `--journal` that would be
 * one of the run's own files in the folder is bad usage, and so is an `--out` that is a file and a
 * `journal.jsonl` in it that is a symbolic link (the run would write where it points). The temporary files of
 * writes a killed run left in the folder are removed. Returns the folder's absolute path and the journal.
 */
export async function openOutDir(
  out: string,
  journalFile: string | undefined,
  header: JournalHeader,
): Promise<{ dir: string; journal: Journal }> {
  const dir = resolve(out);
  const path = journalFile ? resolve(journalFile) : join(dir, "journal.jsonl");
  if (dirname(path) === dir && isReserved(basename(path)) && nameKey(basename(path)) !== "journal.jsonl") {
    throw new UsageError(`--journal: '${path}' is one of the files the run writes in --out`);
  }
  await makeFolder("--out", out, dir);
  if (journalFile) await makeFolder("--journal", journalFile, dirname(path));
  else await refuseLink(path);
  const options = { ...header.options, out: relative(dirname(path), dir) || "." };
  const journal = await Journal.open(path, { ...header, options });
  // Holding the journal's lock, no other run writes here: the temporary files a killed run left are litter.
  await removeLeftoverTempFiles(dir).catch(async (error: unknown) => {
    await journal.close();
    throw error;
  });
  return { dir, journal };
}

/** Makes `dir` (given as `given` with `flag`) and its parents; a file in the way is bad usage, said plainly. */
async function makeFolder(flag: string, given: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    const why =
      error.code === "EEXIST"
        ? "is a file, not a folder"
        : error.code === "ENOTDIR"
          ? "is inside a file, not a folder"
          : `cannot be made (${error.code ?? error.message})`;
    const what = flag === "--out" ? `'${given}'` : `the folder of '${given}'`;
    throw new UsageError(`${flag}: ${what} ${why}`);
  });
}

/**
 * The journal the run keeps in `--out` may not be a symbolic link: the run would append to wherever it points
 * (a file outside the folder). A journal elsewhere is given with `--journal`, which is then the user's choice.
 */
async function refuseLink(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info?.isSymbolicLink()) {
    throw new UsageError(
      `'${path}' is a symbolic link: the run does not write through it (give the file it points to with --journal)`,
    );
  }
}

/**
 * Gives each requested item its name in the output folder `dir` (see names.ts): the name the journal holds
 * for it when that still can be had, else a new one that no file of the folder has. New names are journaled
 * (one write) before any is used, so a re-run gives every item the same name whatever the order of its inputs.
 * `suffixes` are what is added to each name (".geojson"...).
 */
export async function nameOutputs(
  dir: string,
  journal: Journal,
  requests: readonly NameRequest[],
  suffixes: readonly string[],
): Promise<Map<string, string>> {
  const names = new OutputNames({
    suffixes,
    reserved: journalNamesIn(dir, journal),
    existing: await readdir(dir).catch(() => []),
  });
  const { names: given, fresh } = nameItems(requests, journal.names(), names);
  await journal.appendAll(fresh.map(({ item, name }) => ({ step: "named" as const, item, name })));
  return given;
}

/** The names a journal kept in the output folder takes there (itself and its lock), as RESERVED_NAMES has them. */
export function journalNamesIn(dir: string, journal: Journal): string[] {
  if (dirname(journal.path) !== dir) return [];
  const name = basename(journal.path);
  return [name, `${name}.lock*`];
}

/** The longest extension a file named by a server keeps (".geojson" fits; a longer "extension" is name). */
const MAX_EXTENSION_LENGTH = 16;

/**
 * A server's file name (e.g. a report artifact's) as a request for `nameOutputs` with no suffix: only its last
 * path segment counts, made safe; its extension is kept when a number is added (`report-2.pdf`).
 */
export function serverFileRequest(item: string, given: string): NameRequest {
  const last = given.split(/[/\\]/).pop() ?? "";
  const safe = safeName(last);
  const ext = extname(safe);
  const extension = ext.length > 1 && ext.length <= MAX_EXTENSION_LENGTH ? ext : "";
  return { item, raw: safe.slice(0, safe.length - extension.length), extension };
}
