import { grantsOf, setGrants, userInfo } from "@picterra/core/machinery";
import { values } from "./checks";
import type { CallOptions, Grant, Grants, UserInfo } from "./schemas";
import type { TracerMethod } from "./calls";

// The same calls as Forge's, on core's machinery, with Tracer's kinds of resources (and any 2xx, as Picterra's
// Python TracerClient accepts).

export interface SetGrantsOptions extends CallOptions {
  /** Who gets which role: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
  grants: Grant[];
}

export const getUserInfo: TracerMethod<"getUserInfo"> = async (t, options = {}) => {
  return (await userInfo(t, options.signal)) as UserInfo;
};

export const getAuthorizationGrants: TracerMethod<"getAuthorizationGrants"> = async (
  t,
  kind,
  resourceId,
  options = {},
) => {
  return (await grantsOf(t, values, kind, resourceId, options)) as Grants;
};

export const setAuthorizationGrants: TracerMethod<"setAuthorizationGrants"> = async (
  t,
  kind,
  resourceId,
  options,
) => {
  return (await setGrants(t, values, kind, resourceId, options)) as Grants;
};
