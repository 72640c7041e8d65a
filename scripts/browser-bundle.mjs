// Bundles a package entry the way a browser app would (esbuild, platform "browser", minified) and measures it.
// Used by the size-budget tests and by `pnpm bench`.
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Bundles `entry` (a file path, or `{ contents, resolveDir }`) for the browser. Fails when anything in the
 * graph imports a Node built-in. Returns the minified code and its sizes.
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
      {
        name: "no-node-builtins",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (NODE_BUILTINS.has(args.path)) {
              builtinsSeen.push(`${args.path} (imported by ${args.importer})`);
              return { path: args.path, external: true };
            }
            return undefined;
          });
        },
      },
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
