import type { Emu } from "./context";
import { footprint } from "./geo";
import { LON_LAT } from "./projection";

/** Creates `count` ready rasters (with footprints, no upload) in a folder; returns their ids. */
export function seedRasters(emu: Emu, count: number, folderId?: string): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`seedRasters: invalid count ${count}`);
  const folder = folderId === undefined ? emu.store.defaultFolder : emu.store.folders.get(folderId);
  if (!folder) throw new RangeError(`seedRasters: no folder ${folderId}`);
  const ids: string[] = [];
  const start = emu.store.rasters.size;
  for (let i = 0; i < count; i++) {
    const n = start + i;
    // Small 0.01° tiles in a grid around Zurich, so that each seeded raster has its own footprint.
    const w = 8.4 + (n % 100) * 0.01;
    const s = 47.3 + Math.floor(n / 100) * 0.01;
    const capturedAt = new Date(Date.UTC(2020, 0, 1 + (n % 1000))).toISOString();
    const raster = emu.store.addRaster({
      name: `seed raster ${String(n + 1).padStart(6, "0")}`,
      status: "ready",
      folderId: folder.id,
      capturedAt,
      capturedAtMs: Date.parse(capturedAt),
      identityKey: null,
      multispectral: false,
      bandSpecification: null,
      cloudCoverage: n % 101,
      userTag: null,
      file: null,
      footprint: footprint(LON_LAT, [w, s, w + 0.01, s + 0.01], 256, 256, true)!,
    });
    ids.push(raster.id);
  }
  return ids;
}
