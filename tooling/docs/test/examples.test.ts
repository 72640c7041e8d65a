import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "@picterra/emulator";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Block, allBlocks } from "../src/blocks";
import { CHROMIUM, harnessPage, launchChromium, serveStatic } from "../src/browser";
import { EXAMPLES_TSCONFIG, userProject } from "../src/project";
import { EXAMPLE_TIMEOUT_MS, describeOutcome, emulatorEnv, runIn } from "../src/run";
import { ANSWER_MARK, workerdProject } from "../src/workers";
import { denoBinary, typescript7, workerdBinary } from "../../runtimes/src/tools.mjs";

// Every example of the documentation, as a user would paste it: each ```ts / ```js block of every README and of
// docs/, and each TSDoc @example, in an empty project where the packed tarballs were installed with npm. The
// TypeScript ones are type-checked together under --strict (module nodenext), then each block runs against a
// fresh emulator with PICTERRA_API_KEY and PICTERRA_BASE_URL set, as `picterra emulator` prints them.

const ROOT = join(import.meta.dirname, "..", "..", "..");
const blocks = allBlocks(ROOT);
const HAS = { chromium: existsSync(CHROMIUM) };

/** A file name for a block, from where it is: `packages/core/README.md:12` → `packages_core_README.md_12`. */
function fileName(block: Block): string {
  return block.where.replace(/[^A-Za-z0-9.]+/g, "_");
}

/** The cookbook's Deno command line, exactly (docs/cookbook.md, "Deno"; checked below). */
const DENO_COOKBOOK_FLAGS = ["run", "--allow-net", "--allow-env=PICTERRA_API_KEY,PICTERRA_BASE_URL"];

let project = "";
let work = "";
let typeErrors = "";
let browser: Browser | undefined;
let site: { url: string; close(): Promise<void> } | undefined;

beforeAll(async () => {
  ({ dir: project, work } = userProject(ROOT));
  mkdirSync(join(project, "ex"));
  mkdirSync(join(project, "js"));
  mkdirSync(join(project, "web"));
  for (const block of blocks) {
    const name = fileName(block);
    if (block.lang === "js" && block.kind === "node")
      writeFileSync(join(project, "js", `${name}.mjs`), block.code);
    else if (block.kind === "vitest") writeFileSync(join(project, "ex", `${name}.test.ts`), block.code);
    else if (block.lang === "ts" && block.kind !== "shown")
      writeFileSync(join(project, "ex", `${name}.ts`), block.code);
    else if (block.kind === "shell") writeFileSync(join(project, `${name}.sh`), block.code);
  }
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify(EXAMPLES_TSCONFIG, null, 2));
  // Every TypeScript block compiles together, as the files of one user's project (Deno and Workers ones too:
  // they use no runtime-only global).
  const tsc = spawnSync(
    process.execPath,
    [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--pretty", "false"],
    { cwd: project, encoding: "utf8" },
  );
  typeErrors = tsc.stdout.trim();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the documentation's examples, as pasted", () => {
  it("has runnable blocks in every package's README, the cookbook and the TSDoc of every client method", () => {
    const runnable = blocks.filter((b) => b.kind !== "shown");
    for (const pkg of ["core", "retry", "node-fs", "nongeo", "tracer", "emulator", "gis"]) {
      expect(runnable.some((b) => b.where.startsWith(`packages/${pkg}/README.md`))).toBe(true);
    }
    expect(runnable.some((b) => b.where.startsWith("docs/cookbook.md") && b.kind === "shell")).toBe(true);
  });

  it("runs the Deno block with the command line the cookbook gives", () => {
    const cookbook = readFileSync(join(ROOT, "docs", "cookbook.md"), "utf8");
    expect(cookbook).toContain(`\`deno ${DENO_COOKBOOK_FLAGS.join(" ")} main.ts\``);
  });

  it("every TypeScript block type-checks under --strict (module nodenext) against the installed tarballs", () => {
    expect(typeErrors).toBe("");
  });

  it("and under TypeScript 7 (what `npm install typescript` gives users now), the runtime matrix's pinned build", async () => {
    const tsc7 = spawnSync(
      process.execPath,
      [await typescript7(), "-p", "tsconfig.json", "--noEmit", "--pretty", "false"],
      { cwd: project, encoding: "utf8" },
    );
    expect(`${tsc7.stdout}${tsc7.stderr}`.trim()).toBe("");
    expect(tsc7.status).toBe(0);
  });

  describe.concurrent("each runs against a fresh emulator", () => {
    for (const block of blocks.filter((b) => b.kind !== "shown")) {
      // Deno and workerd are the runtime matrix's pinned builds from the npm registry (installed into its cache
      // on first use); Chromium is Debian's, which the browser tests' set-up installs where apt-get can.
      const skip = block.kind === "browser" && !HAS.chromium;
      it.skipIf(skip)(
        `${block.where} (${block.info})`,
        { timeout: EXAMPLE_TIMEOUT_MS + 30_000 },
        async () => {
          const emulator = await startEmulator({ port: 0 });
          try {
            const env = emulatorEnv(emulator, project);
            const name = fileName(block);
            if (block.kind === "browser") {
              await runInBrowser(name, emulator.siteUrl, emulator.apiKey);
              return;
            }
            if (block.kind === "workers") {
              const config = await workerdProject(
                join(project, "ex", `${name}.ts`),
                join(project, "workers", name),
                {
                  apiKey: emulator.apiKey,
                  baseUrl: emulator.siteUrl,
                },
              );
              const outcome = await runIn(project, await workerdBinary(), ["test", config], env);
              expect(outcome.code, describeOutcome(block.where, outcome)).toBe(0);
              // The Worker's own answer, as the browser would get it: 200 and the rasters' JSON.
              const answer = `${outcome.stdout}\n${outcome.stderr}`.split(ANSWER_MARK)[1]?.split("\n")[0];
              expect(answer, describeOutcome(block.where, outcome)).toBeDefined();
              const { status, text } = JSON.parse(answer!) as { status: number; text: string };
              expect(status).toBe(200);
              expect(JSON.parse(text)).toEqual({ count: expect.any(Number), rasters: expect.any(Array) });
              return;
            }
            const [cmd, args] = await command(block, name);
            const outcome = await runIn(project, cmd, args, { ...env, DENO_NO_UPDATE_CHECK: "1" });
            expect(outcome.code, describeOutcome(block.where, outcome)).toBe(0);
          } finally {
            await emulator.close();
          }
        },
      );
    }
  });
});

