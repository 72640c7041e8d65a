import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Emu, Handler, Reply, RequestContext } from "./context";
import { HttpError, detail, notFound } from "./errors";
import { FAULT_BODIES, FaultInjector } from "./faults";
import { footprint } from "./geo";
import { detectorHandlers, folderHandlers } from "./handlers/detectors";
import { operationHandlers } from "./handlers/operations";
import { rasterHandlers } from "./handlers/rasters";
import { vectorLayerHandlers } from "./handlers/vector-layers";
import { originOf, readBody, sendJson, sendPreflight } from "./http";
import { Operations } from "./operations";
import {
  DEFAULTS,
  type EmulatorOptions,
  type FaultKind,
  type ResolvedOptions,
  resolveOptions,
} from "./options";
import { Router } from "./router";
import { type Route, type Spec, loadSpec, toFieldErrors } from "./spec";
import { Store } from "./state";
import { STORAGE_PREFIX, Storage, xmlError } from "./storage";
import { type EmulatorState, snapshot } from "./snapshot";
import { tracerHandlers } from "./tracer/handlers";
import { ANALYSIS_PAGES, sendAnalysisPage } from "./tracer/page";
import type { ArchivableKind } from "./tracer/state";
import { TRACER_DOCUMENT, TRACER_PREFIX, Tracer } from "./tracer/tracer";

/** Where the API lives on the server, as on app.picterra.ch. */
export const API_PREFIX = "/public/api/v2/";

const HANDLERS: Record<string, Handler> = {
  ...rasterHandlers,
  ...detectorHandlers,
  ...folderHandlers,
  ...operationHandlers,
  ...vectorLayerHandlers,
};

/** One API the server answers under the site root: its path prefix, its document and its handlers. */
interface Api {
  prefix: string;
  spec: Spec;
  router: Router;
  handlers: Record<string, Handler>;
}

/** Statuses that are not answers of one operation, so the document cannot list them per operation. */
const GENERIC_STATUSES = new Set([405, 413, 415]);

/** Counters of what the emulator has done since it started. */
export interface EmulatorStats {
  /** Every request, API and storage (preflights included). */
  requests: number;
  /** Injected faults. */
  faults: number;
  /** Completed storage PUTs. */
  uploads: number;
  /** Bytes those PUTs stored. */
  bytesStored: number;
}

/** A running emulator. */
export interface Emulator {
  /** The API base URL, with its trailing slash: `http://127.0.0.1:<port>/public/api/v2/`. */
  readonly url: string;
  /** Tracer's base URL (plots analysis API v1), with its trailing slash: `http://127.0.0.1:<port>/public/api/plots_analysis/v1/`. */
  readonly tracerUrl: string;
  /** The API key it accepts. */
  readonly apiKey: string;
  readonly port: number;
  /** Where uploaded bytes and results are stored. */
  readonly dataDir: string;
  /** Stops the server (dropping open connections) and deletes the data folder it created. */
  close(): Promise<void>;
  /** Request, fault and upload counters. */
  stats(): EmulatorStats;
  /** A read-only copy of the whole state (folders, rasters, detectors, operations, ...). */
  state(): EmulatorState;
  /** Creates `count` ready rasters (with footprints, no upload) in a folder, e.g. for pagination; returns their ids. */
  seedRasters(count: number, folderId?: string): string[];
  /**
   * Archives a Tracer plots group, analysis or report, as a user does in Picterra's web interface (the API
   * cannot), so that lists leave it out unless asked to `include_archived`.
   */
  archive(kind: ArchivableKind, id: string): void;
}

