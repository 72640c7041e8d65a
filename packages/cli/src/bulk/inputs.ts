import { stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { UsageError } from "../errors";

/**
 * One input of a bulk command: a file to upload, or a raster already on Picterra. `raw` is the text its output
 * name is made of (names.ts): the file's name without its extension, or the raster id.
 */
export type Input =
  | { kind: "file"; arg: string; path: string; item: string; raw: string }
  | { kind: "raster"; arg: string; rasterId: string; item: string; raw: string };

/** Images Picterra places without a georeference (PROTOCOL.md): their results get pixel coordinates too. */
const NON_GEOREFERENCED = new Set([".png", ".jpg", ".jpeg"]);

export function isNonGeoreferenced(path: string): boolean {
  return NON_GEOREFERENCED.has(extname(path).toLowerCase());
}

/**
 * Sorts the arguments into files (those that exist) and raster ids; an argument that looks like a path but is
 * no file is bad usage, found before any request. The same file or raster given twice counts once.
 */
export async function classifyInputs(args: readonly string[], allowRasterIds: boolean): Promise<Input[]> {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isFile()) {
      const path = resolve(arg);
      if (seen.has(path)) continue;
      seen.add(path);
      inputs.push({ kind: "file", arg, path, item: path, raw: basename(path, extname(path)) });
      continue;
    }
    if (info) throw new UsageError(`'${arg}' is not a file`);
    if (!allowRasterIds || /[/\\.]/.test(arg)) throw new UsageError(`no such file: '${arg}'`);
    const item = `raster:${arg}`;
    if (seen.has(item)) continue;
    seen.add(item);
    inputs.push({ kind: "raster", arg, rasterId: arg, item, raw: arg });
  }
  return inputs;
}
