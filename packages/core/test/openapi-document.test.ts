import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const pkg = join(__dirname, "..");
/** The repository's generator, shared by every API document. */
const GENERATE = join(pkg, "../../scripts/generate.mjs");

describe("openapi/picterra-v2.yaml", () => {
  it("passes redocly lint (recommended rules)", () => {
    const run = spawnSync(
      process.execPath,
      [require.resolve("@redocly/cli/bin/cli.js", { paths: [pkg] }), "lint", "openapi/picterra-v2.yaml"],
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
    const run = spawnSync(process.execPath, [GENERATE, "--only", "picterra-v2", "--check"], {
      cwd: pkg,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);
});

describe("the generator, shared by every API document", () => {
  const gen = (...args: string[]) =>
    spawnSync(process.execPath, [GENERATE, ...args], { cwd: pkg, encoding: "utf8" });

  it("knows each Picterra API's document by name and refuses an unknown one", () => {
    const run = gen("--only", "picterra-v9", "--check");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("no document named picterra-v9; known: picterra-v2, picterra-tracer-v1");
  });

  it("replaces one document at a time: --from needs --only when there are several", () => {
    const run = gen("--from", "openapi/picterra-v2.yaml");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("--from replaces one document: name it with --only <name>");
  });
});
