import type { components } from "../generated/picterra-v2";
import { grantsOf, setGrants, userInfo } from "../machinery/account";
import { type PageOptions, type ResultsPage, firstPage, pageQuery } from "../machinery/pages";
import { checkId, checkIfGiven, checkString, compact } from "../machinery/validate";
import { values } from "./checks";
import type { CallOptions, FolderDetail, Forge } from "./schemas";

/** The kinds of resources grants are on: "folder" or "detector". */
export type GrantKind = components["schemas"]["GrantKind"];
/** One grant: `{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }`. */
export type Grant = components["schemas"]["Grant"];
/** The grants on a resource: `{ grants }`. */
export type Grants = components["schemas"]["Grants"];
/** Who an API key belongs to: `{ user_id, organization_id, organization_name }`. */
export type UserInfo = components["schemas"]["UserInfo"];

export async function createFolder(t: Forge, name: string, options: CallOptions = {}): Promise<string> {
  const folder = await t.expectData(
    t.api.POST("/folders/", { body: { name: checkString("name", name) }, signal: options.signal }),
    201,
  );
  return folder.id;
}

export interface ListFoldersOptions extends PageOptions {
  /** Only the folders whose name holds this text. */
  searchString?: string;
}

export async function listFolders(
  t: Forge,
  options: ListFoldersOptions = {},
): Promise<ResultsPage<FolderDetail>> {
  const query = compact({
    search: checkIfGiven(options.searchString, (v) => checkString("searchString", v)),
    ...pageQuery(options),
  });
  return firstPage(t, t.api.GET("/folders/", { params: { query }, signal: options.signal }));
}

export async function getFolder(
  t: Forge,
  folderId: string,
  options: CallOptions = {},
): Promise<FolderDetail> {
  const folder_id = checkId("folderId", folderId);
  return t.expectData(
    t.api.GET("/folders/{folder_id}/", { params: { path: { folder_id } }, signal: options.signal }),
    200,
  );
}

export async function getUserInfo(t: Forge, options: CallOptions = {}): Promise<UserInfo> {
  return (await userInfo(t, options.signal)) as UserInfo;
}

export async function getAuthorizationGrants(
  t: Forge,
  kind: GrantKind,
  resourceId: string,
  options: CallOptions = {},
): Promise<Grants> {
  // Exactly 200, as Picterra's client demands.
  return (await grantsOf(t, values, kind, resourceId, options, 200)) as Grants;
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
  // Exactly 201, as Picterra's client demands.
  return (await setGrants(t, values, kind, resourceId, options, 201)) as Grants;
}
