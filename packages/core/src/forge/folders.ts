import type { components } from "../generated/picterra-v2";
import { ValidationError } from "../machinery/errors";
import { checkEnum, checkId, checkPlainObject, checkString } from "../machinery/validate";
import { values } from "./checks";
import type { CallOptions, Forge } from "./schemas";

export type GrantKind = components["schemas"]["GrantKind"];
export type Grant = components["schemas"]["Grant"];
export type Grants = components["schemas"]["Grants"];
export type UserInfo = components["schemas"]["UserInfo"];

export async function createFolder(t: Forge, name: string, options: CallOptions = {}): Promise<string> {
  const folder = await t.expectData(
    t.api.POST("/folders/", { body: { name: checkString("name", name) }, signal: options.signal }),
    201,
  );
  return folder.id;
}

export async function getUserInfo(t: Forge, options: CallOptions = {}): Promise<UserInfo> {
  return t.expectData(t.api.GET("/users/me/", { signal: options.signal }));
}

function grantsPath(kind: unknown, resourceId: unknown) {
  return {
    kind: checkEnum("kind", kind, values.GrantKind.enum),
    resource_id: checkId("resourceId", resourceId),
  };
}

export async function getAuthorizationGrants(
  t: Forge,
  kind: GrantKind,
  resourceId: string,
  options: CallOptions = {},
): Promise<Grants> {
  const path = grantsPath(kind, resourceId);
  // Exactly 200, as Picterra's client demands.
  return t.expectData(
    t.api.GET("/authorization/grants/{kind}/{resource_id}/", { params: { path }, signal: options.signal }),
    200,
  );
}

export interface SetGrantsOptions extends CallOptions {
  /** Who gets which role: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
  grants: Grant[];
}

export async function setAuthorizationGrants(
  t: Forge,
  kind: GrantKind,
  resourceId: string,
  options: SetGrantsOptions,
): Promise<Grants> {
  const path = grantsPath(kind, resourceId);
  const grants = checkGrants(options?.grants);
  // Exactly 201, as Picterra's client demands.
  return t.expectData(
    t.api.POST("/authorization/grants/{kind}/{resource_id}/", {
      params: { path },
      body: { grants },
      signal: options.signal,
    }),
    201,
  );
}

/** A list of grants as the API takes it, each checked against the document's enums. */
export function checkGrants(value: unknown, enums = values): Grant[] {
  if (!Array.isArray(value))
    throw new ValidationError(`grants must be an array of grants, got ${typeof value}`);
  return value.map((item, i) => {
    const grant = checkPlainObject(`grants[${i}]`, item);
    const grantee = checkPlainObject(`grants[${i}].grantee`, grant.grantee);
    return {
      grantee: {
        type: checkEnum(`grants[${i}].grantee.type`, grantee.type, enums.GranteeType.enum),
        id: checkId(`grants[${i}].grantee.id`, grantee.id),
      },
      role: checkEnum(`grants[${i}].role`, grant.role, enums.GrantRole.enum),
    };
  });
}
