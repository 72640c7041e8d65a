#!/usr/bin/env node
// `pnpm bench`'s install sizes: what `npm install` of our packed packages puts in an empty project's
// node_modules, per install a user makes (the package and what it pulls in, from the registry), against its
// budget. Run by `pnpm bench` after scripts/bench.mjs; the table goes to stdout and into BENCHMARKS.md
// (BENCH_INSTALL_OUT, "-" for none), replacing the section an earlier run wrote there.
//   node scripts/bench/install-size.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./lib.mjs";

const env = { ...process.env };
const OUT = env.BENCH_INSTALL_OUT ?? join(ROOT, "BENCHMARKS.md");
const BEGIN = "<!-- install sizes: written by scripts/bench/install-size.mjs -->";
const END = "<!-- end of install sizes -->";
const MB = 1e6;

/** Each install a README names: the packages given to npm, and the budget where there is one (MB). */
const INSTALLS = [
  { what: "@picterra/core", packages: ["core"] },
  { what: "+ @picterra/retry", packages: ["core", "retry"] },
  { what: "+ @picterra/node-fs", packages: ["core", "node-fs"] },
  { what: "+ @picterra/tracer", packages: ["core", "tracer"] },
  { what: "+ @picterra/nongeo", packages: ["core", "nongeo"] },
  { what: "+ @picterra/node-fs @picterra/gis", packages: ["core", "node-fs", "gis"] },
  { what: "@picterra/emulator", packages: ["core", "tracer", "node-fs", "gis", "emulator"], budgetMB: 60 },
  { what: "@picterra/cli", packages: ["core", "retry", "node-fs", "nongeo", "tracer", "gis", "cli"] },
  {
    what: "@picterra/cli @picterra/emulator",
    packages: ["core", "retry", "node-fs", "nongeo", "tracer", "gis", "cli", "emulator"],
  },
];

const log = (...args) => console.error("[bench install]", ...args);

/** Bytes of every file under `dir` (what `du --apparent-size` counts), and how many files. */
function sizeOf(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

const work = mkdtempSync(join(tmpdir(), "picterra-bench-install-"));
try {
  const tarballs = join(work, "tarballs");
  const packed = new Map();
  for (const name of new Set(INSTALLS.flatMap((i) => i.packages))) {
    const before = new Set(safeList(tarballs));
    execFileSync("pnpm", ["pack", "--pack-destination", tarballs], {
      cwd: join(ROOT, "packages", name),
      stdio: ["ignore", "ignore", "inherit"],
    });
    const added = safeList(tarballs).filter((f) => !before.has(f));
    packed.set(name, join(tarballs, added[0]));
  }
  const rows = [];
  for (const install of INSTALLS) {
    const dir = join(work, `project-${rows.length}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true }\n');
    log(install.what);
    execFileSync(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        ...install.packages.map((p) => packed.get(p)),
      ],
      { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
    );
    rows.push({ ...install, ...sizeOf(join(dir, "node_modules")) });
    rmSync(dir, { recursive: true, force: true });
  }
  const section = `
## Install sizes

Written by \`node scripts/bench/install-size.mjs\` (part of \`pnpm bench\`) on ${new Date().toISOString()}, Node
${process.version}: every public package packed with \`pnpm pack\`, then \`npm install\` of the tarballs an install
needs (its dependencies from the registry) into an empty project; the bytes of every file in its \`node_modules\`.
`;
  const table = `
| install | node_modules | files | budget |
|---|---|---|---|
${rows
  .map(
    (r) =>
      `| \`${r.what}\` | ${(r.bytes / MB).toFixed(1)} MB | ${r.files} | ${
        r.budgetMB === undefined
          ? "–"
          : `≤ ${r.budgetMB} MB: ${r.bytes <= r.budgetMB * MB ? "**met**" : "**missed**"}`
      } |`,
  )
  .join("\n")}
`;
  console.log(section + table);
  if (OUT !== "-") {
    let before = "";
    try {
      before = readFileSync(OUT, "utf8");
    } catch {
      // a first run writes the file
    }
    const start = before.indexOf(BEGIN);
    const end = before.indexOf(END);
    const kept = start >= 0 && end > start ? before.slice(0, start) + before.slice(end + END.length) : before;
    writeFileSync(OUT, `${kept.trimEnd()}\n\n${BEGIN}\n${section}${table}${END}\n`);
    log(`wrote its section into ${OUT}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
