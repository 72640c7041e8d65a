// The `node` export condition of @picterra/core: the same API, with API calls over node:http (see fetch.ts).
import { runtime } from "../machinery/runtime";
import { nodeFetch } from "./fetch";
import { lighten } from "./lighten";

runtime.apiFetch ??= nodeFetch;
runtime.lighten ??= lighten;

export * from "../index";
