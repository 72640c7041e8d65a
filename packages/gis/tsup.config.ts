import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

/**
 * The EPSG table is its own file, `dist/epsg-table.js`, that the entries import only when a CRS is asked for:
 * a browser bundler then splits it off, and Node reads it once. It is built once, as ESM, which both builds load
 * with `import()`.
 */
const epsgTableApart = {
  name: "epsg-table-apart",
  setup(build: { onResolve: (o: { filter: RegExp }, f: () => { path: string; external: boolean }) => void }) {
    build.onResolve({ filter: /\/generated\/epsg$/ }, () => ({ path: "./epsg-table.js", external: true }));
  },
};

// Two builds share dist/: it is emptied once here, not by either of them.
rmSync(join(__dirname, "dist"), { recursive: true, force: true });

/** The PNG preview's fonts ship in dist/fonts, copied from the dejavu-fonts-ttf devDependency with its licence. */
function copyFonts(): void {
  const require = createRequire(join(__dirname, "package.json"));
  const from = dirname(require.resolve("dejavu-fonts-ttf/package.json"));
  mkdirSync(join(__dirname, "dist/fonts"), { recursive: true });
  for (const [source, target] of [
    ["ttf/DejaVuSans.ttf", "DejaVuSans.ttf"],
    ["ttf/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf"],
    ["LICENSE", "LICENSE-DejaVu.txt"],
  ] as const) {
    copyFileSync(join(from, source), join(__dirname, "dist/fonts", target));
  }
}

export default defineConfig([
  packageBuild(
    __dirname,
    { index: "src/index.ts", node: "src/node.ts" },
    {
      // flatgeobuf is bundled, not a dependency: it would install OpenLayers (16 MB) as an optional dependency.
      noExternal: ["flatgeobuf", "flatbuffers"],
      // One copy of what both entries use (GisInputError, the EPSG table's cache), in a chunk both import: an
      // error thrown by the node entry is then `instanceof` the GisInputError of the main entry.
      splitting: true,
      clean: false,
      // The CJS build gets an `import.meta.url`, which finds the shipped fonts.
      shims: true,
      onSuccess: async () => copyFonts(),
      esbuildPlugins: [epsgTableApart],
      // The declaration build compiles src/node.ts too, which needs Node's types; the browser entry's
      // safety is checked by tsconfig.json (no Node types) and by test/browser-safe.test.ts.
      dts: { compilerOptions: { types: ["node"] } },
    },
  ),
  {
    ...packageBuild(__dirname, { "epsg-table": "src/generated/epsg.ts" }),
    format: ["esm"],
    dts: false,
    clean: false,
  },
]);
