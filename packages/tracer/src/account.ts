import { grantsOf, setGrants, userInfo } from "@picterra/core/machinery";
import { values } from "./checks";
import type { CallOptions, Grant, GrantKind, Grants, Tracer, UserInfo } from "./schemas";

// The same calls as Forge's, on core's machinery, with Tracer's kinds of resources (and any 2xx, as Picterra's
// Python TracerClient accepts).

export interface SetGrantsOptions extends CallOptions {
  /** Who gets which role: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
  grants: Grant[];
}

export async function getUserInfo(t: Tracer, options: CallOptions = {}): Promise<UserInfo> {
  return (await userInfo(t, options.signal)) as UserInfo;
}

export async function getAuthorizationGrants(
  t: Tracer,
  kind: GrantKind,
  resourceId: string,
  options: CallOptions = {},
): Promise<Grants> {
  return (await grantsOf(t, values, kind, resourceId, options)) as Grants;
}

export async function setAuthorizationGrants(
  t: Tracer,
  kind: GrantKind,
  resourceId: string,
  options: SetGrantsOptions,
): Promise<Grants> {
  return (await setGrants(t, values, kind, resourceId, options)) as Grants;
}
