import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  NAME_LIMITS,
  OutputNames,
  RESERVED_NAMES,
  isReserved,
  nameItems,
  nameKey,
  safeName,
} from "../src/bulk/names";
import { serverFileRequest } from "../src/bulk/out-dir";
import { createdDetector, emulator, picterraJson, pngFile, tempDir } from "./helpers";

/** The suffixes `detect` adds, and those the GIS outputs to come will add: every name must fit them all. */
const SUFFIXES = [".geojson", ".pixels.geojson", ".gpkg", ".fgb", ".shp", ".shx", ".dbf", ".csv"];

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Everything a name must be, checked on each whole file name (name + suffix) of one folder's names. */
function expectSafeNames(out: string, names: readonly string[], suffixes: readonly string[]): void {
  const keys = new Set<string>();
  for (const name of names) {
    expect(safeName(name)).toBe(name);
    for (const suffix of suffixes) {
      const file = `${name}${suffix}`;
      const path = resolve(out, file);
      const inside = relative(out, path);
      expect(inside).toBe(file);
      expect(isAbsolute(inside) || inside.startsWith("..")).toBe(false);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a name must hold none of them.
      expect(file).not.toMatch(/[/\\\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\.\./);
      expect(file.startsWith(".")).toBe(false);
      expect(bytes(file)).toBeLessThanOrEqual(NAME_LIMITS.maxBytes);
      expect(file.split(".")[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)\s*$/i);
      expect(isReserved(file), file).toBe(false);
      expect(keys.has(nameKey(file)), `${file} twice`).toBe(false);
      keys.add(nameKey(file));
    }
  }
}

/** Any text, inputs often alike (same stem, other case, other Unicode form) as real inputs are. */
const rawName = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 120 }),
  fc.constantFrom(
    "tile",
    "Tile",
    "TILE",
    "tile-2",
    "ﬁle",
    "file",
    "é",
    "e\u0301",
    "..",
    ".",
    "",
    "../x",
    "CON",
    "nul.tar",
    "summary",
    "journal.jsonl",
    "detections",
    "detections.x",
    "plots",
    "preview",
    "\u202egnp.exe",
    "a\u0000b",
    "日本語".repeat(40),
  ),
);

