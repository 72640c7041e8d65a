import type { BaseContext, Handlers, Reply } from "./context";
import type { ForgeOperations } from "./documents";
import { accountHandlers } from "./handlers/account";
import { detectionHandlers } from "./handlers/detection";
import { detectorHandlers, folderHandlers } from "./handlers/detectors";
import { operationHandlers } from "./handlers/operations";
import { rasterHandlers } from "./handlers/rasters";
import { trainingHandlers } from "./handlers/training";
import { vectorLayerHandlers } from "./handlers/vector-layers";
import { Router } from "./router";
import { type Spec, TRACER_DOCUMENT, loadSpec } from "./spec";
import { tracerHandlers } from "./tracer/handlers";
import { TRACER_PREFIX } from "./tracer/tracer";

/**
 * One API the server speaks, mounted under its own path of the site as on app.picterra.ch: its OpenAPI
 * document, its router and its handlers keyed by operationId. Picterra serves more than one product under one
 * site root (Forge, the detector API, and Tracer); a second product is one more entry of `products()`.
 */
export interface Product {
  /** Where the product lives on the server, with both slashes, e.g. `/public/api/v2/`. */
  readonly prefix: string;
  readonly spec: Spec;
  readonly router: Router;
  readonly handlers: Record<string, RouteHandler>;
}

/** A handler as the app calls it, by operationId: its request checked against the document beforehand. */
export type RouteHandler = (ctx: RouteContext) => Reply | Promise<Reply>;

/** A request as the app hands it over, before the operation's types apply. */
export interface RouteContext extends BaseContext {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** Where Forge, Picterra's API v2, lives on the server. */
export const API_PREFIX = "/public/api/v2/";

const FORGE_HANDLERS: Handlers<ForgeOperations> = {
  ...rasterHandlers,
  ...detectorHandlers,
  ...folderHandlers,
  ...trainingHandlers,
  ...detectionHandlers,
  ...operationHandlers,
  ...vectorLayerHandlers,
  ...accountHandlers,
};

function product<Operations extends object>(prefix: string, spec: Spec, typed: Operations): Product {
  // The app validates each request against the document before it calls the handler of its operationId: the
  // handler's types (from the same document) say what that validation guarantees.
  const handlers = typed as unknown as Record<string, RouteHandler>;
  const missing = spec.routes.filter((r) => !handlers[r.operationId]).map((r) => r.operationId);
  if (missing.length > 0) throw new Error(`the emulator serves no handler for: ${missing.join(", ")}`);
  return { prefix, spec, router: new Router(spec.routes), handlers };
}

/** The largest `page_size` every product's document accepts: a default page may be no larger. */
export function maxPageSize(served: readonly Product[]): number {
  return Math.min(...served.map((p) => Number(p.spec.parameterSchema("PageSize").maximum)));
}

/** Every product the emulator serves; throws when a document has an operation without a handler. */
export function products(): Product[] {
  return [
    product(API_PREFIX, loadSpec(), FORGE_HANDLERS),
    product(TRACER_PREFIX, loadSpec(TRACER_DOCUMENT), tracerHandlers),
  ];
}
