#!/usr/bin/env node
// Generates the TypeScript types of every Picterra API document with openapi-typescript, plus the values of
// each document's named scalar schemas (enums, bounds, defaults, patterns) that the clients check at run time.
//
//   pnpm generate                                 regenerate every document below
//   pnpm generate -- --only <name>                one of them (picterra-v2, picterra-tracer-v1, gis-epsg)
//   pnpm generate -- --only <name> --from <p|url> replace that document with another (a newer API), then regenerate
//   pnpm generate -- --check                      fail when a committed output differs from a fresh generation
//
// --doc <path> --out <path> generate one document given by path (used by tests that work on a copy).
// A third Picterra API is one more row of DOCUMENTS; a generated table that is no API document is a row of TABLES.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Every API document of the repository and where its generated types go. */
const DOCUMENTS = [
  {
    name: "picterra-v2",
    doc: "packages/core/openapi/picterra-v2.yaml",
    out: "packages/core/src/generated/picterra-v2.ts",
  },
  {
    name: "picterra-tracer-v1",
    doc: "packages/tracer/openapi/picterra-tracer-v1.yaml",
    out: "packages/tracer/src/generated/picterra-tracer-v1.ts",
  },
];

/**
 * Generated tables that come from no API document: a module that exports `OUT` (the file, from the root),
 * `generate()` (its text) and `isFresh(committed)` (what `--check` asks).
 */
const TABLES = [{ name: "gis-epsg", module: "packages/gis/scripts/epsg-table.mjs" }];

const args = process.argv.slice(2).filter((a) => a !== "--");
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith("--")) fail(`${name} needs a value`);
  return v;
};
function fail(message) {
  console.error(`generate: ${message}`);
  process.exit(1);
}

function selected() {
  const doc = value("--doc");
  if (doc) {
    const out = value("--out") ?? fail("--doc needs --out");
    return [{ name: "given", doc: resolve(doc), out: resolve(out) }];
  }
  const only = value("--only");
  const all = DOCUMENTS.map((d) => ({ ...d, doc: join(root, d.doc), out: join(root, d.out) }));
  const tables = TABLES.map((t) => ({ ...t, module: join(root, t.module) }));
  if (!only) return [...all, ...tables];
  const found = [...all, ...tables].filter((d) => d.name === only);
  if (found.length === 0)
    fail(`no document named ${only}; known: ${[...DOCUMENTS, ...TABLES].map((d) => d.name).join(", ")}`);
  return found;
}

async function readSource(source) {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) fail(`GET ${source} answered ${res.status}`);
    return res.text();
  }
  return readFile(resolve(process.cwd(), source), "utf8").catch((e) =>
    fail(`cannot read ${source}: ${e.message}`),
  );
}

/** Replaces a document's file with `from` after checking that it is an OpenAPI 3.x document. */
async function replaceDocument(docPath, from) {
  const text = await readSource(from);
  let doc;
  try {
    doc = parse(text);
  } catch (e) {
    fail(`${from} is not YAML or JSON: ${e.message}`);
  }
  if (!doc || typeof doc !== "object" || !/^3\./.test(String(doc.openapi ?? ""))) {
    fail(`${from} is not an OpenAPI 3.x document (no 'openapi: 3.x' field)`);
  }
  await writeFile(docPath, text);
  console.log(`generate: document replaced by ${from}`);
}

function header(docPath, by) {
  return `/**
 * Generated${by} from openapi/${docPath.split("/").pop()} by \`pnpm generate\`.
 * Do not edit: change the document and regenerate.
 */

`;
}

/** The values of the named scalar schemas: what a client checks before a request. */
function schemaValues(doc) {
  const KEYS = ["enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "default", "pattern"];
  const values = {};
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (!["string", "integer", "number", "boolean"].includes(schema.type)) continue;
    const picked = Object.fromEntries(KEYS.filter((k) => k in schema).map((k) => [k, schema[k]]));
    if (Object.keys(picked).length > 0) values[name] = picked;
  }
  return `/** The values of the document's named scalar schemas: what the client checks before a request. */
export const schemaValues = ${JSON.stringify(values, null, 2)} as const;
`;
}

/** The files a document generates: its types and its values. */
async function outputsOf({ doc, out }) {
  const ast = await openapiTS(pathToFileURL(doc), { alphabetize: false, defaultNonNullable: false });
  const text = await readFile(doc, "utf8");
  return new Map([
    [out, header(doc, " by openapi-typescript") + astToString(ast)],
    [out.replace(/\.ts$/, ".values.ts"), header(doc, "") + schemaValues(parse(text))],
  ]);
}

const documents = selected();
const from = value("--from");
if (from) {
  if (documents.length !== 1) fail("--from replaces one document: name it with --only <name> (or --doc)");
  if (documents[0].module) fail(`${documents[0].name} is a generated table, not an API document`);
  await replaceDocument(documents[0].doc, from);
}

/** A generated table: written, or checked with its own `isFresh`. */
async function table({ module }) {
  const { OUT, generate, isFresh } = await import(pathToFileURL(module).href);
  const path = join(root, OUT);
  if (flag("--check")) {
    const committed = await readFile(path, "utf8").catch(() => "");
    if (isFresh(committed)) return 0;
    console.error(
      `generate: ${OUT} is stale: it differs from a fresh generation by ${relative(root, module)}. Run \`pnpm generate\` and commit.`,
    );
    return 1;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, generate());
  console.log(`generate: wrote ${OUT}`);
  return 0;
}

let stale = 0;
for (const document of documents) {
  if (document.module) {
    stale += await table(document);
    continue;
  }
  const outputs = await outputsOf(document);
  for (const [path, output] of outputs) {
    if (flag("--check")) {
      const committed = await readFile(path, "utf8").catch(() => "");
      if (committed !== output) {
        stale++;
        console.error(
          `generate: ${relative(root, path)} is stale: it differs from a fresh generation of ${relative(root, document.doc)}. Run \`pnpm generate\` and commit.`,
        );
      }
    } else {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, output);
      console.log(`generate: wrote ${relative(root, path)}`);
    }
  }
}
if (stale > 0) process.exit(1);
if (flag("--check")) console.log(`generate: ${documents.map((d) => d.name).join(", ")} fresh`);
