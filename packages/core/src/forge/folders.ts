import type { components } from "../generated/picterra-v2";
import { grantsOf, setGrants, userInfo } from "../machinery/account";
import { type PageOptions, firstPage, pageQuery } from "../machinery/pages";
import { checkId, checkIfGiven, checkString, compact } from "../machinery/validate";
import { values } from "./checks";
import { type ForgeMethod, withPath } from "./calls";
import type { CallOptions } from "./schemas";

/** The kinds of resources grants are on: "folder" or "detector". */
export type GrantKind = components["schemas"]["GrantKind"];
/** One grant: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
export type Grant = components["schemas"]["Grant"];
/** The grants on a resource: `{ grants }`. */
export type Grants = components["schemas"]["Grants"];
/** Who an API key belongs to: `{ user_id, organization_id, organization_name }`. */
export type UserInfo = components["schemas"]["UserInfo"];

export const createFolder: ForgeMethod<"createFolder"> = async (t, name, options = {}) => {
  const folder = await t.expectData(
    t.api.POST("/folders/", { body: { name: checkString("name", name) }, signal: options.signal }),
    201,
  );
  return folder.id;
};

export interface ListFoldersOptions extends PageOptions {
  /** Only the folders whose name holds this text. */
  searchString?: string;
}

export const listFolders: ForgeMethod<"listFolders"> = async (t, options = {}) => {
  const query = compact({
    search: checkIfGiven(options.searchString, (v) => checkString("searchString", v)),
    ...pageQuery(options),
  });
  return firstPage(t, t.api.GET("/folders/", { params: { query }, signal: options.signal }));
};

export const getFolder: ForgeMethod<"getFolder"> = async (t, folderId, options = {}) => {
  const folder_id = checkId("folderId", folderId);
  return t.expectData(t.api.GET("/folders/{folder_id}/", withPath({ folder_id }, options)), 200);
};

export const getUserInfo: ForgeMethod<"getUserInfo"> = async (t, options = {}) => {
  return (await userInfo(t, options.signal)) as UserInfo;
};

export const getAuthorizationGrants: ForgeMethod<"getAuthorizationGrants"> = async (
  t,
  kind,
  resourceId,
  options = {},
) => {
  // Exactly 200, as Picterra's client demands.
  return (await grantsOf(t, values, kind, resourceId, options, 200)) as Grants;
};

export interface SetGrantsOptions extends CallOptions {
  /** Who gets which role: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
  grants: Grant[];
}

export const setAuthorizationGrants: ForgeMethod<"setAuthorizationGrants"> = async (
  t,
  kind,
  resourceId,
  options,
) => {
  // Exactly 201, as Picterra's client demands.
  return (await setGrants(t, values, kind, resourceId, options, 201)) as Grants;
};
