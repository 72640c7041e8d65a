import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Emu, Reply } from "./context";
import { HttpError, detail, notFound } from "./errors";
import { BODY_FAULTS, FAULT_BODIES, FaultInjector } from "./faults";
import { originOf, readBody, sendJson, sendPreflight, xmlError } from "./http";
import { Operations } from "./operations";
import { DEFAULTS, type FaultKind, type ResolvedOptions } from "./options";
import type { Product, RouteContext } from "./products";
import { type Route, toFieldErrors } from "./spec";
import type { Store } from "./state";
import { STORAGE_PREFIX, Storage } from "./storage";
import type { BodyFault } from "./storage-get";
import { Throttle } from "./throttle";
import { ANALYSIS_PAGES, sendAnalysisPage } from "./tracer/page";
import { Tracer } from "./tracer/tracer";

/** Statuses that are not answers of one operation, so the document cannot list them per operation. */
const GENERIC_STATUSES = new Set([405, 413, 415]);

/**
 * Path parameters a Picterra view reads and checks itself (a bad value is a 400 with field errors), where the
 * others are alternatives of Django's URL patterns (a bad value matches no URL: 404). The grants' `kind` is
 * one of them.
 */
const VIEW_CHECKED_PATH_PARAMETERS = new Set(["kind"]);

/**
 * The request path, top to bottom: preflight → fault → storage, or an API: product (by path prefix) → route →
 * key → throttle → method → validation → handler. A DRF view authenticates and throttles before it looks at
 * the method, so a throttled request never learns that its method was wrong.
 */
export class App {
  readonly emu: Emu;
  readonly faults: FaultInjector | null;
  readonly throttle: Throttle | null;
  requests = 0;
  fallbackOrigin = "http://127.0.0.1";

  constructor(
    private readonly options: ResolvedOptions,
    private readonly products: readonly Product[],
    store: Store,
  ) {
    this.emu = {
      store,
      storage: new Storage(options.signedUrlTtlMs),
      ops: new Operations(options.pollsUntilDone, {}),
      tracer: new Tracer(options.pollsUntilDone),
      options,
    };
    this.faults = options.faults ? new FaultInjector(options.faults) : null;
    this.throttle = options.rateLimit ? new Throttle(options.rateLimit) : null;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    this.requests++;
    const method = req.method ?? "GET";
    let path = "/";
    let status = 0;
    let fault: FaultKind | null = null;
    try {
      const url = new URL(req.url ?? "/", this.fallbackOrigin);
      path = url.pathname;
      if (method === "OPTIONS") {
        sendPreflight(req, res);
        status = 204;
        return;
      }
      const isStorage = path.startsWith(STORAGE_PREFIX);
      // Decided before anything is handled, so that a faulted request changed nothing.
      fault = this.faults?.draw(method, isStorage) ?? null;
      if (fault === "latency") await sleep(this.faults!.options.latencyMs);
      else if (fault && !BODY_FAULTS.has(fault)) {
        status = this.injectFault(fault, req, res, isStorage);
        return;
      }
      if (isStorage) {
        const bodyFault = fault && BODY_FAULTS.has(fault) ? (fault as BodyFault) : null;
        status = await this.emu.storage.handle(req, res, url, bodyFault);
      } else if (path.startsWith(ANALYSIS_PAGES)) {
        req.resume();
        status = sendAnalysisPage(req, res, this.emu.tracer.store, path);
      } else {
        const origin = originOf(req, this.fallbackOrigin);
        status = await this.api(req, res, new URL(`${url.pathname}${url.search}`, origin), origin);
      }
    } catch (error) {
      status = 500;
      if (!res.headersSent) {
        const message = error instanceof Error ? error.message : String(error);
        sendJson(req, res, 500, { detail: `emulator error: ${message}` });
      } else {
        res.destroy();
      }
    } finally {
      this.options.log?.({
        method,
        path,
        status,
        durationMs: performance.now() - started,
        ...(fault ? { fault } : {}),
      });
    }
  }

