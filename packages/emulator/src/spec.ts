import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** The HTTP methods an OpenAPI path item can hold that the API uses. */
const METHODS = ["get", "put", "post", "delete"] as const;

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Json;
}

/** One operation of the OpenAPI document, ready to match requests and validate them. */
export interface Route {
  operationId: string;
  method: string;
  /** The path template, relative to the base URL, e.g. `/rasters/{raster_id}/`. */
  template: string;
  segments: string[];
  literalCount: number;
  /** Validators are compiled on first use: compiling all of them costs more than most runs use. */
  validatePath: (() => ValidateFunction) | null;
  validateQuery: (() => ValidateFunction) | null;
  queryNames: string[];
  /** Boolean query parameters: Django reads `True` as well as `true`, so the server lower-cases them. */
  queryBooleans: Set<string>;
  /** The body validator, or null when the operation takes no body. */
  body: { required: boolean; validate: () => ValidateFunction } | null;
  /** Documented status → the JSON schema of that answer (null when it has no JSON body). */
  responses: Map<number, Json | null>;
}

export interface Spec {
  routes: Route[];
  /** The `default` of each DetectorConfiguration setting: what a new detector gets for what it leaves out. */
  detectorDefaults: Record<string, unknown>;
  /** The `default` of a named schema of the document (e.g. `Multispectral`); throws when it has none. */
  schemaDefault(name: string): unknown;
  /** The schema of a named parameter of the document (e.g. `PageSize`, with its bounds); throws when it has none. */
  parameterSchema(name: string): Json;
  /** Validates a JSON answer against the document (compiled on first use). */
  checkResponse(route: Route, status: number, body: unknown): string | null;
}

const DOC_ID = "picterra-v2.yaml";

/**
 * Django's `parse_datetime` accepts ISO 8601 with optional seconds and zone; JSON Schema's `date-time` (RFC 3339)
 * needs both, and a DRF server answers what Django parses.
 */
const DRF_DATETIME =
  /^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{1,2}(?::\d{1,2}(?:[.,]\d{1,6}\d{0,6})?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Forge's document. */
export const FORGE_DOCUMENT = "@picterra/core/openapi.yaml";
/** The document the emulator validates Tracer requests against. */
export const TRACER_DOCUMENT = "@picterra/tracer/openapi.yaml";

const cached = new Map<string, Spec>();

/**
 * An OpenAPI document a package exports (by its module specifier), compiled once per process (it never changes
 * while running).
 */
export function loadSpec(document: string = FORGE_DOCUMENT): Spec {
  let spec = cached.get(document);
  if (!spec) {
    spec = compileSpec(readDocument(document));
    cached.set(document, spec);
  }
  return spec;
}

function readDocument(document: string): Json {
  // tsup's shims give the CJS build an import.meta.url, so one line serves both builds.
  const require = createRequire(import.meta.url);
  const file = require.resolve(document);
  return parse(readFileSync(file, "utf8")) as Json;
}

function newAjv(coerce: boolean) {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    coerceTypes: coerce,
    useDefaults: coerce,
    validateFormats: true,
    validateSchema: false,
  });
  addFormats(ajv);
  ajv.addFormat("date-time", {
    type: "string",
    validate: (value: string) =>
      DRF_DATETIME.test(value) && !Number.isNaN(Date.parse(value.replace(" ", "T"))),
  });
  return ajv;
}

