#!/usr/bin/env node
// The public surface of every published package, one API report per entry point (`packages/<pkg>/etc/<entry>.api.md`),
// made by API Extractor from the built .d.ts files. `node scripts/api-report.mjs` checks that the committed reports
// match the build (part of `pnpm test`); `pnpm api:update` (this script with --update, after a build) rewrites
// them. A change to a package's surface is then a reviewed diff of its report.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const ROOT = join(import.meta.dirname, "..");
const update = process.argv.includes("--update");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");

/** The ESM .d.ts of every entry point of `manifest`'s exports (each condition's own: `node` ones too). */
export function entryTypes(manifest) {
  const found = new Set();
  const walk = (value, conditions) => {
    if (typeof value === "string") {
      if (conditions.at(-1) === "types" && !conditions.includes("require")) found.add(value);
      return;
    }
    for (const [condition, next] of Object.entries(value ?? {})) walk(next, [...conditions, condition]);
  };
  for (const value of Object.values(manifest.exports ?? {})) walk(value, []);
  return [...found].sort();
}

/** The published packages (not private) that have types, by folder name. */
function packages() {
  return readdirSync(join(ROOT, "packages"))
    .filter((name) => !only || only.includes(name))
    .map((name) => ({ name, dir: join(ROOT, "packages", name) }))
    .map((p) => ({ ...p, manifest: JSON.parse(readFileSync(join(p.dir, "package.json"), "utf8")) }))
    .filter((p) => !p.manifest.private && entryTypes(p.manifest).length > 0);
}

const temp = mkdtempSync(join(tmpdir(), "picterra-api-report-"));
const stale = [];
let failed = false;
try {
  for (const pkg of packages()) {
    const all = entryTypes(pkg.manifest).map((types) => join(pkg.dir, types));
    const missing = all.filter((dts) => !existsSync(dts));
    if (missing.length > 0) {
      console.error(`${pkg.manifest.name}: ${missing.join(", ")} not built: run \`pnpm build\` first`);
      failed = true;
      continue;
    }
    // An entry that exports nothing (a command's, run for its effect) has no surface to report.
    const entries = all.filter((dts) => /^export\b/m.test(readFileSync(dts, "utf8")));
    // One TypeScript program for all the entries of a package: most of the time goes into making it.
    let compilerState;
    for (const dts of entries) {
      const entry = basename(dts).replace(/\.d\.ts$/, "");
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder: pkg.dir,
          mainEntryPointFilePath: dts,
          compiler: {
            overrideTsconfig: {
              compilerOptions: {
                target: "es2022",
                module: "esnext",
                moduleResolution: "bundler",
                // The `node` entries import the `node` entries of their peers (a superset for the others).
                customConditions: ["node"],
                lib: ["es2023", "dom", "dom.iterable"],
                types: ["node"],
                skipLibCheck: true,
                strict: true,
              },
            },
          },
          apiReport: {
            enabled: true,
            reportFileName: `${entry}.api.md`,
            reportFolder: join(pkg.dir, "etc"),
            reportTempFolder: join(temp, pkg.name),
          },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          newlineKind: "lf",
          messages: {
            compilerMessageReporting: { default: { logLevel: "warning" } },
            extractorMessageReporting: {
              default: { logLevel: "warning" },
              // Release tags (@public, @beta) are not how these packages say what is stable: their READMEs are.
              "ae-missing-release-tag": { logLevel: "none" },
              // A type reachable but not exported by name (an options object's inner type) stays in the report.
              "ae-forgotten-export": { logLevel: "none", addToApiReportFile: true },
              "ae-wrong-input-file-type": { logLevel: "none" },
              // The report marks them `(undocumented)`: documenting them is a reviewed diff too.
              "ae-undocumented": { logLevel: "none" },
            },
            tsdocMessageReporting: { default: { logLevel: "none" } },
          },
        },
        configObjectFullPath: undefined,
        packageJsonFullPath: join(pkg.dir, "package.json"),
      });
      if (update) mkdirSync(join(pkg.dir, "etc"), { recursive: true });
      compilerState ??= CompilerState.create(config, { additionalEntryPoints: entries });
      const result = Extractor.invoke(config, {
        compilerState,
        localBuild: update,
        messageCallback: (message) => {
          // The report says what changed; the rest is noise for a check.
          if (message.logLevel !== ExtractorLogLevel.Error) message.handled = true;
        },
      });
      const report = `packages/${pkg.name}/etc/${entry}.api.md`;
      // Warnings (an undocumented member, a forgotten export) are in the report; errors are not.
      if (result.errorCount > 0) failed = true;
      if (!existsSync(join(ROOT, report)) && !update) stale.push(report);
      else if (result.apiReportChanged) {
        if (update) console.log(`updated ${report}`);
        else stale.push(report);
      }
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (stale.length > 0) {
  console.error(
    `The public API changed and its report is not updated:\n${stale.map((r) => `  ${r}`).join("\n")}\n` +
      "Review the change, then run `pnpm api:update` and commit the reports.",
  );
  process.exit(1);
}
if (failed) process.exit(1);
console.log(update ? "API reports up to date." : "API reports match the build.");
