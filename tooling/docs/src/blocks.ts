import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// The code blocks of the documentation and what each one is for, from its info string (CONTRIBUTING.md,
// "Code blocks in the documentation"). A block's kind decides how the runner treats it.

/** How a block is treated: run (and type-checked), or shown only. */
export type BlockKind =
  /** A complete Node program (```ts or ```js): type-checked under --strict, run against a fresh emulator. */
  | "node"
  /** A complete browser module (```ts browser): type-checked, bundled, run in Chromium against an emulator. */
  | "browser"
  /** A test file for vitest (```ts vitest): type-checked, run by vitest against the emulator it starts. */
  | "vitest"
  /** A Deno program (```ts deno): run with `deno run` where Deno is installed. */
  | "deno"
  /** A Workers module (```ts workers): run with workerd where it is installed. */
  | "workers"
  /** Shell commands a user runs (```sh run): run with bash in an empty folder, the CLI on PATH. */
  | "shell"
  /** Shown only: a fragment (```ts fragment), shell lines, a terminal session, data. */
  | "shown";

/** One block of a Markdown file or of a TSDoc `@example`. */
export interface Block {
  /** Where it is, `path:line` (the line of its first code line), relative to the repository. */
  where: string;
  /** The info string as written, e.g. "ts browser". */
  info: string;
  kind: BlockKind;
  /** "ts", "js", "sh"... */
  lang: string;
  code: string;
}

/** Each info string the documentation may use, and the kind of block it makes. */
export const INFO_STRINGS: Readonly<Record<string, BlockKind>> = {
  ts: "node",
  js: "node",
  "ts browser": "browser",
  "ts vitest": "vitest",
  "ts deno": "deno",
  "ts workers": "workers",
  "ts fragment": "shown",
  "sh run": "shell",
  sh: "shown",
  console: "shown",
  text: "shown",
  json: "shown",
  yaml: "shown",
  csv: "shown",
};

/** The blocks of a Markdown text; a fence whose info string is not in `INFO_STRINGS` is an error. */
export function markdownBlocks(path: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const fence = open[1] ?? "```";
    const info = (open[2] ?? "").trim();
    const start = i + 1;
    let end = start;
    while (end < lines.length && (lines[end] ?? "").trimEnd() !== fence) end++;
    if (end === lines.length) throw new Error(`${path}:${i + 1}: a code block that is never closed`);
    blocks.push(block(`${path}:${start + 1}`, info, lines.slice(start, end).join("\n")));
    i = end;
  }
  return blocks;
}

/** The ```-fenced `@example` blocks of the TSDoc comments of a TypeScript source. */
export function tsdocExamples(path: string, source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.split("\n");
  let inExample = false;
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] ?? "").replace(/^\s*\*( |$)/, "");
    if (/^\s*\*\/|\*\//.test(lines[i] ?? "")) inExample = false;
    if (/^@example\b/.test(text)) inExample = true;
    else if (/^@\w/.test(text)) inExample = false;
    const open = inExample ? /^```(.*)$/.exec(text) : null;
    if (!open) continue;
    const code: string[] = [];
    let end = i + 1;
    for (; end < lines.length; end++) {
      const line = (lines[end] ?? "").replace(/^\s*\*( |$)/, "");
      if (line.trimEnd() === "```") break;
      code.push(line);
    }
    blocks.push(block(`${path}:${i + 2}`, (open[1] ?? "").trim(), code.join("\n")));
    i = end;
  }
  return blocks;
}

function block(where: string, info: string, code: string): Block {
  const kind = INFO_STRINGS[info];
  if (kind === undefined) {
    throw new Error(
      `${where}: the info string "${info}" is not one of ${Object.keys(INFO_STRINGS).join(", ")} (CONTRIBUTING.md)`,
    );
  }
  return { where, info, kind, lang: info.split(" ")[0] ?? "", code: `${code}\n` };
}

/** The documentation whose blocks run: every README of the repository and the pages under docs/. */
export function documentationFiles(root: string): string[] {
  const readmes = ["packages", "apps", "tooling"].flatMap((dir) =>
    readdirSync(join(root, dir)).map((name) => join(root, dir, name, "README.md")),
  );
  const pages = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(root, "docs", name));
  return [join(root, "README.md"), ...readmes, ...pages].filter((path) => existsSync(path));
}

/** The TypeScript sources whose TSDoc examples run: every package's src/, generated code aside. */
export function exampleSources(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "generated" || name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(path);
    }
  };
  for (const pkg of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", pkg, "src");
    if (existsSync(src)) walk(src);
  }
  return files.sort();
}

/** Every block of the documentation and of the TSDoc examples, each named by its place. */
export function allBlocks(root: string): Block[] {
  const fromMarkdown = documentationFiles(root).flatMap((path) =>
    markdownBlocks(relative(root, path), readFileSync(path, "utf8")),
  );
  const fromTsdoc = exampleSources(root).flatMap((path) =>
    tsdocExamples(relative(root, path), readFileSync(path, "utf8")),
  );
  return [...fromMarkdown, ...fromTsdoc];
}
