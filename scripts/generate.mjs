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

/** The keys of a scalar schema a client checks before a request. */
const KEYS = ["enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "default", "pattern"];
/** The bounds of a number: what the values of properties and inline parameters keep (their enums are named). */
const BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

function pick(schema, keys) {
  return Object.fromEntries(keys.filter((k) => k in (schema ?? {})).map((k) => [k, schema[k]]));
}

/** `{name: picked}` of the entries that have any of `keys`. */
function picked(entries, keys) {
  const out = {};
  for (const [name, schema] of entries) {
    const values = pick(schema, keys);
    if (Object.keys(values).length > 0) out[name] = values;
  }
  return out;
}

/** Groups of `picked`, leaving out the empty ones. */
function grouped(groups) {
  return Object.fromEntries(Object.entries(groups).filter(([, values]) => Object.keys(values).length > 0));
}

const exported = (doc, name, value) => `/** ${doc} */
export const ${name} = ${JSON.stringify(value, null, 2)} as const;
`;

/** The names of the schemas a request body holds, however deep (what a client sends, not what it reads). */
function requestSchemas(doc) {
  const names = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (node && typeof node === "object") {
      const ref = /^#\/components\/schemas\/(.+)$/.exec(node.$ref ?? "")?.[1];
      if (ref !== undefined && !names.has(ref)) {
        names.add(ref);
        visit(doc.components.schemas[ref]);
      }
      for (const value of Object.values(node)) visit(value);
    }
  };
  for (const item of Object.values(doc.paths ?? {}))
    for (const op of Object.values(item)) visit(op?.requestBody);
  return names;
}

/**
 * The values a client checks before a request, from the document: its named scalar schemas (enums, bounds,
 * defaults, patterns), its named parameters (page_size's bounds), and the bounds of the scalar properties of its
 * object schemas and of the operations' own parameters (cloud coverage's 0..100), so no check copies a number.
 */
function schemaValues(doc) {
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const scalar = schemas.filter(([, s]) => ["string", "integer", "number", "boolean"].includes(s.type));
  const parameters = Object.entries(doc.components?.parameters ?? {}).map(([name, p]) => [name, p.schema]);
  const sent = requestSchemas(doc);
  const properties = grouped(
    Object.fromEntries(
      schemas
        .filter(([name]) => sent.has(name))
        .map(([name, s]) => [name, picked(Object.entries(s.properties ?? {}), BOUNDS)]),
    ),
  );
  const operations = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      if (typeof op?.operationId !== "string") continue;
      const inline = (op.parameters ?? []).filter((p) => !p.$ref).map((p) => [p.name, p.schema]);
      operations[op.operationId] = picked(inline, BOUNDS);
    }
  }
  return [
    exported(
      "The values of the document's named scalar schemas: what the client checks before a request.",
      "schemaValues",
      picked(scalar, KEYS),
    ),
    exported(
      "The values of the document's named parameters (`PageSize`: page_size's bounds).",
      "parameterValues",
      picked(parameters, KEYS),
    ),
    exported(
      "The bounds of the scalar properties of the schemas requests send, by schema and property.",
      "propertyValues",
      properties,
    ),
    exported(
      "The bounds of the operations' own (not named) parameters, by operationId and parameter.",
      "operationParameterValues",
      grouped(operations),
    ),
  ].join("\n");
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