/** Compiles a document into routes; exported for tests that feed it a document of their own. */
export function compileSpec(doc: Json): Spec {
  const components = (doc.components ?? {}) as Json;
  const bodies = newAjv(false);
  const queries = newAjv(true);
  const strictFormats = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
  addFormats(strictFormats);
  for (const ajv of [bodies, queries, strictFormats]) ajv.addSchema({ $id: DOC_ID, components });

  const resolve = <T>(value: unknown): T => {
    let current = value as Json;
    for (let depth = 0; typeof current?.$ref === "string" && depth < 10; depth++) {
      current = pointer(doc, current.$ref as string) as Json;
    }
    return current as T;
  };

  const routes: Route[] = [];
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  for (const [template, item] of Object.entries(paths)) {
    const shared = ((item.parameters ?? []) as unknown[]).map((p) => resolve<Parameter>(p));
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = ((op.parameters ?? []) as unknown[]).map((p) => resolve<Parameter>(p));
      const params = mergeParameters(shared, own);
      const segments = template.split("/").filter((s) => s !== "");
      const route: Route = {
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        template,
        segments,
        literalCount: segments.filter((s) => !s.startsWith("{")).length,
        validatePath: objectValidator(
          bodies,
          params.filter((p) => p.in === "path"),
        ),
        validateQuery: objectValidator(
          queries,
          params.filter((p) => p.in === "query"),
        ),
        queryNames: params.filter((p) => p.in === "query").map((p) => p.name),
        queryBooleans: new Set(
          params
            .filter((p) => p.in === "query" && resolve<Json>(p.schema)?.type === "boolean")
            .map((p) => p.name),
        ),
        body: null,
        responses: new Map(),
      };
      const requestBody = op.requestBody ? resolve<Json>(op.requestBody) : undefined;
      const bodySchema = (requestBody?.content as Json | undefined)?.["application/json"] as Json | undefined;
      if (requestBody && bodySchema?.schema) {
        route.body = {
          required: requestBody.required === true,
          validate: lazy(() => bodies.compile(rebase(bodySchema.schema))),
        };
      }
      for (const [status, response] of Object.entries((op.responses ?? {}) as Json)) {
        const content = (resolve<Json>(response).content as Json | undefined)?.["application/json"] as
          | Json
          | undefined;
        route.responses.set(Number(status), content?.schema ? (content.schema as Json) : null);
      }
      routes.push(route);
    }
  }

  const detectorDefaults: Record<string, unknown> = {};
  const settings = (resolve<Json>(components.schemas && (components.schemas as Json).DetectorConfiguration)
    ?.properties ?? {}) as Json;
  for (const [name, schema] of Object.entries(settings)) {
    const value = resolve<Json>(schema)?.default;
    if (value === undefined) throw new Error(`the document gives DetectorConfiguration.${name} no default`);
    detectorDefaults[name] = value;
  }

  const responseValidators = new Map<string, ValidateFunction>();
  return {
    routes,
    detectorDefaults,
    schemaDefault(name) {
      const value = resolve<Json | undefined>((components.schemas as Json | undefined)?.[name])?.default;
      if (value === undefined) throw new Error(`the document gives the schema ${name} no default`);
      return value;
    },
    parameterSchema(name) {
      const parameter = resolve<Parameter | undefined>((components.parameters as Json | undefined)?.[name]);
      if (!parameter?.schema) throw new Error(`the document has no parameter ${name}`);
      return resolve<Json>(parameter.schema);
    },
    checkResponse(route, status, body) {
      if (!route.responses.has(status)) {
        return `status ${status} is not documented for ${route.operationId}`;
      }
      const schema = route.responses.get(status);
      if (!schema) return body === undefined ? null : `${route.operationId} ${status} has no documented body`;
      const key = `${route.operationId} ${status}`;
      let validate = responseValidators.get(key);
      if (!validate) {
        validate = strictFormats.compile(rebase(schema));
        responseValidators.set(key, validate);
      }
      return validate(body) ? null : strictFormats.errorsText(validate.errors);
    },
  };
}

function mergeParameters(shared: Parameter[], own: Parameter[]): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
}

