import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

/** The build every public package shares: ESM + CJS + .d.ts, one entry per exported subpath. */
export function packageBuild(
  dir: string,
  entry: Record<string, string>,
  extra: Partial<Options> = {},
): Options {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return {
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: false,
    target: "es2022",
    splitting: false,
    treeshake: true,
    define: { __PICTERRA_VERSION__: JSON.stringify(pkg.version) },
    ...extra,
  };
}
