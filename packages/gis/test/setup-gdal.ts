import { spawnSync } from "node:child_process";

/** Whether GDAL's command-line tools answer. */
function hasGdal(): boolean {
  const run = spawnSync("ogrinfo", ["--version"], { encoding: "utf8" });
  return run.status === 0 && /^GDAL /.test(run.stdout);
}

/**
 * vitest globalSetup: the tests read every output with GDAL (ogrinfo, ogr2ogr), an independent reader. As root
 * with apt-get (CI) it installs Debian's gdal-bin; anywhere else it stops with the command to run. It never
 * skips: a writer whose output no independent reader opened is not tested.
 */
export default function setupGdal(): void {
  if (hasGdal()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("apt-get", ["--version"]).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      "the @picterra/gis tests read their outputs with GDAL's ogrinfo and ogr2ogr, which are not installed. " +
        "Install them with `sudo apt-get update && sudo apt-get install -y gdal-bin` (Debian/Ubuntu) or " +
        "`brew install gdal` (macOS), then run the tests again.",
    );
  }
  console.log("[setup-gdal] ogrinfo is missing: running apt-get update && apt-get install -y gdal-bin");
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "gdal-bin"]]) {
    const result = spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) {
      throw new Error(
        `\`apt-get ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}); install gdal-bin by hand`,
      );
    }
  }
  if (!hasGdal()) throw new Error("apt-get installed gdal-bin, but ogrinfo still does not run");
}
