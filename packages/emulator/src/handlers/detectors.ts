import { paginate } from "../context";
import type { ForgeHandlers, ForgeSchemas } from "../documents";
import { notFound } from "../errors";
import { loadSpec } from "../spec";
import type { DetectorConfiguration, DetectorRecord } from "../state";

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

function folderDetectorJson(d: DetectorRecord): ForgeSchemas["FolderDetector"] {
  return { id: d.id, name: d.name, is_runnable: d.isRunnable, user_tag: d.userTag };
}

export const detectorHandlers = {
  listDetectors: (ctx) => {
    const q = ctx.query;
    const needle = q.search?.toLowerCase();
    const all = ctx.emu.store.detectorArray();
    const detectors =
      needle === undefined && q.user_tag === undefined && q.is_shared === undefined
        ? all
        : all.filter(
            (d) =>
              (needle === undefined || d.nameLower.includes(needle)) &&
              (q.user_tag === undefined || d.userTag === q.user_tag) &&
              (q.is_shared === undefined || d.isShared === q.is_shared),
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
  createFolder: (ctx) => {
    const folder = ctx.emu.store.addFolder(ctx.body.name);
    return { status: 201, body: { id: folder.id, name: folder.name } };
  },

  listFolderDetectors: (ctx) => {
    const { store } = ctx.emu;
    const folder = store.folders.get(ctx.params.folder_id);
    if (!folder) throw notFound();
    const detectors = store.detectorArray().filter((d) => d.folderIds.has(folder.id));
    return paginate(ctx, detectors, folderDetectorJson);
  },
} satisfies ForgeHandlers;