function objectValidator(
  ajv: InstanceType<typeof Ajv2020>,
  params: Parameter[],
): (() => ValidateFunction) | null {
  if (params.length === 0) return null;
  const properties: Json = {};
  for (const p of params) properties[p.name] = rebase(p.schema ?? {});
  const required = params.filter((p) => p.required).map((p) => p.name);
  return lazy(() => ajv.compile({ type: "object", properties, required }));
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/** Compiles every validator now (a test does, so that a document ajv cannot compile fails at once). */
export function compileAll(spec: Spec): void {
  for (const route of spec.routes) {
    route.validatePath?.();
    route.validateQuery?.();
    route.body?.validate();
  }
}

/** Points the document's local `#/...` references at the copy of its components the validators hold. */
function rebase(schema: unknown): Json {
  return JSON.parse(
    JSON.stringify(schema, (key, value) =>
      key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${DOC_ID}${value}` : value,
    ),
  ) as Json;
}

function pointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}: only local references are resolved`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = (node as Json | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

/** A nested DRF error map: `{"field": ["message"], "nested": {"field": [...]}}`. */
export interface FieldErrors {
  [field: string]: string[] | FieldErrors;
}

/** Turns ajv's errors into Django REST Framework's validation error body. */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, data: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors ?? []) {
    const path = error.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
    if (error.keyword === "required") path.push(String(error.params.missingProperty));
    if (error.keyword === "additionalProperties") path.push(String(error.params.additionalProperty));
    if (error.keyword === "anyOf" || error.keyword === "oneOf" || error.keyword === "if") continue;
    const message = messageOf(error, valueAt(data, error.instancePath));
    addFieldError(out, path.length === 0 ? ["non_field_errors"] : path, message);
  }
  return out;
}

/** Adds a message at a path of nested field errors (`["files", "0", "upload_id"]`). */
export function addFieldError(out: FieldErrors, path: string[], message: string): void {
  let node = out;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (Array.isArray(next)) {
      // The parent already failed as a whole; its message says enough.
      return;
    }
    node[key] = next ?? {};
    node = node[key] as FieldErrors;
  }
  const last = path[path.length - 1]!;
  const existing = node[last];
  if (existing === undefined) node[last] = [message];
  else if (Array.isArray(existing) && !existing.includes(message)) existing.push(message);
}

function valueAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const raw of instancePath.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = (node as Json | undefined)?.[key];
  }
  return node;
}

function jsonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "dict";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  return "str";
}

function messageOf(error: ErrorObject, value: unknown): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "This field is required.";
    case "additionalProperties":
      return "Unknown field.";
    case "enum":
    case "const":
      return `"${typeof value === "string" ? value : JSON.stringify(value)}" is not a valid choice.`;
    case "minimum":
      return `Ensure this value is greater than or equal to ${p.limit}.`;
    case "maximum":
      return `Ensure this value is less than or equal to ${p.limit}.`;
    case "exclusiveMinimum":
      return `Ensure this value is greater than ${p.limit}.`;
    case "exclusiveMaximum":
      return `Ensure this value is less than ${p.limit}.`;
    case "minLength":
      return p.limit === 1
        ? "This field may not be blank."
        : `Ensure this field has at least ${p.limit} characters.`;
    case "maxLength":
      return `Ensure this field has no more than ${p.limit} characters.`;
    case "minItems":
      return `Ensure this field has at least ${p.limit} elements.`;
    case "maxItems":
      return `Ensure this field has no more than ${p.limit} elements.`;
    case "pattern":
      return "This value does not match the required pattern.";
    case "format":
      if (p.format === "date-time") {
        return "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
      }
      if (p.format === "uri") return "Enter a valid URL.";
      if (p.format === "date") return "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";
      return `Enter a valid ${String(p.format)}.`;
    case "type": {
      const wanted = String(p.type)
        .split(",")
        .filter((t) => t !== "null");
      if (value === null) return "This field may not be null.";
      switch (wanted[0]) {
        case "integer":
          return "A valid integer is required.";
        case "number":
          return "A valid number is required.";
        case "string":
          return "Not a valid string.";
        case "boolean":
          return "Must be a valid boolean.";
        case "array":
          return `Expected a list of items but got type "${jsonType(value)}".`;
        case "object":
          return error.instancePath === ""
            ? `Invalid data. Expected a dictionary, but got ${jsonType(value)}.`
            : `Expected a dictionary of items but got type "${jsonType(value)}".`;
        default:
          return error.message ?? "Invalid value.";
      }
    }
    default:
      return error.message ?? "Invalid value.";
  }
}
