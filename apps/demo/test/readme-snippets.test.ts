import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every ```ts block of every README in the repository type-checks under `strict` against the built packages,
// as a user's project would compile it: a snippet that stops compiling (a renamed method, a value that may be
// null) fails here. Each block is its own module; the names a README's prose has already introduced (the
// client, ids, a file) are declared once below, and a block that defines one itself shadows it.

const ROOT = join(import.meta.dirname, "..", "..", "..");
const HERE = join(import.meta.dirname, "..");

const GLOBALS = `
import type { FeatureCollection, PicterraClient } from "@picterra/core";
import type * as NodeFs from "@picterra/node-fs";
import type { TracerClient } from "@picterra/tracer";
declare global {
  const picterra: PicterraClient;
  const tracer: TracerClient;
  const rasterId: string;
  const detectorId: string;
  const operationId: string;
  const folderId: string;
  const layerId: string;
  const methodologyId: string;
  const sourceId: string;
  const file: File;
  const outlines: FeatureCollection;
  const startEmulator: typeof import("@picterra/emulator").startEmulator;
  const uploadRaster: typeof NodeFs.uploadRaster;
  const uploadVectorLayer: typeof NodeFs.uploadVectorLayer;
  const downloadRasterToFile: typeof NodeFs.downloadRasterToFile;
  const downloadVectorLayerToFile: typeof NodeFs.downloadVectorLayerToFile;
  const downloadResultToFile: typeof NodeFs.downloadResultToFile;
  const downloadResultToFeatureCollection: typeof NodeFs.downloadResultToFeatureCollection;
  const downloadOperationResultsToFile: typeof NodeFs.downloadOperationResultsToFile;
  const setRasterDetectionAreasFromFile: typeof NodeFs.setRasterDetectionAreasFromFile;
  const importRasterFromRemoteSource: typeof NodeFs.importRasterFromRemoteSource;
  /** Whatever the application draws with. */
  function draw(...args: unknown[]): void;
}
`;

/** The READMEs of the repository: the root's and each package's and app's. */
function readmes(): string[] {
  const nested = ["packages", "apps"].flatMap((dir) =>
    readdirSync(join(ROOT, dir)).map((name) => join(ROOT, dir, name, "README.md")),
  );
  return [join(ROOT, "README.md"), ...nested].filter((path) => existsSync(path));
}

/** Each ```ts block of `markdown`, with the line it starts on. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  for (const match of markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const line = markdown.slice(0, match.index).split("\n").length + 1;
    blocks.push({ line, code: match[1] ?? "" });
  }
  return blocks;
}

/** The type errors of `files` (path → source), compiled together under the repository's strict settings. */
function typeErrors(files: Map<string, string>): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, text, language);
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(HERE, d.file.fileName)}:${line}: ${message}`;
  });
}

/** The blocks as modules in a folder of this app (so that `@picterra/*` resolve as the app's dependencies). */
function snippetFiles(markdowns: { path: string; text: string }[]): Map<string, string> {
  const files = new Map<string, string>([[join(HERE, ".readme", "globals.d.ts"), GLOBALS]]);
  for (const { path, text } of markdowns) {
    const name = relative(ROOT, path).replace(/[\\/]/g, "_");
    for (const { line, code } of tsBlocks(text)) {
      // `export {}` makes a block without imports a module too, so that its names stay its own.
      files.set(join(HERE, ".readme", `${name}.line-${line}.ts`), `export {};\n${code}`);
    }
  }
  return files;
}

describe("the READMEs' TypeScript", () => {
  it("every ```ts block compiles under strict against the built packages", () => {
    const markdowns = readmes().map((path) => ({ path, text: readFileSync(path, "utf8") }));
    const files = snippetFiles(markdowns);
    expect(files.size).toBeGreaterThan(20);
    expect(typeErrors(files)).toEqual([]);
  });

  it("catches what a user would hit: a value that may be null, used as if it could not", () => {
    const broken =
      "```ts\nconst training = await picterra.trainDetector(detectorId);\nconsole.log(training.results.score);\n```\n";
    const errors = typeErrors(snippetFiles([{ path: join(ROOT, "README.md"), text: broken }]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/README\.md\.line-2\.ts:2: 'training\.results' is possibly 'null'/);
  });

  it("tsBlocks finds each block and the line its code starts on", () => {
    expect(tsBlocks("# t\n\n```ts\nconst a = 1;\n```\ntext\n```sh\nls\n```\n```ts\nlet b;\n```\n")).toEqual([
      { line: 4, code: "const a = 1;\n" },
      { line: 11, code: "let b;\n" },
    ]);
  });
});
