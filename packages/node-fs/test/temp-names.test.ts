import { readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { createClient } from "@picterra/core";
import { describe, expect, it } from "vitest";
import { cutUtf8, tempPathFor } from "../src/atomic";
import {
  downloadRasterToFile,
  downloadResultToFeatureCollection,
  removeLeftoverTempFiles,
  writeFileAtomically,
} from "../src/index";
import { API_KEY, listDir, patternBytes, useTestBed } from "./helpers";

// File systems limit a name to 255 bytes, not characters: the temporary file's name must fit in bytes.

const RASTER = patternBytes(300_000, 9);
const CJK_NAME = `${"地".repeat(80)}`; // 80 characters, 240 bytes in UTF-8: a legal name
const ASCII_NAME = `${"a".repeat(246)}.tif`; // 250 bytes

const bed = useTestBed((_req, res) => {
  res.writeHead(200, { "content-length": String(RASTER.length) }).end(RASTER);
});

describe("temporary file names", () => {
  for (const [what, name] of [
    ["an 80-character CJK name (240 bytes)", CJK_NAME],
    ["a 250-byte ASCII name", ASCII_NAME],
  ] as const) {
    it(`download to ${what}`, async () => {
      bed.api.reply("GET /rasters/r1/download/", 200, { download_url: `${bed.storage.url}/r?sig=s` });
      const target = join(bed.dir, name);
      await downloadRasterToFile(createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl }), "r1", target);
      expect((await readFile(target)).equals(RASTER)).toBe(true);
      expect(await listDir(bed.dir)).toEqual([name]);
    });
  }

  it("write text (GeoJSON) to an 80-character CJK name", async () => {
    bed.api.reply("GET /operations/op1/", 200, {
      type: "detector_run",
      status: "success",
      results: { by_class: [] },
    });
    const target = join(bed.dir, `${CJK_NAME}.geojson`.slice(1));
    await downloadResultToFeatureCollection(
      createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl }),
      "op1",
      target,
    );
    expect(JSON.parse(await readFile(target, "utf8"))).toEqual({ type: "FeatureCollection", features: [] });
  });

  it("stay within 255 UTF-8 bytes, cut between code points", () => {
    for (const name of [CJK_NAME, ASCII_NAME, "🛰️".repeat(100), `x${"é".repeat(200)}`, "short.tif"]) {
      const temp = basename(tempPathFor(join(bed.dir, name)));
      expect(Buffer.byteLength(temp)).toBeLessThan(255);
      // No broken character: the name survives a round trip through UTF-8 bytes.
      expect(Buffer.from(temp, "utf8").toString("utf8")).toBe(temp);
      expect(temp).toMatch(/^\..+\.[0-9a-f]{12}\.part$/);
      expect(name.startsWith(temp.slice(1, -18))).toBe(true);
    }
    expect(basename(tempPathFor(join(bed.dir, "short.tif")))).toMatch(/^\.short\.tif\.[0-9a-f]{12}\.part$/);
  });

  it("cutUtf8 keeps the longest start that fits", () => {
    expect(cutUtf8("地地地", 8)).toBe("地地");
    expect(cutUtf8("地地地", 9)).toBe("地地地");
    expect(cutUtf8("a🛰b", 4)).toBe("a");
    expect(cutUtf8("a🛰b", 5)).toBe("a🛰");
  });
});

describe("writeFileAtomically", () => {
  it("writes text or bytes in one step: the old file until the new one is complete, no temporary file left", async () => {
    const target = join(bed.dir, "summary.json");
    await writeFileAtomically(target, '{"a":1}');
    expect(await readFile(target, "utf8")).toBe('{"a":1}');
    await writeFileAtomically(target, new Uint8Array([0xff, 0x00, 0x7b]));
    expect([...(await readFile(target))]).toEqual([0xff, 0x00, 0x7b]);
    expect(await readdir(bed.dir)).toEqual(["summary.json"]);
  });
});

describe("removeLeftoverTempFiles", () => {
  it("removes the temporary files a killed write left, and nothing else", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "picterra-leftovers-"));
    const leftover = basename(tempPathFor(join(dir, "tile.geojson")));
    const others = [
      "tile.geojson",
      "notes.part",
      ".hidden.part",
      ".tile.geojson.xyz.part",
      ".x.0123456789AB.part",
    ];
    for (const name of [leftover, ...others]) await writeFile(join(dir, name), "x");
    expect(await removeLeftoverTempFiles(dir)).toEqual([leftover]);
    expect((await readdir(dir)).sort()).toEqual([...others].sort());
    expect(await removeLeftoverTempFiles(dir)).toEqual([]);
  });
});
