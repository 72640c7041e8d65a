import { paginate } from "../context";
import type { ForgeHandlers, ForgeSchemas } from "../documents";
import { loadSpec } from "../spec";
import type { DetectorConfiguration, DetectorRecord, FolderRecord } from "../state";

/** A detector as the API answers it (lists, creation and `GET detectors/{id}/` alike). */
export function detectorJson(d: DetectorRecord): ForgeSchemas["DetectorDetail"] {
  return {
    id: d.id,
    name: d.name,
    configuration: { ...d.configuration },
    is_runnable: d.isRunnable,
    classes: d.classes.map((c) => ({ ...c })),
    user_tag: d.userTag,
  };
}

/** A folder as lists, `GET folders/{id}/` and its creation answer it: what Picterra's QGIS plugin reads. */
function folderJson(f: FolderRecord): ForgeSchemas["FolderDetail"] {
  return { id: f.id, name: f.name, created_at: f.createdAt };
}

function folderDetectorJson(d: DetectorRecord): ForgeSchemas["FolderDetector"] {
  return { id: d.id, name: d.name, is_runnable: d.isRunnable, user_tag: d.userTag };
}

export const detectorHandlers = {
  listDetectors: (ctx) => {
    const q = ctx.query;
    const needle = q.search?.toLowerCase();
    const all = ctx.emu.store.detectorArray();
    const detectors =
      needle === undefined &&
      q.user_tag === undefined &&
      q.is_shared === undefined &&
      q.is_runnable === undefined
        ? all
        : all.filter(
            (d) =>
              (needle === undefined || d.nameLower.includes(needle)) &&
              (q.user_tag === undefined || d.userTag === q.user_tag) &&
              (q.is_shared === undefined || d.isShared === q.is_shared) &&
              (q.is_runnable === undefined || d.isRunnable === q.is_runnable),
          );
    return paginate(ctx, detectors, detectorJson);
  },

  createDetector: (ctx) => {
    const { store } = ctx.emu;
    const b = ctx.body;
    const detector = store.addDetector(b.name ?? `Detector ${store.detectors.size + 1}`, {
      ...(loadSpec().detectorDefaults as unknown as DetectorConfiguration),
      ...b.configuration,
    });
    return { status: 201, body: detectorJson(detector) };
  },

  getDetector: (ctx) => ({
    status: 200,
    body: detectorJson(ctx.emu.store.detector(ctx.params.detector_id)),
  }),

  editDetector: (ctx) => {
    const detector = ctx.emu.store.detector(ctx.params.detector_id);
    const b = ctx.body;
    if (b.name !== undefined) {
      detector.name = b.name;
      detector.nameLower = b.name.toLowerCase();
    }
    if (b.configuration) detector.configuration = { ...detector.configuration, ...b.configuration };
    return { status: 204 };
  },

  deleteDetector: (ctx) => {
    ctx.emu.store.deleteDetector(ctx.params.detector_id);
    return { status: 204 };
  },
} satisfies ForgeHandlers;

export const folderHandlers = {
  listFolders: (ctx) => {
    const needle = ctx.query.search?.toLowerCase();
    const all = [...ctx.emu.store.folders.values()];
    const folders = needle === undefined ? all : all.filter((f) => f.nameLower.includes(needle));
    return paginate(ctx, folders, folderJson);
  },

  getFolder: (ctx) => ({ status: 200, body: folderJson(ctx.emu.store.folder(ctx.params.folder_id)) }),

  createFolder: (ctx) => {
    const folder = ctx.emu.store.addFolder(ctx.body.name);
    return { status: 201, body: folderJson(folder) };
  },

  listFolderDetectors: (ctx) => {
    const { store } = ctx.emu;
    const folder = store.folder(ctx.params.folder_id);
    const detectors = store.detectorArray().filter((d) => d.folderIds.has(folder.id));
    return paginate(ctx, detectors, folderDetectorJson);
  },
} satisfies ForgeHandlers;
