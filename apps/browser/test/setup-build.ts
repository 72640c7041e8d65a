import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** vitest globalSetup: builds the page, so the test never runs an old dist/. */
export default function setupBuild(): void {
  const dir = join(__dirname, "..");
  const result = spawnSync(process.execPath, ["build.mjs"], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`building the page failed:\n${result.stdout}${result.stderr}`);
}
