import type { CallOptions } from "../schemas";
import type { GrantKind, Grants, SetGrantsOptions, UserInfo } from "../folders";

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
