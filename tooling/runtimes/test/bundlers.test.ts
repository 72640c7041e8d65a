import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { TRANSPORT_STEPS } from "../scenario/scenario.mjs";
import {
  type Warnings,
  bundlerVersion,
  esbuildBrowserBundle,
  esbuildNodeBundle,
  viteBuild,
  vitePreview,
  webpackNodeBundle,
} from "../src/bundle";
import { run } from "../src/process.mjs";
import { type ScenarioRun, parseProcess, parseRun } from "../src/session";
import { SCENARIO_TIMEOUT_MS, runtimeTests } from "../src/suite";
import { CHROMIUM, launchChromium } from "../../../apps/browser/test/chromium";
import { pinnedVersion } from "../src/tools.mjs";

// Behind the bundlers users have: Vite for a web page (run in Chromium against the emulator), esbuild and
// webpack for Node (the bundle must keep core's node:http transport), esbuild for browsers (the size).
const chromiumVersion = existsSync(CHROMIUM)
  ? (/([\d.]+)/.exec(execFileSync(CHROMIUM, ["--version"], { encoding: "utf8" }))?.[1] ?? "")
  : "(not installed: apt-get install chromium)";
// A page sees only the major version.
const chromiumMajor = chromiumVersion.split(".")[0]!;
const esbuildVersion = (await import("esbuild")).version;

/** Fails with the bundler's name unless a build printed nothing a user would have to wonder about. */
function expectNoWarnings(bundler: string, warnings: Warnings): void {
  if (warnings.length > 0) throw new Error(`${bundler} warned:\n${warnings.join("\n")}`);
}

describe(`Vite ${pinnedVersion("bundlers", "vite")} (browser build, run in Chromium ${chromiumVersion})`, () => {
  const title = `Vite ${pinnedVersion("bundlers", "vite")} in Chromium`;
  let warnings: Warnings | undefined;
  runtimeTests({
    title,
    expect: { name: "Chromium", version: chromiumMajor },
    files: false,
    start: async (consumer, config) => {
      ({ warnings } = await viteBuild(consumer));
      const site = await vitePreview(consumer);
      const browser = await launchChromium();
      const errors: string[] = [];
      try {
        const page = await browser.newPage();
        page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
        await page.goto(`${site.url}#${encodeURIComponent(JSON.stringify(config))}`);
        await page.waitForSelector("body[data-state=done]", { timeout: SCENARIO_TIMEOUT_MS });
        const text = (await page.textContent("#outcomes")) ?? "";
        return parseRun(title, `${text}\n${errors.join("\n")}`, "the page finished");
      } catch (error) {
        return parseRun(title, errors.join("\n"), `the page did not finish: ${error}`);
      } finally {
        await browser.close();
        await site.close();
      }
    },
  });
  it("builds with no warning (no Node built-in left out of the bundle)", () => {
    expectNoWarnings("Vite", warnings ?? ["the build did not run"]);
  });
});

/** A Node-target bundle run with the machine's Node; `build` makes it and returns its file. */
function nodeTarget(
  title: string,
  build: (consumer: string) => Promise<{ file: string; warnings: Warnings }>,
) {
  describe(title, () => {
    runtimeTests({
      title,
      expect: { name: "Node", version: process.versions.node },
      files: false,
      steps: TRANSPORT_STEPS,
      faults: false,
      start: async (consumer, config): Promise<ScenarioRun> => {
        const { file } = await build(consumer);
        const done = await run(process.execPath, [file, JSON.stringify(config)], {
          cwd: consumer,
          timeoutMs: SCENARIO_TIMEOUT_MS,
        });
        return parseProcess(title, done, SCENARIO_TIMEOUT_MS);
      },
    });
  });
}

nodeTarget(`esbuild ${esbuildVersion} (platform node, ESM, minified)`, esbuildNodeBundle);
nodeTarget(`webpack ${pinnedVersion("bundlers", "webpack")} (production, target node)`, webpackNodeBundle);

describe(`esbuild ${esbuildVersion} (platform browser, minified)`, () => {
  it("bundles core, tracer, retry and nongeo with no Node built-in; size reported", async () => {
    const { bytes, gzipped, warnings } = await esbuildBrowserBundle(inject("consumer"));
    expectNoWarnings("esbuild", warnings);
    console.log(
      `esbuild browser bundle of core + tracer + retry + nongeo + the scenario: ${(bytes / 1000).toFixed(1)} kB minified, ${(gzipped / 1000).toFixed(1)} kB gzip -9`,
    );
    expect(bytes).toBeGreaterThan(0);
  });
});

it("the bundlers in the cache are the pinned ones", async () => {
  expect(await bundlerVersion("vite")).toBe(pinnedVersion("bundlers", "vite"));
  expect(await bundlerVersion("webpack")).toBe(pinnedVersion("bundlers", "webpack"));
});
