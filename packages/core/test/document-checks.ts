// The checks every API document gets, shared by core's and Tracer's tests: redocly's recommended rules, and
// generated types that match the document (CI fails when `src/generated/` is stale).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

/** The repository's generator, shared by every API document. */
export const GENERATE = join(__dirname, "../../../scripts/generate.mjs");

/** Registers the checks of `openapi/<name>.yaml` of the package at `pkg`. */
export function documentChecks(pkg: string, name: string): void {
  it("passes redocly lint (recommended rules)", () => {
    const run = spawnSync(
      process.execPath,
      [require.resolve("@redocly/cli/bin/cli.js", { paths: [pkg] }), "lint", `openapi/${name}.yaml`],
      {
        cwd: pkg,
        encoding: "utf8",
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    expect(run.stderr + run.stdout).toContain("Your API description is valid");
    expect(run.status).toBe(0);
  }, 60_000);

  it("has fresh generated types in src/generated (regenerate with `pnpm generate`)", () => {
    const run = spawnSync(process.execPath, [GENERATE, "--only", name, "--check"], {
      cwd: pkg,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);
}
