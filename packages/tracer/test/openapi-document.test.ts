import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const pkg = join(__dirname, "..");

describe("openapi/picterra-tracer-v1.yaml", () => {
  it("passes redocly lint (recommended rules)", () => {
    const run = spawnSync(
      process.execPath,
      [
        require.resolve("@redocly/cli/bin/cli.js", { paths: [pkg] }),
        "lint",
        "openapi/picterra-tracer-v1.yaml",
      ],
      {
        cwd: pkg,
        encoding: "utf8",
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    expect(run.stderr + run.stdout).toContain("Your API description is valid");
    expect(run.status).toBe(0);
  }, 60_000);
});
