import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomically } from "@picterra/node-fs";
import { type PreviewInput, previewSvg } from "../preview/preview";

type ResvgModule = typeof import("@resvg/resvg-js");
let resvgModule: ResvgModule | undefined;

/**
 * resvg, loaded on the first picture rather than with this module: its loader asks the OS about the machine
 * (`process.report`), which Deno refuses without `--allow-sys`, so a program that never draws (e.g. `picterra
 * whoami`) must not load it; it also keeps the start of every other program quicker.
 */
function resvg(): ResvgModule {
  resvgModule ??= createRequire(import.meta.url)("@resvg/resvg-js") as ResvgModule;
  return resvgModule;
}

/** The fonts text is drawn with: DejaVu Sans, shipped in the package (dist/fonts), never the system's. */
const FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/** Where the fonts are: dist/fonts when built; the dejavu-fonts-ttf devDependency when run from the sources. */
export function fontFiles(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const shipped = FONTS.map((f) => join(here, "fonts", f));
  if (shipped.every((f) => existsSync(f))) return shipped;
  const require = createRequire(import.meta.url);
  return FONTS.map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
}

/**
 * Renders an SVG (a preview, the plots picture, …) to PNG with resvg, its text in the shipped DejaVu Sans: no
 * system font is loaded, so the picture is the same on a fresh machine with no fonts at all.
 */
export function renderPng(svg: string): Uint8Array {
  const renderer = new (resvg().Resvg)(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
      serifFamily: "DejaVu Sans",
      monospaceFamily: "DejaVu Sans",
    },
    shapeRendering: 2,
    textRendering: 1,
  });
  return renderer.render().asPng();
}

/** The run's preview (`previewSvg`) written as SVG and/or PNG files, atomically. */
export async function renderPreview(
  input: PreviewInput,
  files: {
    /** Where to write the SVG, if anywhere. */
    svg?: string;
    /** Where to write the PNG, if anywhere (drawing it loads resvg). */
    png?: string;
  },
): Promise<{
  /** The picture as SVG text (made whatever `files` asks for). */
  svg: string;
  /** The picture as PNG bytes, when `files.png` was given. */
  png: Uint8Array | undefined;
}> {
  const svg = previewSvg(input);
  const png = files.png ? renderPng(svg) : undefined;
  if (files.svg) await writeFileAtomically(files.svg, svg);
  if (files.png && png) await writeFileAtomically(files.png, png);
  return { svg, png };
}
