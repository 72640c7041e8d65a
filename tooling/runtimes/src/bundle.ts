import { cpSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";
import { bundlers } from "./tools.mjs";

/** What a build printed that a user would see: warnings and errors, as text. */
export type Warnings = string[];

/**
 * Builds the page (index.html, browser.mjs) with Vite, as `vite build` in a project would: resolves to the
 * output folder and every warning Vite logged (a Node built-in it had to leave out of a browser bundle is
 * one). Vite comes from the cache.
 */
export async function viteBuild(consumer: string): Promise<{ dist: string; warnings: Warnings }> {
  const vite = await importVite();
  const root = join(consumer, "vite-app");
  mkdirSync(root, { recursive: true });
  for (const file of ["index.html", "browser.mjs", "scenario.mjs", "runtime.mjs"]) {
    cpSync(join(consumer, file), join(root, file));
  }
  const warnings: Warnings = [];
  const logger = vite.createLogger("warn");
  const customLogger = {
    ...logger,
    warn: (message: string) => void warnings.push(message),
    warnOnce: (message: string) => void warnings.push(message),
    error: (message: string) => void warnings.push(message),
  };
  const dist = join(root, "dist");
  await vite.build({ root, configFile: false, logLevel: "warn", customLogger, build: { outDir: dist } });
  return { dist, warnings };
}

/** Serves a Vite build with `vite preview` on 127.0.0.1 and a free port. */
export async function vitePreview(consumer: string): Promise<{ url: string; close(): Promise<void> }> {
  const vite = await importVite();
  const root = join(consumer, "vite-app");
  const server = await vite.preview({
    root,
    configFile: false,
    logLevel: "silent",
    preview: { host: "127.0.0.1", port: 0, strictPort: true },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite preview did not say where it listens");
  return { url, close: () => server.close() };
}

interface ViteApi {
  createLogger(level: string): Record<string, unknown>;
  build(config: object): Promise<unknown>;
  preview(config: object): Promise<{ resolvedUrls: { local: string[] } | null; close(): Promise<void> }>;
  version: string;
}

async function importVite(): Promise<ViteApi> {
  const dir = await bundlers();
  return (await import(
    pathToFileURL(join(dir, "node_modules", "vite", "dist", "node", "index.js")).href
  )) as ViteApi;
}

/** The version of a bundler in the cache, as its package says. */
export async function bundlerVersion(name: "vite" | "webpack"): Promise<string> {
  const require = createRequire(join(await bundlers(), "package.json"));
  return (require(`${name}/package.json`) as { version: string }).version;
}

/**
 * Bundles node-bundle.mjs for Node with webpack 5, in production mode (tree shaking trusts `sideEffects`),
 * into `<consumer>/webpack/bundle.cjs`; resolves to the bundle and webpack's warnings.
 */
export async function webpackNodeBundle(consumer: string): Promise<{ file: string; warnings: Warnings }> {
  const require = createRequire(join(await bundlers(), "package.json"));
  const webpack = require("webpack") as (
    config: object,
    done: (error: Error | null, stats?: Stats) => void,
  ) => void;
  const path = join(consumer, "webpack");
  const config = {
    mode: "production",
    target: "node",
    context: consumer,
    entry: "./node-bundle.mjs",
    output: { path, filename: "bundle.cjs" },
  };
  const stats = await new Promise<Stats>((resolve, reject) =>
    webpack(config, (error, stats) => (error || !stats ? reject(error) : resolve(stats))),
  );
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  if (stats.hasErrors()) throw new Error(`webpack failed:\n${info.errors?.map((e) => e.message).join("\n")}`);
  return { file: join(path, "bundle.cjs"), warnings: info.warnings?.map((w) => w.message) ?? [] };
}

interface Stats {
  hasErrors(): boolean;
  toJson(options: object): { errors?: { message: string }[]; warnings?: { message: string }[] };
}

/** Bundles node-bundle.mjs for Node with esbuild (ESM, minified) into `<consumer>/esbuild-node/bundle.mjs`. */
export async function esbuildNodeBundle(consumer: string): Promise<{ file: string; warnings: Warnings }> {
  const file = join(consumer, "esbuild-node", "bundle.mjs");
  const result = await esbuild({
    entryPoints: [join(consumer, "node-bundle.mjs")],
    absWorkingDir: consumer,
    bundle: true,
    platform: "node",
    format: "esm",
    minify: true,
    outfile: file,
    logLevel: "silent",
  });
  return { file, warnings: result.warnings.map((w) => w.text) };
}

/**
 * Bundles the page's script for browsers with esbuild, minified: the size a web app pays for core, tracer,
 * retry and nongeo (and the scenario), raw and gzipped (-9).
 */
export async function esbuildBrowserBundle(
  consumer: string,
): Promise<{ bytes: number; gzipped: number; warnings: Warnings }> {
  const result = await esbuild({
    entryPoints: [join(consumer, "browser.mjs")],
    absWorkingDir: consumer,
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    outfile: join(consumer, "esbuild-browser", "bundle.js"),
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return {
    bytes: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    warnings: result.warnings.map((w) => w.text),
  };
}