  private injectFault(fault: FaultKind, req: IncomingMessage, res: ServerResponse, storage: boolean): number {
    if (fault === "drop") {
      req.socket.destroy();
      return 0;
    }
    if (fault === "latency") return 0;
    const code = fault as keyof typeof FAULT_BODIES;
    const status = Number(code);
    const retryAfter = this.faults!.options.retryAfterSeconds;
    const headers: Record<string, string> = status === 429 ? { "Retry-After": String(retryAfter) } : {};
    req.resume();
    const body = FAULT_BODIES[code](retryAfter);
    if (storage)
      return xmlError(
        req,
        res,
        status,
        status === 429 ? "SlowDown" : "ServiceUnavailable",
        body.detail,
        headers,
      );
    sendJson(req, res, status, body, headers);
    return status;
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL, origin: string): Promise<number> {
    let route: Route | undefined;
    let product: Product | undefined;
    let reply: Reply;
    try {
      product = this.products.find((p) => url.pathname.startsWith(p.prefix));
      if (!product) throw notFound();
      const path = url.pathname.slice(product.prefix.length - 1);
      const match = product.router.match(path);
      if (!match) {
        if (!path.endsWith("/") && product.router.match(`${path}/`)) {
          throw detail(404, `Not found. Picterra API paths end with a slash: ${url.pathname}/`);
        }
        throw notFound();
      }
      const key = this.authenticate(req);
      this.admit(key);
      const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
      route = match.byMethod.get(method);
      if (!route) {
        const allow = [...match.byMethod.keys(), "OPTIONS"];
        if (allow.includes("GET")) allow.push("HEAD");
        throw detail(405, `Method "${req.method}" not allowed.`, { Allow: allow.join(", ") });
      }
      checkPath(route, match.params);
      const ctx: RouteContext = {
        emu: this.emu,
        params: match.params,
        query: this.query(route, url),
        body: await this.body(route, req),
        url,
        origin,
      };
      reply = await product.handlers[route.operationId]!(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: error.body, headers: error.headers };
    }
    req.resume();
    if (this.options.validateResponses && product && route && !GENERIC_STATUSES.has(reply.status)) {
      const problem = product.spec.checkResponse(route, reply.status, reply.body);
      if (problem) {
        reply = {
          status: 500,
          body: { detail: `the emulator's answer does not match the OpenAPI document: ${problem}` },
        };
      }
    }
    sendJson(req, res, reply.status, reply.body, reply.headers);
    return reply.status;
  }

  /** The request's API key, when it is the one the emulator accepts. */
  private authenticate(req: IncomingMessage): string {
    const key = req.headers["x-api-key"];
    const challenge = { "WWW-Authenticate": "Api-Key" };
    if (key === undefined || key === "")
      throw detail(401, "Authentication credentials were not provided.", challenge);
    if (key !== this.options.apiKey) throw detail(401, "Invalid API key.", challenge);
    return key;
  }

  /** Counts the request against its key's rate; past it, a 429 as DRF's throttle words it. */
  private admit(key: string): void {
    const wait = this.throttle?.admit(key) ?? null;
    if (wait === null) return;
    throw new HttpError(429, FAULT_BODIES["429"](wait), { "Retry-After": String(wait) });
  }

  /** The query parameters the operation documents (an empty value counts as absent, as django-filter does). */
  private query(route: Route, url: URL): Record<string, unknown> {
    const query: Record<string, unknown> = {};
    for (const name of route.queryNames) {
      const values = url.searchParams.getAll(name);
      const last = values[values.length - 1];
      // Django reads booleans in any case ("True", as Picterra's client sends them, or "true").
      if (last !== undefined && last !== "")
        query[name] = route.queryBooleans.has(name) ? last.toLowerCase() : last;
    }
    const validate = route.validateQuery?.();
    if (validate && !validate(query)) throw new HttpError(400, toFieldErrors(validate.errors, query));
    return query;
  }

  private async body(route: Route, req: IncomingMessage): Promise<unknown> {
    if (!route.body) return {};
    const raw = await readBody(req, DEFAULTS.maxJsonBytes);
    let data: unknown = {};
    if (raw.byteLength > 0) {
      const type = req.headers["content-type"] ?? "";
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
        throw detail(415, `Unsupported media type "${type}" in request.`);
      }
      try {
        data = JSON.parse(raw.toString("utf8"));
      } catch (error) {
        throw detail(400, `JSON parse error - ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const validate = route.body.validate();
    if (!validate(data)) throw new HttpError(400, toFieldErrors(validate.errors, data));
    return data;
  }
}

/** Path parameters must be what the document allows: a 404 like an unknown URL, or a 400 for view-checked ones. */
function checkPath(route: Route, params: Record<string, string>): void {
  const validate = route.validatePath?.();
  if (!validate || validate(params)) return;
  const errors = toFieldErrors(validate.errors, params);
  if (Object.keys(errors).every((name) => VIEW_CHECKED_PATH_PARAMETERS.has(name))) {
    throw new HttpError(400, errors);
  }
  throw notFound();
}
