import { paginate } from "../../context";
import type { TracerHandlers, TracerSchemas } from "../../documents";
import { readGrants, setGrants } from "../../handlers/account";
import { createUpload } from "../../handlers/uploads";
import type { MethodologyRecord } from "../methodologies";
import { USER_INFO } from "../state";

/** Whether a name matches a `search` (case-insensitive, in part), as DRF's SearchFilter does. */
export function matchesSearch(nameLower: string, search: unknown): boolean {
  return typeof search !== "string" || nameLower.includes(search.toLowerCase());
}

/** What a Tracer list shows: objects not archived (unless `include_archived`) whose name matches `search`, and `keep`. */
export function shown<T extends { archived: boolean; nameLower: string }>(
  items: Iterable<T>,
  query: { search?: string; include_archived?: boolean },
  keep: (item: T) => boolean,
): T[] {
  return [...items].filter(
    (x) =>
      (query.include_archived === true || !x.archived) && matchesSearch(x.nameLower, query.search) && keep(x),
  );
}

export function methodologyJson(m: MethodologyRecord): TracerSchemas["Methodology"] {
  return { id: m.id, name: m.name };
}

/** Who the key belongs to, the methodologies, uploads, operations and grants. */
export const accountHandlers = {
  getUserInfo: () => ({ status: 200, body: { ...USER_INFO } }),

  listMethodologies: (ctx) => {
    const all = [...ctx.emu.tracer.store.methodologies.values()];
    const found = all.filter((m) => matchesSearch(m.nameLower, ctx.query.search));
    return paginate(ctx, found, methodologyJson);
  },

  createUpload: (ctx) => {
    const { upload, uploadUrl } = createUpload(ctx, "tracer_file");
    return { status: 201, body: { upload_id: upload.id, upload_url: uploadUrl } };
  },

  getOperation: async (ctx) => {
    const { ops } = ctx.emu.tracer;
    const body = ops.json(await ops.poll(ctx.params.operation_id), ctx.origin);
    // Tracer's answer always carries `errors`: null unless the operation failed.
    return { status: 200, body: { ...body, errors: body.errors ?? null } };
  },

  getAuthorizationGrants: ({ emu: { tracer }, params }) =>
    readGrants(tracer.store.grants, tracer.store.grantsKey(params.kind, params.resource_id)),

  setAuthorizationGrants: ({ emu: { tracer }, params, body }) =>
    setGrants(tracer.store.grants, tracer.store.grantsKey(params.kind, params.resource_id), body.grants),
} satisfies TracerHandlers;
