import { stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { UsageError } from "../errors";

/** One input of a bulk command: a file to upload, or a raster already on Picterra. */
export type Input =
  | { kind: "file"; arg: string; path: string; item: string; stem: string }
  | { kind: "raster"; arg: string; rasterId: string; item: string; stem: string };

/** Images Picterra places without a georeference (PROTOCOL.md): their results get pixel coordinates too. */
const NON_GEOREFERENCED = new Set([".png", ".jpg", ".jpeg"]);

export function isNonGeoreferenced(path: string): boolean {
  return NON_GEOREFERENCED.has(extname(path).toLowerCase());
}

/**
 * Sorts the arguments into files (those that exist) and raster ids; an argument that looks like a path but is
 * no file is bad usage, found before any request. Each gets a unique stem for its output files: the file's
 * name without extension (numbered when two files share one), or the raster id.
 */
export async function classifyInputs(args: readonly string[], allowRasterIds: boolean): Promise<Input[]> {
  const inputs: Input[] = [];
  const stems = new Map<string, number>();
  const unique = (stem: string) => {
    const seen = stems.get(stem) ?? 0;
    stems.set(stem, seen + 1);
    return seen === 0 ? stem : `${stem}-${seen + 1}`;
  };
  const seen = new Set<string>();
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isFile()) {
      const path = resolve(arg);
      if (seen.has(path)) continue;
      seen.add(path);
      inputs.push({ kind: "file", arg, path, item: path, stem: unique(basename(arg, extname(arg))) });
      continue;
    }
    if (info) throw new UsageError(`'${arg}' is not a file`);
    if (!allowRasterIds || /[/\\.]/.test(arg)) throw new UsageError(`no such file: '${arg}'`);
    const item = `raster:${arg}`;
    if (seen.has(item)) continue;
    seen.add(item);
    inputs.push({ kind: "raster", arg, rasterId: arg, item, stem: unique(arg) });
  }
  return inputs;
}
