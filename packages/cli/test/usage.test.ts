import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emulator, picterra, picterraJson, tempDir } from "./helpers";

// Every group and a leaf of each: `--help` works everywhere and exits 0.
const HELP = [
  [],
  ["rasters"],
  ["rasters", "upload"],
  ["rasters", "detection-areas", "set"],
  ["detectors"],
  ["detectors", "annotate"],
  ["results", "download"],
  ["operations", "get"],
  ["vector-layers"],
  ["markers", "create"],
  ["folders", "create"],
  ["grants", "set"],
  ["whoami"],
  ["detect"],
  ["plots"],
  ["emulator"],
];

describe("usage", () => {
  it("--help everywhere, exit 0", async () => {
    for (const command of HELP) {
      const run = await picterra([...command, "--help"]);
      expect(run.code, command.join(" ")).toBe(0);
      expect(run.stdout).toContain(["Usage: picterra", ...command].join(" "));
    }
  });

  it("exit 2 for an unknown command or flag, a missing argument or a bad value; nothing is sent", async () => {
    const emu = await emulator();
    const cases: [string[], RegExp][] = [
      [["nope"], /unknown command 'nope'/],
      [["rasters", "list", "--bogus"], /unknown option '--bogus'/],
      [["rasters", "get"], /missing required argument 'raster-id'/],
      [["rasters", "list", "--max-cloud-coverage", "150"], /--max-cloud-coverage.*0 to 100/],
      [["detect", "a.tif"], /required option '--detector <id>'/],
      [["detect", "--detector", "d", "--out", "o", "missing/tile.tif"], /no such file: 'missing\/tile.tif'/],
      [["detectors", "create", "--backbone", "resnet9"], /Allowed choices are resnet18, resnet34, resnet50/],
      // Core's own checks (a ValidationError) are bad usage too, found before any request.
      [["rasters", "edit", "r1", "--captured-at", "yesterday"], /capturedAt/],
      [["rasters"], /Usage: picterra rasters/],
    ];
    for (const [args, message] of cases) {
      const run = await picterra(args, emu);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr + run.stdout, args.join(" ")).toMatch(message);
    }
    expect(emu.stats().requests).toBe(0);
  });

  it("never takes the key on the command line, and never prints it", async () => {
    const emu = await emulator();
    const run = await picterra(["--api-key", "sekret-key-123", "whoami"], emu);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/never goes on the command line/);
    expect(run.stderr + run.stdout).not.toContain("sekret-key-123");
  });

  it("without a key: exit 2 and how to give one", async () => {
    const run = await picterra(["whoami"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PICTERRA_API_KEY/);
  });

  it("--api-key-file: read and trimmed, refused when others can read it, never echoed", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const file = join(dir, "key");
    writeFileSync(file, `  ${emu.apiKey}\n`);
    chmodSync(file, 0o644);
    const open = await picterra(["--api-key-file", file, "whoami"], undefined, {
      env: { PICTERRA_BASE_URL: emu.siteUrl },
    });
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/can be read by other users.*chmod 600/);
    chmodSync(file, 0o600);
    const { run, json } = await picterraJson(["--api-key-file", file, "--base-url", emu.siteUrl, "whoami"]);
    expect(run.code).toBe(0);
    expect(json.organization_name).toBe("Emulated organization");
    expect(run.stdout + run.stderr).not.toContain(emu.apiKey);
  });

  it("--json: a failure is one JSON document too, exit 1, without the key", async () => {
    const emu = await emulator();
    const { run, json } = await picterraJson(["rasters", "get", "no-such-raster"], emu);
    expect(run.code).toBe(1);
    expect(json.error).toMatchObject({ name: "APIError", status: 404 });
    expect(run.stderr).toMatch(/404/);
    expect(run.stdout + run.stderr).not.toContain(emu.apiKey);
  });
});
