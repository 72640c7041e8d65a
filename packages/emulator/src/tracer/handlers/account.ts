import { type Handler, paginate } from "../../context";
import { grantHandlers } from "../../handlers/account";
import { createUpload } from "../../handlers/uploads";
import type { MethodologyRecord } from "../methodologies";
import { type GrantKind, USER_INFO } from "../state";

/** Whether a name matches a `search` (case-insensitive, in part), as DRF's SearchFilter does. */
export function matchesSearch(nameLower: string, search: unknown): boolean {
  return typeof search !== "string" || nameLower.includes(search.toLowerCase());
}

export function methodologyJson(m: MethodologyRecord): Record<string, unknown> {
  return { id: m.id, name: m.name };
}

/** Who the key belongs to, the methodologies, uploads, operations and grants. */
export const accountHandlers: Record<string, Handler> = {
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
    const body = ops.json(await ops.poll(ctx.params.operation_id!), ctx.origin);
    // Tracer's answer always carries `errors`: null unless the operation failed.
    return { status: 200, body: { ...body, errors: body.errors ?? null } };
  },

  ...grantHandlers(({ emu: { tracer }, params }) => ({
    grants: tracer.store.grants,
    key: tracer.store.grantsKey(params.kind as GrantKind, params.resource_id!),
  })),
};
