import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

// An empty project with the packed packages installed by plain npm, as a user's: what every example runs in.
// The packing is tooling/install-test's (pnpm pack per package, npm install of the tarballs), copied here.

/** The public packages, as their folders under packages/. */
export const PACKAGES = ["core", "retry", "node-fs", "nongeo", "tracer", "emulator", "gis", "cli"];

/** The TypeScript and Node types the project compiles the examples with: the repository's own pins. */
const COMPILE_WITH = ["typescript@5.9.3", "@types/node@20.19.43"];

/** Runs a command; its output when it succeeds, else an error with everything it printed. */
export function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const run = spawnSync(cmd, args, { cwd, encoding: "utf8", env, maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd} (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`,
    );
  }
  return run.stdout;
}

function pnpm(args: string[], cwd: string): string {
  const execpath = process.env.npm_execpath;
  return execpath && /pnpm/.test(execpath)
    ? sh(process.execPath, [execpath, ...args], cwd)
    : sh("pnpm", args, cwd);
}

/** Packs every public package into `dest` and answers the tarballs' paths. */
export function packAll(root: string, dest: string): string[] {
  for (const name of PACKAGES) pnpm(["pack", "--pack-destination", dest], join(root, "packages", name));
  return readdirSync(dest)
    .filter((file) => file.endsWith(".tgz"))
    .map((file) => join(dest, file));
}

/**
 * A fresh project (in `work`, a temporary folder the caller removes) (an ES module package, as the examples' top-level `await` needs) with the tarballs, TypeScript
 * and Node's types installed by npm, and the repository's vitest linked in for the `ts vitest` blocks.
 */
export function userProject(root: string): { dir: string; work: string } {
  const work = mkdtempSync(join(tmpdir(), "picterra-docs-"));
  const tarballs = packAll(root, join(work, "tarballs"));
  const dir = join(work, "project");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "examples", private: true, type: "module" }),
  );
  sh("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...tarballs, ...COMPILE_WITH], dir, {
    ...process.env,
    npm_config_loglevel: "error",
  });
  // vitest is the repository's (a devDependency of every package): linked, not downloaded again.
  const vitest = dirname(createRequire(import.meta.url).resolve("vitest/package.json"));
  symlinkSync(vitest, join(dir, "node_modules", "vitest"), "dir");
  return { dir, work };
}

/** The compiler settings of the examples: a user's strict Node project (module nodenext). */
export const EXAMPLES_TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023", "DOM", "DOM.Iterable"],
    types: ["node"],
    // A user's default: our published .d.ts files and their dependencies' are checked too.
    skipLibCheck: false,
    rootDir: "ex",
    outDir: "out",
    noEmitOnError: false,
  },
  include: ["ex"],
};
