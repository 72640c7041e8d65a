import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "./app";
import { type EmulatorOptions, resolveOptions } from "./options";
import { API_PREFIX, maxPageSize, products } from "./products";
import { seedRasters } from "./seed";
import { type EmulatorState, snapshot } from "./snapshot";
import type { ArchivableKind } from "./tracer/state";
import { TRACER_PREFIX } from "./tracer/tracer";
import { Store } from "./state";

export { API_PREFIX } from "./products";

/** Counters of what the emulator has done since it started. */
export interface EmulatorStats {
  /** Every request, API and storage (preflights included). */
  requests: number;
  /** Injected faults. */
  faults: number;
  /** API requests the rate limit refused with 429 (not counted in `faults`). */
  throttled: number;
  /** Completed storage PUTs. */
  uploads: number;
  /** Bytes those PUTs stored. */
  bytesStored: number;
}

/** A running emulator. */
export interface Emulator {
  /**
   * The site root, with its trailing slash: `http://127.0.0.1:<port>/`. Picterra's 2026 clients take the site
   * root as their base URL (`https://app.picterra.ch/`) and join each product's path onto it.
   */
  readonly siteUrl: string;
  /** The Forge API (v2) base URL, with its trailing slash: `http://127.0.0.1:<port>/public/api/v2/`. */
  readonly url: string;
  /** Tracer's base URL (plots analysis API v1), with its trailing slash: `http://127.0.0.1:<port>/public/api/plots_analysis/v1/`. */
  readonly tracerUrl: string;
  /** The API key it accepts. */
  readonly apiKey: string;
  /** The port it listens on (the one picked when `port` was 0). */
  readonly port: number;
  /** Where uploaded bytes and results are stored. */
  readonly dataDir: string;
  /** Stops the server (dropping open connections) and deletes the data folder it created. */
  close(): Promise<void>;
  /** Request, fault, throttle and upload counters. */
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

/** Starts a local, stateful Picterra server (API v2 and Tracer under one site root) with its signed-URL storage. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const served = products();
  const opts = resolveOptions(options, { maxPageSize: maxPageSize(served) });

  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "picterra-emulator-")));
  if (!ownDir) await mkdir(dataDir, { recursive: true });

  const app = new App(opts, served, new Store(dataDir));
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
    siteUrl: `${origin}/`,
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
      throttled: app.throttle?.throttled ?? 0,
      uploads: app.emu.storage.stats.uploads,
      bytesStored: app.emu.storage.stats.bytesStored,
    }),
    state: () => snapshot(app.emu),
    seedRasters: (count, folderId) => seedRasters(app.emu, count, folderId),
    archive: (kind, id) => app.emu.tracer.store.archive(kind, id),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
