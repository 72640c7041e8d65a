import { packageTests } from "../../vitest.shared.ts";

// Tests spawn the built bin against an emulator: a few seconds each on a busy 2-core machine. The GIS outputs
// are read with GDAL (ogrinfo, ogr2ogr), which @picterra/gis's setup installs where it can.
export default packageTests(import.meta.dirname, {
  testTimeout: 60_000,
  globalSetup: ["../gis/test/setup-gdal.ts"],
});
