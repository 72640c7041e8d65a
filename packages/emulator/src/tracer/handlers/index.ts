import type { Handler } from "../../context";
import { accountHandlers } from "./account";
import { analysisHandlers } from "./analyses";
import { plotsGroupHandlers } from "./plots-groups";
import { reportHandlers } from "./reports";

/** Tracer's handlers, keyed by the `operationId`s of its OpenAPI document. */
export const tracerHandlers: Record<string, Handler> = {
  ...accountHandlers,
  ...plotsGroupHandlers,
  ...analysisHandlers,
  ...reportHandlers,
};
