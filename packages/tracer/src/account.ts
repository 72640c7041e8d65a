import { ValidationError, checkEnum, checkId } from "@picterra/core/machinery";
import { values } from "./checks";
import type { CallOptions, Grant, GrantKind, Grants, Tracer, UserInfo } from "./schemas";

export interface SetGrantsOptions extends CallOptions {
  /** Who gets which role: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
  grants: Grant[];
}

export async function getUserInfo(t: Tracer, options: CallOptions = {}): Promise<UserInfo> {
  return t.expectData(t.api.GET("/users/me/", { signal: options.signal }));
}

function grantsPath(kind: unknown, resourceId: unknown) {
  return {
    kind: checkEnum("kind", kind, values.GrantKind.enum),
    resource_id: checkId("resourceId", resourceId),
  };
}

export async function getAuthorizationGrants(
  t: Tracer,
  kind: GrantKind,
  resourceId: string,
  options: CallOptions = {},
): Promise<Grants> {
  const path = grantsPath(kind, resourceId);
  return t.expectData(
    t.api.GET("/authorization/grants/{kind}/{resource_id}/", { params: { path }, signal: options.signal }),
  );
}

export async function setAuthorizationGrants(
  t: Tracer,
  kind: GrantKind,
  resourceId: string,
  options: SetGrantsOptions,
): Promise<Grants> {
  const path = grantsPath(kind, resourceId);
  // Each grant's roles and grantee types are checked by the server: core keeps its grant check (forge's
  // checkGrants) to itself, and a copy here would drift from it.
  const grants = options?.grants;
  if (!Array.isArray(grants)) {
    throw new ValidationError(`grants must be an array, got ${typeof grants}`);
  }
  return t.expectData(
    t.api.POST("/authorization/grants/{kind}/{resource_id}/", {
      params: { path },
      body: { grants },
      signal: options.signal,
    }),
  );
}
