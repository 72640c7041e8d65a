import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/** Vitest settings every package shares; `dir` is the package folder. */
export function packageTests(dir: string, extra: { testTimeout?: number; globalSetup?: string[] } = {}) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return defineConfig({
    define: { __PICTERRA_VERSION__: JSON.stringify(pkg.version) },
    test: {
      include: ["test/**/*.test.ts"],
      testTimeout: extra.testTimeout ?? 20_000,
      // A beforeAll that runs a whole workflow is bounded like a test, not by vitest's 10 s default.
      hookTimeout: extra.testTimeout ?? 20_000,
      globalSetup: extra.globalSetup,
      pool: "forks",
      // The JSON report lets the root test script print one total for the whole run.
      reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    },
  });
}
