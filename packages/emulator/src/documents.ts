import type { components as ForgeComponents, operations as ForgeOperations } from "@picterra/core";
import type { components as TracerComponents, operations as TracerOperations } from "@picterra/tracer";
import type { Handlers } from "./context";

export type { ForgeOperations, TracerOperations };

/** The schemas of Forge's document (API v2), as `@picterra/core` generates them. */
export type ForgeSchemas = ForgeComponents["schemas"];
/** The schemas of Tracer's document, as `@picterra/tracer` generates them. */
export type TracerSchemas = TracerComponents["schemas"];

/** The results of Forge's operations (one type for every kind, each field optional). */
export type ForgeResults = ForgeSchemas["OperationResults"];
/** The results of Tracer's operations (one of its kinds). */
export type TracerResults = TracerSchemas["OperationResults"];

/** Some of Forge's handlers: a file's share of the table `products.ts` completes. */
export type ForgeHandlers = Partial<Handlers<ForgeOperations>>;
/** Some of Tracer's handlers. */
export type TracerHandlers = Partial<Handlers<TracerOperations>>;
