import type { Handlers } from "../../context";
import type { TracerOperations } from "../../documents";
import { accountHandlers } from "./account";
import { analysisHandlers } from "./analyses";
import { plotsGroupHandlers } from "./plots-groups";
import { reportHandlers } from "./reports";

/** Tracer's handlers, keyed by the `operationId`s of its OpenAPI document. */
export const tracerHandlers: Handlers<TracerOperations> = {
  ...accountHandlers,
  ...plotsGroupHandlers,
  ...analysisHandlers,
  ...reportHandlers,
};
