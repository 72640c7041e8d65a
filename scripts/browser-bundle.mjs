// Bundles a package entry the way a browser app would (esbuild, platform "browser", minified) and measures it.
// Used by the size-budget tests and by `pnpm bench`.
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * An esbuild plugin that hands every import of a Node built-in (`fs`, `node:fs`, `fs/promises`, `node:test`...)
 * to `found(args)`, whose return is esbuild's resolve result (e.g. `{ errors }` to fail the build).
 */
export function nodeBuiltins(found) {
  return {
    name: "node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) =>
        NODE_BUILTINS.has(args.path) || args.path.startsWith("node:") ? found(args) : undefined,
      );
    },
  };
}

/**
 * Bundles `entry` (a file path, or `{ contents, resolveDir }`) for the browser. Returns the minified code, its
 * sizes, and `builtins`: every Node built-in the graph imports (the tests expect none).
 */
export async function browserBundle(entry, { format = "esm", globalName } = {}) {
  const builtinsSeen = [];
  const result = await build({
    ...(typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { ...entry, loader: "js" } }),
    bundle: true,
    minify: true,
    format,
    globalName,
    platform: "browser",
    write: false,
    logLevel: "silent",
    plugins: [
      nodeBuiltins((args) => {
        builtinsSeen.push(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      }),
    ],
  });
  const code = result.outputFiles[0].text;
  return {
    code,
    builtins: builtinsSeen,
    minBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}
