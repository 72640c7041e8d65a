import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./process.mjs";

const root = join(import.meta.dirname, "..", "..", "..");

/** The packages a user installs, as published: every public one but the emulator (the host runs that). */
export const PACKAGES = ["core", "retry", "node-fs", "nongeo", "tracer", "gis", "cli"] as const;

/** The types a consumer of node-fs has anyway (the version the workspace uses). */
const CONSUMER_DEV_DEPENDENCIES = ["@types/node@20.19.43"];

async function pnpm(args: string[], cwd: string): Promise<void> {
  // The pnpm that runs this test when there is one, else the one on PATH.
  const execpath = process.env["npm_execpath"];
  const [command, prefix] =
    execpath && /pnpm/.test(execpath) ? [process.execPath, [execpath]] : ["pnpm", [] as string[]];
  const done = await run(command, [...prefix, ...args], { cwd, timeoutMs: 120_000 });
  if (done.code !== 0)
    throw new Error(`pnpm ${args.join(" ")} failed in ${cwd}:\n${done.stdout}\n${done.stderr}`);
}

/**
 * A project in `dir` as a user has it: every public package installed with plain npm from the tarballs
 * `pnpm pack` makes (what npm would publish), and the scenario's files beside them.
 */
export async function makeConsumer(dir: string): Promise<void> {
  const tarballs = join(dir, "tarballs");
  await Promise.all(
    PACKAGES.map((name) => pnpm(["pack", "--pack-destination", tarballs], join(root, "packages", name))),
  );
  const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  const args = ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact"];
  const npm = await run("npm", [...args, ...packed, ...CONSUMER_DEV_DEPENDENCIES], {
    cwd: dir,
    timeoutMs: 300_000,
    env: { npm_config_loglevel: "error", npm_config_update_notifier: "false" },
  });
  if (npm.code !== 0)
    throw new Error(`npm install of the tarballs failed (exit ${npm.code}):\n${npm.stderr}`);
  cpSync(join(import.meta.dirname, "..", "scenario"), dir, { recursive: true });
  mkdirSync(join(dir, "out"));
}
