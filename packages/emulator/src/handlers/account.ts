import type { Handler, RequestContext } from "../context";
import type { GrantKind, GrantRecord } from "../state";

function copyGrants(grants: readonly GrantRecord[]): GrantRecord[] {
  return grants.map((g) => ({ grantee: { type: g.grantee.type, id: g.grantee.id }, role: g.role }));
}

/** Where one API keeps its grants, and the key of the resource a grants path names (404 when there is none). */
type GrantsOf = (ctx: RequestContext) => { grants: Map<string, GrantRecord[]>; key: string };

/** `GET` and `POST` of a resource's grants, Forge's or Tracer's. */
export function grantHandlers(grantsOf: GrantsOf): Record<string, Handler> {
  return {
    getAuthorizationGrants: (ctx) => {
      const { grants, key } = grantsOf(ctx);
      return { status: 200, body: { grants: copyGrants(grants.get(key) ?? []) } };
    },

    // Whether Picterra replaces the grants or adds to them is not public: the emulator replaces them.
    setAuthorizationGrants: (ctx) => {
      const { grants, key } = grantsOf(ctx);
      const set = copyGrants((ctx.body as { grants: GrantRecord[] }).grants);
      grants.set(key, set);
      return { status: 201, body: { grants: copyGrants(set) } };
    },
  };
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

  ...grantHandlers(({ emu: { store }, params }) => ({
    grants: store.grants,
    key: store.grantTarget(params.kind as GrantKind, params.resource_id!),
  })),
};
