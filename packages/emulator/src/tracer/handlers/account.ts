import { type Handler, paginate } from "../../context";
import { createUpload } from "../../handlers/uploads";
import type { MethodologyRecord } from "../methodologies";
import { type Grant, type GrantKind, USER_INFO } from "../state";
import { operationJson } from "../tracer";

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
    const op = await ctx.emu.tracer.ops.poll(ctx.params.operation_id!);
    return { status: 200, body: operationJson(op, ctx.origin) };
  },

  getAuthorizationGrants: (ctx) => {
    const { store } = ctx.emu.tracer;
    const key = store.grantsKey(ctx.params.kind as GrantKind, ctx.params.resource_id!);
    return { status: 200, body: { grants: store.grants.get(key) ?? [] } };
  },

  setAuthorizationGrants: (ctx) => {
    const { store } = ctx.emu.tracer;
    const key = store.grantsKey(ctx.params.kind as GrantKind, ctx.params.resource_id!);
    // The emulator's answer to an open question: a POST replaces the resource's grants.
    const grants = (ctx.body.grants as Grant[]).map((g) => ({ grantee: { ...g.grantee }, role: g.role }));
    store.grants.set(key, grants);
    return { status: 201, body: { grants } };
  },
};
