import { type ResultsPage, firstPage } from "@picterra/core/machinery";
import { type SearchPageOptions, listQuery } from "./checks";
import type { Methodology, Tracer } from "./schemas";

/** Options of `listMethodologies`: `search`, `pageNumber`, `pageSize`, `signal`. */
export type ListMethodologiesOptions = SearchPageOptions;

export async function listMethodologies(
  t: Tracer,
  options: ListMethodologiesOptions = {},
): Promise<ResultsPage<Methodology>> {
  const query = listQuery(options);
  return firstPage(t, t.api.GET("/methodologies/", { params: { query }, signal: options.signal }));
}
