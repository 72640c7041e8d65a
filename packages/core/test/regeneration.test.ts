import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";

const pkg = join(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc", { paths: [pkg] });

// A copy of the package inside it, so that `openapi-fetch` still resolves from node_modules.
const copy = mkdtempSync(join(pkg, ".regen-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function run(file: string, args: string[]) {
  return spawnSync(process.execPath, [file, ...args], { cwd: copy, encoding: "utf8" });
}

describe("regenerating the client when the API changes", () => {
  it("makes tsc point at exactly the code that must change", () => {
    const originalDoc = readFileSync(join(pkg, "openapi/picterra-v2.yaml"), "utf8");
    const originalTypes = readFileSync(join(pkg, "src/generated/picterra-v2.ts"), "utf8");
    cpSync(join(pkg, "src"), join(copy, "src"), { recursive: true });
    writeFileSync(
      join(copy, "tsconfig.json"),
      JSON.stringify({ extends: "../../../tsconfig.base.json", include: ["src"], exclude: ["src/node"] }),
    );

    // A newer API: a renamed response field, a new required body property, a removed endpoint.
    const doc = parse(originalDoc);
    const download = doc.components.schemas.DownloadUrl;
    download.properties.url = download.properties.download_url;
    delete download.properties.download_url;
    download.required = ["url"];
    const folder = doc.components.schemas.FolderInput;
    folder.properties.workspace_id = { type: "string", description: "The workspace the folder belongs to." };
    folder.required = [...folder.required, "workspace_id"];
    delete doc.paths["/rasters/{raster_id}/detection_areas/"];
    const changed = join(copy, "picterra-v3.yaml");
    writeFileSync(changed, stringify(doc));

    // The documented command: pnpm generate -- --only picterra-v2 --from <path|url> (here on the copy).
    const gen = run(join(pkg, "../../scripts/generate.mjs"), [
      "--from",
      changed,
      "--doc",
      join(copy, "current.yaml"),
      "--out",
      join(copy, "src/generated/picterra-v2.ts"),
    ]);
    expect(gen.stderr).toBe("");
    expect(gen.status).toBe(0);

    const check = run(tsc, ["--noEmit", "-p", "tsconfig.json", "--pretty", "false"]);
    const errors = check.stdout
      .split("\n")
      .filter((l) => /error TS\d+/.test(l))
      .map((l) => {
        const m = /^(.+?)\((\d+),\d+\): error (TS\d+)/.exec(l);
        const line = Number(m?.[2]);
        const source = readFileSync(join(copy, m?.[1] ?? ""), "utf8").split("\n");
        // Name the method the error is in: the nearest `export const name: ForgeMethod<` above it.
        const method = source
          .slice(0, line)
          .reverse()
          .map((s) => /^export const (\w+): ForgeMethod</.exec(s)?.[1])
          .find(Boolean);
        return `${m?.[1]} ${method}`;
      });
    expect([...new Set(errors)].sort()).toEqual([
      "src/forge/folders.ts createFolder",
      "src/forge/rasters.ts getRasterDownloadUrl",
      "src/forge/rasters.ts removeRasterDetectionAreas",
    ]);
    expect(check.status).not.toBe(0);

    // The real package is untouched.
    expect(readFileSync(join(pkg, "openapi/picterra-v2.yaml"), "utf8")).toBe(originalDoc);
    expect(readFileSync(join(pkg, "src/generated/picterra-v2.ts"), "utf8")).toBe(originalTypes);
  }, 120_000);
});
