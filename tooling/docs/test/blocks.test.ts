import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allBlocks, markdownBlocks, tsdocExamples } from "../src/blocks";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("the blocks of the documentation", () => {
  it("finds each block with its info string, kind and first code line", () => {
    const md = "# t\n\n```ts\nconst a = 1;\n```\ntext\n```sh run\nls\n```\n```ts fragment\n{ a }\n```\n";
    expect(markdownBlocks("x.md", md)).toEqual([
      { where: "x.md:4", info: "ts", kind: "node", lang: "ts", code: "const a = 1;\n" },
      { where: "x.md:8", info: "sh run", kind: "shell", lang: "sh", code: "ls\n" },
      { where: "x.md:11", info: "ts fragment", kind: "shown", lang: "ts", code: "{ a }\n" },
    ]);
  });

  it("refuses a block whose info string is not in the grammar, and one never closed", () => {
    expect(() => markdownBlocks("x.md", "```\nx\n```\n")).toThrow(/x\.md:2: the info string ""/);
    expect(() => markdownBlocks("x.md", "```typescript\nx\n```\n")).toThrow(/"typescript"/);
    expect(() => markdownBlocks("x.md", "```ts\nx\n")).toThrow(/never closed/);
  });

  it("finds the ```-fenced @example blocks of TSDoc comments, without the comment's stars", () => {
    const source = [
      "/**",
      " * Does it.",
      " * @example",
      " * ```ts",
      ' * import { a } from "b";',
      " *",
      " * a();",
      " * ```",
      " * @returns x",
      " */",
      "/** ```ts\n * not an example\n * ``` */",
    ].join("\n");
    expect(tsdocExamples("s.ts", source)).toEqual([
      { where: "s.ts:5", info: "ts", kind: "node", lang: "ts", code: 'import { a } from "b";\n\na();\n' },
    ]);
  });

  it("every README, docs/ page and @example follows the grammar, and every client method has an example", () => {
    const blocks = allBlocks(ROOT);
    const run = blocks.filter((b) => b.kind !== "shown");
    expect(run.length).toBeGreaterThan(80);
    for (const method of [
      "uploadRaster",
      "downloadResultFeatureCollection",
      "analyzePlots",
      "createPlotsGroup",
    ]) {
      expect(run.some((b) => b.code.includes(`.${method}(`))).toBe(true);
    }
  });
});
