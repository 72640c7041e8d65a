import type { ForgeHandlers } from "../documents";
import type { GrantRecord } from "../state";

function copyGrants(grants: readonly GrantRecord[]): GrantRecord[] {
  return grants.map((g) => ({ grantee: { type: g.grantee.type, id: g.grantee.id }, role: g.role }));
}

/** The grants of a resource (`key`) of one API's grants, Forge's or Tracer's: none at first. */
export function readGrants(grants: Map<string, GrantRecord[]>, key: string) {
  return { status: 200 as const, body: { grants: copyGrants(grants.get(key) ?? []) } };
}

/** Sets the grants of a resource: whether Picterra replaces the grants or adds to them is not public, the emulator replaces them. */
export function setGrants(grants: Map<string, GrantRecord[]>, key: string, given: readonly GrantRecord[]) {
  const set = copyGrants(given);
  grants.set(key, set);
  return { status: 201 as const, body: { grants: copyGrants(set) } };
}

export const accountHandlers = {
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

  getAuthorizationGrants: ({ emu: { store }, params }) =>
    readGrants(store.grants, store.grantTarget(params.kind, params.resource_id)),

  setAuthorizationGrants: ({ emu: { store }, params, body }) =>
    setGrants(store.grants, store.grantTarget(params.kind, params.resource_id), body.grants),
} satisfies ForgeHandlers;
