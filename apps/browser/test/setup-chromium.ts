import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { CHROMIUM } from "./chromium";

/**
 * vitest globalSetup: makes sure Debian's Chromium is installed. As root with apt-get (CI containers) it
 * installs it; anywhere else it stops with the command to run, rather than downloading a browser itself.
 */
export default function setupChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    throw new Error(
      `the browser test needs Chromium at ${CHROMIUM}. Install it with ` +
        "`sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), then run the test again.",
    );
  }
  console.log(
    `[setup-chromium] ${CHROMIUM} is missing: running apt-get update && apt-get install -y chromium`,
  );
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const result = spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) {
      throw new Error(
        `\`apt-get ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}); install chromium by hand`,
      );
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but there is still no ${CHROMIUM}`);
}
