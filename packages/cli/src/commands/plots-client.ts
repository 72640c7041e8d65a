import type { ClientOptions, ResultsPage } from "@picterra/core";
import type { Context } from "../context";
import { PicterraError } from "@picterra/core";

/** Tracer's grant kinds (`picterra grants` sends them to the Tracer client). */
export const TRACER_GRANT_KINDS = ["plots_group", "plots_analysis", "methodology"];

/** A plots file as Tracer's client takes it. */
export type PlotsFile = Blob;

/**
 * The methods of `@picterra/tracer`'s client that the CLI calls, described by their shape: the CLI loads that
 * package only when a `plots` command (or a Tracer grant) runs, so it installs and works without it.
 */
export interface TracerClient {
  getUserInfo(): Promise<unknown>;
  listMethodologies(options?: {
    search?: string;
    pageNumber?: number;
  }): Promise<ResultsPage<{ id: string; name: string }>>;
  createPlotsGroup(
    name: string,
    methodologyId: string,
    plotsFiles: PlotsFile[],
    options?: { columns?: Record<string, string>; signal?: AbortSignal },
  ): Promise<string>;
  updatePlotsGroupPlots(
    groupId: string,
    plotsFiles: PlotsFile[],
    options?: { deleteExistingPlots?: boolean; signal?: AbortSignal },
  ): Promise<unknown>;
  listPlotsGroups(options?: {
    search?: string;
    pageNumber?: number;
    includeArchived?: boolean;
    methodology?: string;
  }): Promise<ResultsPage<Record<string, unknown>>>;
  getPlotsGroup(id: string): Promise<Record<string, unknown>>;
  downloadPlotsGroup(
    groupId: string,
    format: "geojson" | "excel",
    options?: { signal?: AbortSignal },
  ): Promise<Response>;
  analyzePlotsPrecheck(
    groupId: string,
    analysisName: string,
    plotIds: string[],
    dateFrom: string,
    dateTo: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ status?: string; critical_count?: number; high_count?: number; errors?: unknown }>;
  analyzePlots(
    groupId: string,
    analysisName: string,
    plotIds: string[],
    dateFrom: string,
    dateTo: string,
    options?: { signal?: AbortSignal },
  ): Promise<string>;
  listPlotsAnalyses(
    groupId: string,
    options?: { pageNumber?: number },
  ): Promise<ResultsPage<Record<string, unknown>>>;
  getPlotsAnalysis(id: string): Promise<Record<string, unknown>>;
  listPlotsAnalysisReportTypes(
    analysisId: string,
    options?: { search?: string },
  ): Promise<{ report_type: string; name: string }[]>;
  createPlotsAnalysisReportPrecheck(
    analysisId: string,
    reportName: string,
    plotIds: string[],
    reportType: string,
    options?: { metadata?: Record<string, unknown>; signal?: AbortSignal },
  ): Promise<unknown>;
  createPlotsAnalysisReport(
    analysisId: string,
    reportName: string,
    plotIds: string[],
    reportType: string,
    options?: { metadata?: Record<string, unknown>; signal?: AbortSignal },
  ): Promise<string>;
  getPlotsAnalysisReport(id: string): Promise<{
    id: string;
    artifacts: { name: string; filename: string; download_url: string; content_type?: string }[];
  }>;
  getAuthorizationGrants(kind: string, id: string): Promise<unknown>;
  setAuthorizationGrants(kind: string, id: string, options: { grants: unknown[] }): Promise<unknown>;
}

/** Where Tracer's client comes from: a variable, so that bundlers and the compiler leave the import alone. */
const TRACER_PACKAGE = "@picterra/tracer";

/** Whether `@picterra/tracer` (with its client) can be loaded here. */
export async function tracerAvailable(): Promise<boolean> {
  return (await loadTracer()) !== undefined;
}

async function loadTracer(): Promise<((options: ClientOptions) => TracerClient) | undefined> {
  try {
    const module = (await import(TRACER_PACKAGE)) as {
      createTracerClient?: (options: ClientOptions) => TracerClient;
    };
    return typeof module.createTracerClient === "function" ? module.createTracerClient : undefined;
  } catch {
    return undefined;
  }
}

const clients = new WeakMap<Context, TracerClient>();

/** The Tracer client of this context (same key, base URL, throttle and retries as Forge's), made on first use. */
export async function tracerClient(ctx: Context): Promise<TracerClient> {
  const existing = clients.get(ctx);
  if (existing) return existing;
  const create = await loadTracer();
  if (!create) {
    throw new PicterraError(
      "Tracer commands need @picterra/tracer next to @picterra/cli: npm install -g @picterra/tracer",
    );
  }
  const client = create(await ctx.clientOptions());
  clients.set(ctx, client);
  return client;
}
