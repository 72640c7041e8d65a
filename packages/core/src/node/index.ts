// The `node` export condition of @picterra/core: the same API, with API calls over node:http (see fetch.ts).
import { runtime } from "../machinery/runtime";
import { nodeFetch } from "./fetch";

runtime.apiFetch ??= nodeFetch;

export * from "../index";
