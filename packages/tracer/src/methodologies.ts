import { firstPage } from "@picterra/core/machinery";
import { type SearchPageOptions, listQuery } from "./checks";
import type { TracerMethod } from "./calls";

/** Options of `listMethodologies`: `search`, `pageNumber`, `pageSize`, `signal`. */
export type ListMethodologiesOptions = SearchPageOptions;

export const listMethodologies: TracerMethod<"listMethodologies"> = async (t, options = {}) => {
  const query = listQuery(options);
  return firstPage(t, t.api.GET("/methodologies/", { params: { query }, signal: options.signal }));
};