describe("output names (names.ts)", () => {
  it("make any text a safe name: examples", () => {
    expect(safeName("../../etc/passwd")).toBe("_._etc_passwd");
    expect(safeName("..")).toBe(NAME_LIMITS.fallback);
    expect(safeName(".hidden")).toBe("hidden");
    expect(safeName("a..b")).toBe("a.b");
    expect(safeName("con")).toBe("_con");
    expect(safeName("LPT1.tif")).toBe("_LPT1.tif");
    expect(safeName("trail. . ")).toBe("trail");
    expect(safeName("\u001b[31mred")).toBe("_[31mred");
    expect(safeName("evil\u202egnp.exe")).toBe("evil_gnp.exe");
    expect(safeName("C:\\Users\\x")).toBe("C__Users_x");
    expect(bytes(safeName("日本語".repeat(100)))).toBeLessThanOrEqual(NAME_LIMITS.maxBytes);
    expect(RESERVED_NAMES).toContain("summary.json");
    for (const name of [
      "SUMMARY.JSON",
      "Journal.jsonl.lock",
      "detections.gpkg",
      "DETECTIONS.shp",
      "plots.gpkg",
    ])
      expect(isReserved(name), name).toBe(true);
    expect(isReserved("summary.geojson")).toBe(false);
  });

  it("are unique where case does not count, never reserved, and numbered from -2", () => {
    const names = new OutputNames({ suffixes: [".geojson", ".pixels.geojson"] });
    const given = ["tile", "Tile", "tile-2", "TILE", "tile.pixels", "detections", "detections.x"].map((raw) =>
      names.allocate(raw),
    );
    expect(given).toEqual([
      "tile",
      "Tile-2",
      "tile-2-2",
      "TILE-3",
      "tile.pixels-2",
      "detections-2",
      "_detections.x",
    ]);
  });

  it("give a server's file name its last segment, extension kept when numbered", () => {
    const names = new OutputNames({ suffixes: [""], existing: ["report.pdf"] });
    const requests = ["journal.jsonl", "../x", "reports/report.pdf", "PRECHECK.json", "a\\b.csv", ".."].map(
      (name, i) => serverFileRequest(`artifact:${i}`, name),
    );
    const { names: given } = nameItems(requests, new Map(), names);
    expect([...given.values()]).toEqual([
      "journal-2.jsonl",
      "x",
      "report-2.pdf",
      "PRECHECK-2.json",
      "b.csv",
      NAME_LIMITS.fallback,
    ]);
  });

  it("any names, any inputs, any order: inside --out, unique, not reserved; a re-run from the journal gives the same", () => {
    const out = resolve("/runs/out");
    const inputs = fc.uniqueArray(fc.record({ item: fc.uuid(), raw: rawName }), {
      selector: (r) => r.item,
      maxLength: 30,
    });
    fc.assert(
      fc.property(inputs, fc.array(rawName, { maxLength: 5 }), fc.nat(), (requests, existing, seed) => {
        const first = nameItems(requests, new Map(), new OutputNames({ suffixes: SUFFIXES, existing }));
        expect(first.fresh.map((f) => f.item)).toEqual(requests.map((r) => r.item));
        expectSafeNames(out, [...first.names.values()], SUFFIXES);
        for (const name of first.names.values())
          for (const suffix of SUFFIXES)
            for (const file of existing) expect(nameKey(`${name}${suffix}`)).not.toBe(nameKey(file));

        // The journal holds the names; the re-run gets its inputs in another order, with one more, and the
        // folder now holds the first run's files.
        const journaled = new Map(first.fresh.map((f) => [f.item, f.name]));
        const again = [...requests, { item: "new-one", raw: requests[0]?.raw ?? "x" }];
        for (let i = again.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [again[i], again[j]] = [again[j]!, again[i]!];
        }
        const files = [...first.names.values()].flatMap((n) => SUFFIXES.map((s) => `${n}${s}`));
        const second = nameItems(again, journaled, new OutputNames({ suffixes: SUFFIXES, existing: files }));
        for (const [item, name] of first.names) expect(second.names.get(item)).toBe(name);
        expect(second.fresh.map((f) => f.item)).toEqual(["new-one"]);
        expectSafeNames(out, [...second.names.values()], SUFFIXES);
      }),
      { numRuns: 200 },
    );
  });

  it("any names: each whole name can be created in a real folder, and none twice", () => {
    const dir = tempDir();
    let round = 0;
    fc.assert(
      fc.property(fc.array(rawName, { maxLength: 12 }), (raws) => {
        const folder = join(dir, String(round++));
        mkdirSync(folder);
        const { names } = nameItems(
          raws.map((raw, i) => ({ item: String(i), raw })),
          new Map(),
          new OutputNames({ suffixes: SUFFIXES }),
        );
        for (const name of names.values())
          for (const suffix of SUFFIXES) closeSync(openSync(join(folder, `${name}${suffix}`), "wx"));
        expect(readdirSync(folder)).toHaveLength(names.size * SUFFIXES.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe("picterra detect's output names", () => {
  it("inputs of one stem (other folders, other case) get files of their own, and the same ones on a re-run in another order", async () => {
    const emu = await emulator();
    const dir = tempDir();
    for (const sub of ["a", "b"]) mkdirSync(join(dir, sub));
    const files = [
      pngFile(dir, "a/tile.png"),
      pngFile(dir, "b/tile.png", 300, 200),
      pngFile(dir, "tile-2.png", 320, 200),
      pngFile(dir, "Tile.png", 340, 200),
      pngFile(dir, "summary.png", 360, 200),
      pngFile(dir, "notes.png", 380, 200),
    ];
    // A file of the user's already in --out is not written over.
    const out = join(dir, "out");
    mkdirSync(out);
    writeFileSync(join(out, "notes.geojson"), "mine");
    const detectorId = await createdDetector(emu);
    const { run, json } = await picterraJson(
      ["detect", "--detector", detectorId, ...files, "--out", out],
      emu,
    );
    expect(run.code, run.stderr).toBe(0);
    const written = json.items.map((i: { files: string[] }) => i.files[0]);
    // summary.png is not named "summary": its layer in CSV (`--format csv`) would be the run's summary.csv.
    expect(written).toEqual(
      ["tile", "tile-2", "tile-2-2", "Tile-3", "summary-2", "notes-2"].map((n) => join(out, `${n}.geojson`)),
    );
    expect(readFileSync(join(out, "notes.geojson"), "utf8")).toBe("mine");
    expect(new Set(written.map((f: string) => readFileSync(f, "utf8"))).size).toBe(6);

    const again = await picterraJson(
      ["detect", "--detector", detectorId, ...[...files].reverse(), "--out", out],
      emu,
    );
    expect(again.run.code).toBe(0);
    expect(again.json.items.map((i: { files: string[] }) => i.files[0])).toEqual([...written].reverse());
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });
});
