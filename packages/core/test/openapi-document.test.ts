import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATE, documentChecks } from "./document-checks";

const pkg = join(__dirname, "..");

describe("openapi/picterra-v2.yaml", () => {
  documentChecks(pkg, "picterra-v2");
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
