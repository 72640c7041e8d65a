import { ValidationError } from "./errors";
import type { AnyTransport } from "./transport";
import { checkEnum, checkId, checkPlainObject } from "./validate";

// Every Picterra API answers these the same way under its own base: who the key belongs to, and who may see or
// edit which of its resources. Only the kinds of resources (and the statuses Forge's client demands) differ.

/** One role granted to one user or organization. */
export interface Grant {
  /** Who is granted the role. */
  grantee: {
    /** The kind of grantee, one of the API's `GranteeType` values (e.g. `user`, `organization`). */
    type: string;
    /** The grantee's id. */
    id: string;
  };
  /** The role granted, one of the API's `GrantRole` values (e.g. `viewer`, `editor`). */
  role: string;
}

/** The allowed values of an API's grants, from its document: resource kinds, grantee types, roles. */
export interface GrantValues {
  /** The kinds of resources that have grants (the `kind` of the grants calls). */
  GrantKind: {
    /** The allowed values. */
    enum: readonly string[];
  };
  /** The kinds of grantees. */
  GranteeType: {
    /** The allowed values. */
    enum: readonly string[];
  };
  /** The roles a grant can give. */
  GrantRole: {
    /** The allowed values. */
    enum: readonly string[];
  };
}

/** Options of the grants calls: `signal`, and the exact success status when the API's client demands one. */
export interface GrantCallOptions {
  /** Aborts the call at once. */
  signal?: AbortSignal;
}

/** Who the API key belongs to (`GET users/me/`). */
export function userInfo(t: AnyTransport, signal?: AbortSignal): Promise<unknown> {
  return t.request("get", "/users/me/", { signal });
}

function grantsPath(values: GrantValues, kind: unknown, resourceId: unknown) {
  return {
    kind: checkEnum("kind", kind, values.GrantKind.enum),
    resource_id: checkId("resourceId", resourceId),
  };
}

/** The grants on a resource; `expected` is the exact success status, when the API's client demands one. */
export function grantsOf(
  t: AnyTransport,
  values: GrantValues,
  kind: unknown,
  resourceId: unknown,
  options: GrantCallOptions,
  expected?: number,
): Promise<unknown> {
  const path = grantsPath(values, kind, resourceId);
  return t.request(
    "get",
    "/authorization/grants/{kind}/{resource_id}/",
    { params: { path }, signal: options.signal },
    expected,
  );
}

/** Sets the grants on a resource (each checked against `values`) and answers them as stored. */
export function setGrants(
  t: AnyTransport,
  values: GrantValues,
  kind: unknown,
  resourceId: unknown,
  options: GrantCallOptions & { grants: readonly Grant[] },
  expected?: number,
): Promise<unknown> {
  const path = grantsPath(values, kind, resourceId);
  const body = { grants: checkGrants(options?.grants, values) };
  return t.request(
    "post",
    "/authorization/grants/{kind}/{resource_id}/",
    { params: { path }, body, signal: options.signal },
    expected,
  );
}

/** A list of grants as the API takes it, each checked against the document's enums. */
export function checkGrants(value: unknown, values: GrantValues): Grant[] {
  if (!Array.isArray(value))
    throw new ValidationError(`grants must be an array of grants, got ${typeof value}`);
  return value.map((item, i) => {
    const grant = checkPlainObject(`grants[${i}]`, item);
    const grantee = checkPlainObject(`grants[${i}].grantee`, grant.grantee);
    return {
      grantee: {
        type: checkEnum(`grants[${i}].grantee.type`, grantee.type, values.GranteeType.enum),
        id: checkId(`grants[${i}].grantee.id`, grantee.id),
      },
      role: checkEnum(`grants[${i}].role`, grant.role, values.GrantRole.enum),
    };
  });
}
