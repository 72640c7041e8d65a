// The `node` export condition of @picterra/core/machinery (e.g. for @picterra/tracer in Node).
import { runtime } from "../machinery/runtime";
import { nodeFetch } from "./fetch";

runtime.apiFetch ??= nodeFetch;

export * from "../machinery/index";
