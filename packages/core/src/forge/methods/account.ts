import type { ResultsPage } from "../../machinery/pages";
import type { CallOptions, FolderDetail } from "../schemas";
import type { GrantKind, Grants, ListFoldersOptions, SetGrantsOptions, UserInfo } from "../folders";

// The folder, account and grant methods of `PicterraClient`, as the API reference shows them; src/client.ts's
// table must match.

/** The folder, user and grant methods of {@link PicterraClient}. */
export interface AccountMethods {
  /**
   * Creates a folder (a project, in Picterra's web interface).
   *
   * Python: `create_folder`.
   *
   * @param name The folder's name.
   * @param options `signal`.
   * @returns The new folder's id.
   * @throws {@link ValidationError} an empty name, before any request.
   * @throws {@link APIError} Picterra refused it.
   * @group Folders, users and grants
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const folderId = await picterra.createFolder("drone survey 2025");
   * const page = await picterra.listRasters({ folderId });
   * console.log(folderId, page.count); // a new folder holds no raster
   * ```
   */
  createFolder(name: string, options?: CallOptions): Promise<string>;

  /**
   * Lists the folders (projects) the key's user can open, one page at a time, as Picterra's QGIS plugin lists
   * them. Not in Picterra's Python client.
   *
   * Python: none (the QGIS plugin's `GET folders/`).
   *
   * @param options `searchString` (folders whose name holds it), `pageNumber`, `pageSize`, `signal`.
   * @returns The first page asked for (a {@link ResultsPage}) of `{ id, name, created_at }`; `for await` goes
   * through every folder of every page.
   * @throws {@link ValidationError} a bad page number or size, before any request.
   * @throws {@link APIError} Picterra refused it.
   * @group Folders, users and grants
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * await picterra.createFolder("drone survey 2025");
   * const page = await picterra.listFolders({ searchString: "drone" });
   * for await (const folder of page.all()) console.log(folder.id, folder.name);
   * ```
   */
  listFolders(options?: ListFoldersOptions): Promise<ResultsPage<FolderDetail>>;

  /**
   * A folder's id, name and creation time. Not in Picterra's Python client.
   *
   * Python: none (the QGIS plugin's `GET folders/{id}/`).
   *
   * @param folderId The folder's id.
   * @param options `signal`.
   * @returns `{ id, name, created_at }`.
   * @throws {@link ValidationError} a bad id, before any request.
   * @throws {@link APIError} an unknown folder (404) or another error status.
   * @group Folders, users and grants
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const folderId = await picterra.createFolder("drone survey 2025");
   * const folder = await picterra.getFolder(folderId);
   * console.log(folder.name, folder.created_at);
   * ```
   */
  getFolder(folderId: string, options?: CallOptions): Promise<FolderDetail>;

  /**
   * (alpha) Who the API key belongs to.
   *
   * Python: `get_user_info`.
   *
   * @param options `signal`.
   * @returns `{ user_id, organization_id, organization_name }`.
   * @throws {@link APIError} a key Picterra does not know (401) or another error status.
   * @group Folders, users and grants
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const me = await picterra.getUserInfo();
   * console.log(`${me.user_id} of ${me.organization_name}`);
   * ```
   */
  getUserInfo(options?: CallOptions): Promise<UserInfo>;

  /**
   * (beta) Who was granted which role on a folder or a detector.
   *
   * Python: `get_authorization_grants`.
   *
   * @param kind "folder" or "detector".
   * @param resourceId The folder's or detector's id.
   * @param options `signal`.
   * @returns `{ grants: [{ grantee: { type, id }, role }] }`.
   * @throws {@link ValidationError} an unknown kind or a bad id, before any request.
   * @throws {@link APIError} an unknown resource or another error status.
   * @group Folders, users and grants
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const folderId = await picterra.createFolder("shared survey");
   * const { grants } = await picterra.getAuthorizationGrants("folder", folderId);
   * for (const grant of grants) console.log(grant.grantee.type, grant.grantee.id, grant.role);
   * ```
   */
  getAuthorizationGrants(kind: GrantKind, resourceId: string, options?: CallOptions): Promise<Grants>;

  /**
   * (beta) Sets who may see or edit a folder or a detector: the list replaces the grants there were.
   *
   * Python: `set_authorization_grants`.
   *
   * @param kind "folder" or "detector".
   * @param resourceId The folder's or detector's id.
   * @param options `grants`: `[{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }]`;
   *   `signal`.
   * @returns The grants as stored.
   * @throws {@link ValidationError} an unknown kind, a bad id or grant, before any request.
   * @throws {@link APIError} an unknown resource or another error status.
   * @group Folders, users and grants
   * @example
   * ```ts
   * import { createClient } from "@picterra/core";
   *
   * const picterra = createClient();
   * const folderId = await picterra.createFolder("shared survey");
   * const me = await picterra.getUserInfo();
   * const { grants } = await picterra.setAuthorizationGrants("folder", folderId, {
   *   grants: [{ grantee: { type: "organization", id: me.organization_id }, role: "viewer" }],
   * });
   * console.log(grants.length, "grant");
   * ```
   */
  setAuthorizationGrants(kind: GrantKind, resourceId: string, options: SetGrantsOptions): Promise<Grants>;
}
