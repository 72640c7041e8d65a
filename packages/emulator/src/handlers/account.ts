import type { Handler } from "../context";
import type { GrantKind, GrantRecord } from "../state";

function copyGrants(grants: readonly GrantRecord[]): GrantRecord[] {
  return grants.map((g) => ({ grantee: { type: g.grantee.type, id: g.grantee.id }, role: g.role }));
}

export const accountHandlers: Record<string, Handler> = {
  getUserInfo: (ctx) => {
    const { account } = ctx.emu.store;
    return {
      status: 200,
      body: {
        organization_id: account.organizationId,
        user_id: account.userId,
        organization_name: account.organizationName,
      },
    };
  },

  getAuthorizationGrants: (ctx) => {
    const { store } = ctx.emu;
    const key = store.grantTarget(ctx.params.kind as GrantKind, ctx.params.resource_id!);
    return { status: 200, body: { grants: copyGrants(store.grants.get(key) ?? []) } };
  },

  // Whether Picterra replaces the grants or adds to them is not public: the emulator replaces them.
  setAuthorizationGrants: (ctx) => {
    const { store } = ctx.emu;
    const key = store.grantTarget(ctx.params.kind as GrantKind, ctx.params.resource_id!);
    const grants = copyGrants((ctx.body as { grants: GrantRecord[] }).grants);
    store.grants.set(key, grants);
    return { status: 201, body: { grants: copyGrants(grants) } };
  },
};