/**
 * How a block is started: the compiled JavaScript with node, a shell block with bash, a test with vitest, a
 * Deno program with the permissions the cookbook gives.
 */
async function command(block: Block, name: string): Promise<[string, string[]]> {
  switch (block.kind) {
    case "node":
      return [
        process.execPath,
        [block.lang === "js" ? join(project, "js", `${name}.mjs`) : join(project, "out", `${name}.js`)],
      ];
    case "vitest":
      return [
        process.execPath,
        [
          join(project, "node_modules", "vitest", "vitest.mjs"),
          "run",
          "--root",
          project,
          join("ex", `${name}.test.ts`),
        ],
      ];
    case "shell":
      return ["bash", ["-euo", "pipefail", join(project, `${name}.sh`)]];
    case "deno":
      return [await denoBinary(), [...DENO_COOKBOOK_FLAGS, join(project, "ex", `${name}.ts`)]];
    default:
      throw new Error(`${block.where}: no way to run a ${block.kind} block here`);
  }
}

/** Bundles the block for the browser and runs it in a page given the emulator's site root and key. */
async function runInBrowser(name: string, baseUrl: string, apiKey: string): Promise<void> {
  const web = join(project, "web");
  await build({
    entryPoints: [join(project, "ex", `${name}.ts`)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(web, `${name}.js`),
    logLevel: "silent",
  });
  writeFileSync(join(web, `${name}.html`), harnessPage(`${name}.js`));
  site ??= await serveStatic(web);
  browser ??= await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    const query = new URLSearchParams({ baseUrl, apiKey });
    await page.goto(`${site.url}${name}.html?${query}`);
    await page.waitForSelector("body[data-state]", { state: "attached", timeout: EXAMPLE_TIMEOUT_MS });
    const state = await page.evaluate(() => document.body.dataset.state);
    const text = (await page.textContent("#out")) ?? "";
    expect({ state, errors, text }).toEqual({ state: "done", errors: [], text: "" });
  } finally {
    await page.close();
  }
}