/** Starts a local, stateful Picterra server (API v2 and Tracer) with its signed-URL storage. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const opts = resolveOptions(options);
  const apis = [
    apiOf(API_PREFIX, loadSpec(), HANDLERS),
    apiOf(TRACER_PREFIX, loadSpec(TRACER_DOCUMENT), tracerHandlers),
  ];

  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "picterra-emulator-")));
  if (!ownDir) await mkdir(dataDir, { recursive: true });

  const app = new App(opts, apis, new Store(dataDir));
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 5_000 }, (req, res) => {
    void app.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === "0.0.0.0" || opts.host === "::" ? "127.0.0.1" : opts.host;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  app.fallbackOrigin = origin;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${API_PREFIX}`,
    tracerUrl: `${origin}${TRACER_PREFIX}`,
    apiKey: opts.apiKey,
    port,
    dataDir,
    close: () => {
      closing ??= closeServer(server).then(() =>
        ownDir ? rm(dataDir, { recursive: true, force: true }) : undefined,
      );
      return closing;
    },
    stats: () => ({
      requests: app.requests,
      faults: app.faults?.count ?? 0,
      uploads: app.emu.storage.stats.uploads,
      bytesStored: app.emu.storage.stats.bytesStored,
    }),
    state: () => snapshot(app.emu),
    seedRasters: (count, folderId) => seedRasters(app.emu, count, folderId),
    archive: (kind, id) => app.emu.tracer.store.archive(kind, id),
  };
}

function apiOf(prefix: string, spec: Spec, handlers: Record<string, Handler>): Api {
  const missing = spec.routes.filter((r) => !handlers[r.operationId]).map((r) => r.operationId);
  if (missing.length > 0) throw new Error(`the emulator serves no handler for: ${missing.join(", ")}`);
  return { prefix, spec, router: new Router(spec.routes), handlers };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function seedRasters(emu: Emu, count: number, folderId?: string): string[] {
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
      footprint: footprint(4326, [w, s, w + 0.01, s + 0.01], 256, 256, true),
    });
    ids.push(raster.id);
  }
  return ids;
}

/** The request path: preflight → fault → storage or API (route → key → method → validation → handler). */
class App {
  readonly emu: Emu;
  readonly faults: FaultInjector | null;
  requests = 0;
  fallbackOrigin = "http://127.0.0.1";

  constructor(
    private readonly options: ResolvedOptions,
    private readonly apis: Api[],
    store: Store,
  ) {
    this.emu = {
      store,
      storage: new Storage(options.signedUrlTtlMs),
      ops: new Operations(options.pollsUntilDone),
      options,
      tracer: new Tracer(options.pollsUntilDone),
    };
    this.faults = options.faults ? new FaultInjector(options.faults) : null;
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
      else if (fault) {
        status = this.injectFault(fault, req, res, isStorage);
        return;
      }
      if (isStorage) {
        status = await this.emu.storage.handle(req, res, url);
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
    const status = Number(fault);
    const retryAfter = this.faults!.options.retryAfterSeconds;
    const headers: Record<string, string> = status === 429 ? { "Retry-After": String(retryAfter) } : {};
    req.resume();
    const body = FAULT_BODIES[fault](retryAfter);
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
    let reply: Reply;
    const api = this.apis.find((a) => url.pathname.startsWith(a.prefix));
    try {
      if (!api) throw notFound();
      const path = url.pathname.slice(api.prefix.length - 1);
      const match = api.router.match(path);
      if (!match) {
        if (!path.endsWith("/") && api.router.match(`${path}/`)) {
          throw detail(404, `Not found. Picterra API paths end with a slash: ${url.pathname}/`);
        }
        throw notFound();
      }
      this.authenticate(req);
      const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
      route = match.byMethod.get(method);
      if (!route) {
        const allow = [...match.byMethod.keys(), "OPTIONS"];
        if (allow.includes("GET")) allow.push("HEAD");
        throw detail(405, `Method "${req.method}" not allowed.`, { Allow: allow.join(", ") });
      }
      if (route.validatePath && !route.validatePath()(match.params)) throw notFound();
      const ctx: RequestContext = {
        emu: this.emu,
        params: match.params,
        query: this.query(route, url),
        body: await this.body(route, req),
        url,
        origin,
      };
      reply = await api.handlers[route.operationId]!(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: error.body, headers: error.headers };
    }
    req.resume();
    if (this.options.validateResponses && api && route && !GENERIC_STATUSES.has(reply.status)) {
      const problem = api.spec.checkResponse(route, reply.status, reply.body);
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

  private authenticate(req: IncomingMessage): void {
    const key = req.headers["x-api-key"];
    const challenge = { "WWW-Authenticate": "Api-Key" };
    if (key === undefined || key === "")
      throw detail(401, "Authentication credentials were not provided.", challenge);
    if (key !== this.options.apiKey) throw detail(401, "Invalid API key.", challenge);
  }

  /** The query parameters the operation documents (an empty value counts as absent, as django-filter does). */
  private query(route: Route, url: URL): Record<string, unknown> {
    const query: Record<string, unknown> = {};
    for (const name of route.queryNames) {
      const values = url.searchParams.getAll(name);
      const last = values[values.length - 1];
      if (last !== undefined && last !== "")
        query[name] = route.queryBooleans.has(name) ? last.toLowerCase() : last;
    }
    const validate = route.validateQuery?.();
    if (validate && !validate(query)) throw new HttpError(400, toFieldErrors(validate.errors, query));
    return query;
  }

  private async body(route: Route, req: IncomingMessage): Promise<Record<string, unknown>> {
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
    return data as Record<string, unknown>;
  }
}
