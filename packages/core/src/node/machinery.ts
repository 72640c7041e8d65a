// The `node` export condition of @picterra/core/machinery (e.g. for @picterra/tracer in Node).
import { runtime } from "../machinery/runtime";
import { nodeFetch } from "./fetch";
import { lighten } from "./lighten";

runtime.apiFetch ??= nodeFetch;
runtime.lighten ??= lighten;

export * from "../machinery/index";
