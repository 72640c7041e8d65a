import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FeatureCollection, Grant, UserInfo } from "@picterra/core";
import type { DemoContext } from "./context";
import { StepError } from "./failure";
import { type PlacementCheck, LV95, checkPlacement, lonLatToLv95Pixel, placementProblem } from "./projected";
import { OBJECTS, type SampleFiles } from "./sample-data";

// The calls Picterra's API v2 gained by 2026: who a key belongs to, grants, detector classes, and a raster in a
// projected CRS checked end to end.

/** The step that tells who the API key belongs to. */
export function whoAmI({ client, steps, signal }: DemoContext): Promise<UserInfo> {
  return steps.step(
    "ask who the API key belongs to",
    () => client.getUserInfo({ signal }),
    (u) => `user ${u.user_id} of "${u.organization_name}" (organization ${u.organization_id})`,
  );
}

/** What sharing the folder set and read back. */
export interface FolderGrants {
  set: Grant[];
  readBack: Grant[];
}

/**
 * Lets the key's whole organization view the folder (`setAuthorizationGrants`) and reads the grants back
 * (`getAuthorizationGrants`); a read-back that differs from what was set fails the step.
 */
export async function shareFolder(
  { client, steps, signal }: DemoContext,
  folderId: string,
  user: UserInfo,
): Promise<FolderGrants> {
  const wanted: Grant[] = [{ grantee: { type: "organization", id: user.organization_id }, role: "viewer" }];
  const set = await steps.step(
    "let the organization view the folder",
    async () => (await client.setAuthorizationGrants("folder", folderId, { grants: wanted, signal })).grants,
    (grants) => grants.map(describeGrant).join(", "),
  );
  const readBack = await steps.step(
    "read the folder's grants back",
    async () => (await client.getAuthorizationGrants("folder", folderId, { signal })).grants,
    (grants) => `${grants.map(describeGrant).join(", ")}, as set`,
  );
  if (canonical(readBack) !== canonical(wanted)) {
    throw new StepError(
      "check the folder's grants",
      new Error(`set ${canonical(wanted)}, read back ${canonical(readBack)}`),
    );
  }
  return { set, readBack };
}

function describeGrant({ grantee, role }: Grant): string {
  return `${grantee.type} ${grantee.id}: ${role}`;
}

/** Grants as text that does not depend on their order. */
function canonical(grants: readonly Grant[]): string {
  return JSON.stringify(
    grants.map((g) => [g.grantee.type, g.grantee.id, g.role]).sort((a, b) => (a.join() < b.join() ? -1 : 1)),
  );
}

/** The detector's classes, and the one the tree outlines were sent to by id. */
export interface ClassesUsed {
  classes: { id: string; name: string }[];
  /** Null when the detector has no "tree" class (on Picterra, classes are made in its web interface). */
  treeClassId: string | null;
  treeOutlines: number;
}

/**
 * Reads the detector's classes (`getDetector`), then sends the tree outlines again, without their
 * `class_name`, to the tree class by its id (`setAnnotations(..., { classId })`): Picterra then replaces only
 * that class's outlines. Were the id lost on the way, the outlines would all be replaced by class-less trees.
 * A detector without a tree class keeps its outlines as they are.
 */
export async function setOutlinesByClassId(
  { client, steps, signal }: DemoContext,
  detectorId: string,
  rasterId: string,
  outlineFile: string,
): Promise<ClassesUsed> {
  const classes = await steps.step(
    "read the detector's classes",
    async () => (await client.getDetector(detectorId, { signal })).classes ?? [],
    (list) => `${list.length} classes: ${list.map((c) => c.name).join(", ")}`,
  );
  const tree = classes.find((c) => c.name === "tree");
  const outlines = JSON.parse(await readFile(outlineFile, "utf8")) as FeatureCollection;
  const trees: FeatureCollection = {
    type: "FeatureCollection",
    features: outlines.features
      .filter((f) => f.properties?.["class_name"] === "tree")
      .map((f) => ({ ...f, properties: {} })),
  };
  await steps.step(
    "set the tree outlines by class id",
    async () => {
      if (tree)
        await client.setAnnotations(detectorId, rasterId, "outline", trees, { classId: tree.id, signal });
    },
    () =>
      tree
        ? `${trees.features.length} outlines into class "tree" (${tree.id}), the buildings kept`
        : `skipped: the detector has no "tree" class (make it in Picterra's web interface)`,
  );
  return {
    classes: classes.map(({ id, name }) => ({ id, name })),
    treeClassId: tree?.id ?? null,
    treeOutlines: tree ? trees.features.length : 0,
  };
}

/** What running the detector on the LV95 GeoTIFF gave. */
export interface ProjectedResult extends PlacementCheck {
  rasterId: string;
  /** The detection on it. */
  operationId: string;
  /** The detections as Picterra returns them (lon/lat), one Feature per class. */
  file: string;
}

/**
 * Uploads the scene as a GeoTIFF in Swiss LV95 (EPSG:2056) with `upload` (the Forge part's: into its folder,
 * remembered for the clean-up), runs the detector on it, and checks that the detections land on the drawn
 * objects: their lon/lat goes to LV95 with proj4, then to the image's pixels. With `ctx.exactDetections`, a
 * detection off its object (or one too many) fails the step.
 */
export async function detectOnLv95(
  ctx: DemoContext,
  detectorId: string,
  upload: (path: string, label: string, capturedAt: string) => Promise<string>,
  sample: SampleFiles,
): Promise<ProjectedResult> {
  const { client, steps, signal } = ctx;
  const file = join(ctx.outDir, "results-lv95.geojson");
  const rasterId = await steps.step(
    `upload the GeoTIFF in ${LV95.name} (EPSG:${LV95.code})`,
    () => upload(sample.lv95Geotiff, "sample-lv95.tif", "2024-06-03T10:00:00Z"),
    (id) => id,
  );
  const operationId = await steps.step(
    "run the detector on the LV95 GeoTIFF",
    () => client.runDetector(detectorId, rasterId, { signal }),
    (id) => `operation ${id}`,
  );
  const result = await steps.step(
    "download its result",
    async () => {
      const collection = await client.downloadResultFeatureCollection(operationId, { signal });
      await writeFile(file, JSON.stringify(collection));
      return collection;
    },
    (c) => `${c.features.length} classes through their vector layers → ${file}`,
  );
  const detections = result.features.map((f) => ({
    className: f.properties.class_name,
    polygons: f.geometry.coordinates,
  }));
  const check = await steps.step(
    "check the LV95 detections against the drawn objects",
    async () => {
      const placed = checkPlacement(detections, OBJECTS, lonLatToLv95Pixel);
      const problem = placementProblem(placed);
      if (problem && ctx.exactDetections) throw new Error(problem);
      return placed;
    },
    (c) =>
      `${c.matched} of ${c.objects} objects found, ${c.detections} detections (lon/lat → EPSG:${LV95.code} ` +
      `with proj4 → pixels), worst vertex ${c.worstPx.toFixed(3)} px off`,
  );
  return { ...check, rasterId, operationId, file };
}
