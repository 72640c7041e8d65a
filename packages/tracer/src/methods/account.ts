import type { SetGrantsOptions } from "../account";
import type { CallOptions, GrantKind, Grants, UserInfo } from "../schemas";

// The account and grant methods of `TracerClient`, as the API reference shows them; src/client.ts's table must
// match.

/** The account and grant methods of {@link TracerClient}. */
export interface TracerAccountMethods {
  /**
   * (alpha) Who the API key belongs to.
   *
   * Python: `TracerClient.get_user_info`.
   *
   * @param options `signal`.
   * @returns `{ user_id, organization_id, organization_name }`.
   * @throws {@link @picterra/core!APIError} a key Picterra does not know (401) or another error status.
   * @group Account and grants
   * @example
   * ```ts
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient();
   * const me = await tracer.getUserInfo();
   * console.log(`${me.user_id} of ${me.organization_name}`);
   * ```
   */
  getUserInfo(options?: CallOptions): Promise<UserInfo>;

  /**
   * (beta) Who was granted which role on a plots group, an analysis or a methodology.
   *
   * Python: `TracerClient.get_authorization_grants`.
   *
   * @param kind "plots_group", "plots_analysis" or "methodology".
   * @param resourceId The resource's id.
   * @param options `signal`.
   * @returns `{ grants: [{ grantee: { type, id }, role }] }`.
   * @throws {@link @picterra/core!ValidationError} an unknown kind or a bad id, before any request.
   * @throws {@link @picterra/core!APIError} an unknown resource or another error status.
   * @group Account and grants
   * @example
   * ```ts
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient();
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const { grants } = await tracer.getAuthorizationGrants("methodology", coffee.id);
   * console.log(grants.length, "grants");
   * ```
   */
  getAuthorizationGrants(kind: GrantKind, resourceId: string, options?: CallOptions): Promise<Grants>;

  /**
   * (beta) Sets who may see or edit a plots group, an analysis or a methodology: the list replaces the grants
   * there were.
   *
   * Python: `TracerClient.set_authorization_grants`.
   *
   * @param kind "plots_group", "plots_analysis" or "methodology".
   * @param resourceId The resource's id.
   * @param options `grants`: `[{ grantee: { type: "user" | "organization", id }, role: "viewer" | "editor" }]`;
   *   `signal`.
   * @returns The grants as stored.
   * @throws {@link @picterra/core!ValidationError} an unknown kind, a bad id or grant, before any request.
   * @throws {@link @picterra/core!APIError} an unknown resource or another error status.
   * @group Account and grants
   * @example
   * ```ts
   * import type { FeatureCollection } from "@picterra/core";
   * import { createTracerClient } from "@picterra/tracer";
   *
   * const tracer = createTracerClient(); // PICTERRA_API_KEY and PICTERRA_BASE_URL from the environment
   * const coffee = (await tracer.listMethodologies({ search: "coffee" })).at(0);
   * if (!coffee) throw new Error("no Coffee methodology");
   * const plots: FeatureCollection = {
   *   type: "FeatureCollection",
   *   features: [{ type: "Feature", properties: { plot_id: "PLOT-1" }, geometry: { type: "Polygon",
   *     coordinates: [[[-6.7, 5.9], [-6.69, 5.9], [-6.69, 5.91], [-6.7, 5.91], [-6.7, 5.9]]] } }],
   * };
   * const groupId = await tracer.createPlotsGroup("Farms 2025", coffee.id, plots);
   * const me = await tracer.getUserInfo();
   * await tracer.setAuthorizationGrants("plots_group", groupId, {
   *   grants: [{ grantee: { type: "organization", id: me.organization_id }, role: "viewer" }],
   * });
   * ```
   */
  setAuthorizationGrants(kind: GrantKind, resourceId: string, options: SetGrantsOptions): Promise<Grants>;
}
