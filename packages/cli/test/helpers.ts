import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, type EmulatorOptions, startEmulator } from "@picterra/emulator";
import { writeArrayBuffer } from "geotiff";
import { afterEach } from "vitest";

/** The built bin, as a user runs it. */
export const BIN = join(import.meta.dirname, "..", "bin", "picterra.js");

const emulators: Emulator[] = [];
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(emulators.splice(0).map((e) => e.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An emulator on 127.0.0.1, port 0, stopped after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ port: 0, ...options });
  emulators.push(emu);
  return emu;
}

/** A fresh folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "picterra-cli-test-"));
  dirs.push(dir);
  return dir;
}

/** What a finished run of the bin printed, and how it exited. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment the bin runs with: the emulator's site root and key, or none. */
export function envFor(emu: Emulator | undefined, extra: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.PICTERRA_API_KEY;
  delete env.PICTERRA_BASE_URL;
  if (emu) {
    env.PICTERRA_BASE_URL = emu.siteUrl;
    env.PICTERRA_API_KEY = emu.apiKey;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Where the bin runs, and variables added to (or, when undefined, removed from) its environment. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** Starts the bin (`node bin/picterra.js ...args`); the child is killed after the test if still running. */
export function start(args: string[], emu?: Emulator, options: RunOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: envFor(emu, options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return child;
}

/** Waits for a child to end and collects what it printed. */
export function finished(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs the bin to its end. */
export function picterra(args: string[], emu?: Emulator, options: RunOptions = {}): Promise<Run> {
  return finished(start(args, emu, options));
}

/** Runs the bin with `--json` and parses stdout, which must be exactly one JSON document. */
export async function picterraJson(
  args: string[],
  emu?: Emulator,
  options: RunOptions = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON's fields freely and expect() checks them.
): Promise<{ run: Run; json: any }> {
  const run = await picterra(["--json", ...args], emu, options);
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
  return { run, json };
}

/** Creates a detector with the default settings (`picterra detectors create`); returns its id. */
export async function createdDetector(emu: Emulator): Promise<string> {
  return (await picterraJson(["detectors", "create"], emu)).json.id as string;
}

/** Uploads one file as a raster (`picterra rasters upload`); returns its id. */
export async function uploadedRaster(emu: Emulator, file: string): Promise<string> {
  return (await picterraJson(["rasters", "upload", file], emu)).json.items[0].raster_id as string;
}

/**
 * A PNG the emulator reads as a `width` × `height` image (signature and IHDR only): a non-georeferenced raster,
 * as drone photos often are.
 */
export function pngFile(dir: string, name: string, width = 256, height = 192): string {
  const header = Buffer.alloc(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  header.write("IHDR", 12, "latin1");
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([8, 0, 0, 0, 0], 24);
  const path = join(dir, name);
  writeFileSync(path, header);
  return path;
}

/** A small lon/lat GeoTIFF near Lausanne (or with its north-west corner at `origin`): a georeferenced raster. */
export function geoTiffFile(
  dir: string,
  name: string,
  size = 64,
  origin: [number, number] = [6.63, 46.52],
): string {
  const bytes = writeArrayBuffer(new Uint8Array(size * size), {
    width: size,
    height: size,
    ModelPixelScale: [0.0001, 0.0001, 0],
    ModelTiepoint: [0, 0, 0, origin[0], origin[1], 0],
    GTRasterTypeGeoKey: 1,
    GTModelTypeGeoKey: 2,
    GeographicTypeGeoKey: 4326,
  });
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(bytes));
  return path;
}

/** A GeoJSON FeatureCollection of one square polygon around (lng, lat). */
export function squareFile(dir: string, name: string, lng = 6.632, lat = 46.518, half = 0.001): string {
  const ring = [
    [lng - half, lat - half],
    [lng + half, lat - half],
    [lng + half, lat + half],
    [lng - half, lat + half],
    [lng - half, lat - half],
  ];
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [ring] } }],
    }),
  );
  return path;
}

/**
 * Square plots (0.01° a side) with their south-west corners at the given places, written to `dir/name` as
 * Tracer takes them (each with its properties.plot_id); `bowtie` crosses itself.
 */
export function plotsAt(
  dir: string,
  plots: { id: string; at: [number, number]; bowtie?: boolean }[],
  name = "plots.geojson",
): string {
  const features = plots.map(({ id, at: [x, y], bowtie }) => ({
    type: "Feature",
    properties: { plot_id: id },
    geometry: {
      type: "Polygon",
      coordinates: [
        bowtie
          ? [
              [x, y],
              [x + 0.01, y + 0.01],
              [x + 0.01, y],
              [x, y + 0.01],
              [x, y],
            ]
          : [
              [x, y],
              [x + 0.01, y],
              [x + 0.01, y + 0.01],
              [x, y + 0.01],
              [x, y],
            ],
      ],
    },
  }));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", features }));
  return path;
}

/** `plots analyze` of a plots file into `out`: Cocoa's methodology from 2021 to 2025 unless told otherwise. */
export function analyzeArgs(
  file: string,
  out: string,
  {
    methodology = "Cocoa - EUDR",
    from = "2021-01-01",
    to = "2025-12-31",
    report,
  }: { methodology?: string; from?: string; to?: string; report?: string } = {},
): string[] {
  const args = ["plots", "analyze", "--methodology", methodology, file, "--from", from, "--to", to];
  return [...args, ...(report === undefined ? [] : ["--report", report]), "--out", out];
}
