// Type-level checks, run by `pnpm typecheck` (tsc), not by vitest: the handler table is typed from the documents'
// generated operations, so each of these mistakes is a compile error (`@ts-expect-error` fails when it is not).
import type { Handler, Handlers } from "../src/context";
import type { ForgeOperations, TracerOperations } from "../src/documents";

declare const forgeWithoutOne: Omit<Handlers<ForgeOperations>, "listRasters">;
declare const tracerWithoutOne: Omit<Handlers<TracerOperations>, "exportPlotsGroup">;

// @ts-expect-error a Forge operation without a handler
export const forge: Handlers<ForgeOperations> = forgeWithoutOne;
// @ts-expect-error a Tracer operation without a handler
export const tracer: Handlers<TracerOperations> = tracerWithoutOne;

export const wrongStatus: Handler<ForgeOperations["createFolder"]> = () => ({
  // @ts-expect-error createFolder answers 201, not 200
  status: 200,
  body: { id: "f", name: "n" },
});

export const wrongAnswer: Handler<ForgeOperations["createFolder"]> = () => ({
  status: 201,
  // @ts-expect-error createFolder answers a Folder: its `name` is a string
  body: { id: "f", name: 1 },
});

export const readsItsBody: Handler<ForgeOperations["createFolder"]> = (ctx) => {
  // @ts-expect-error FolderInput has no `title`
  const title: string = ctx.body.title;
  return { status: 201, body: { id: title, name: ctx.body.name } };
};

export const readsItsPath: Handler<TracerOperations["getPlotsGroup"]> = (ctx) => {
  // @ts-expect-error getPlotsGroup's path names a plots_group_id, not a raster_id
  const id: string = ctx.params.raster_id;
  return { status: 200, body: { id, name: "g", created_at: "", methodology: ctx.params.plots_group_id } };
};
