import { FORGE_VALUES, type Grant, type GrantKind, type Grants } from "@picterra/core";
import { TRACER_VALUES, type TracerClient } from "@picterra/tracer";
import { type Command, InvalidArgumentError } from "commander";
import { action } from "../action";
import type { Context } from "../context";
import { table } from "../output";
import { readJsonFile } from "../parse";
import { UsageError } from "../errors";
import {
  type PageFlags,
  pageOptions,
  pageQuery,
  printDone,
  printList,
  printObject,
  showCommand,
} from "./common";

/** Forge's grant kinds, from the v2 document. */
const FORGE_GRANT_KINDS: readonly string[] = FORGE_VALUES.GrantKind.enum;

/** Tracer's grant kinds (`picterra grants` sends them to the Tracer client), from Tracer's document. */
const TRACER_GRANT_KINDS: readonly string[] = TRACER_VALUES.GrantKind.enum;

/** A kind of Tracer resource that takes grants. */
type TracerGrantKind = Parameters<TracerClient["getAuthorizationGrants"]>[0];

/** `user:<id>=viewer` → a grant (values are checked by the client before any request). */
function grantArg(value: string, previous: Grant[] = []): Grant[] {
  const match = /^(\w+):([^=]+)=(\w+)$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected <user|organization>:<id>=<viewer|editor>.");
  return [...previous, { grantee: { type: match[1] as never, id: match[2]! }, role: match[3] as never }];
}

/** Forge's kinds go to the Forge client, Tracer's to the Tracer client. */
async function grantsClient(ctx: Context, kind: string) {
  if (FORGE_GRANT_KINDS.includes(kind)) {
    const forge = await ctx.forge();
    return {
      get: (id: string) => forge.getAuthorizationGrants(kind as GrantKind, id),
      set: (id: string, grants: Grant[]) => forge.setAuthorizationGrants(kind as GrantKind, id, { grants }),
    };
  }
  if (TRACER_GRANT_KINDS.includes(kind)) {
    const tracer = await ctx.tracer();
    const tracerKind = kind as TracerGrantKind;
    return {
      get: (id: string) => tracer.getAuthorizationGrants(tracerKind, id) as Promise<Grants>,
      set: (id: string, grants: Grant[]) =>
        tracer.setAuthorizationGrants(tracerKind, id, { grants }) as Promise<Grants>,
    };
  }
  throw new UsageError(
    `unknown kind '${kind}': one of ${[...FORGE_GRANT_KINDS, ...TRACER_GRANT_KINDS].join(", ")}`,
  );
}

function grantsTable(grants: Grants): string {
  if (grants.grants.length === 0) return "no grants";
  return table(grants.grants, [
    { header: "grantee", cell: (g) => g.grantee.type },
    { header: "id", cell: (g) => g.grantee.id },
    { header: "role", cell: (g) => g.role },
  ]);
}

export function registerAccount(program: Command): void {
  program
    .command("whoami")
    .description("(alpha) who the API key belongs to")
    .action(action(async (ctx) => printObject(ctx, await (await ctx.forge()).getUserInfo())));

  const folders = program.command("folders").description("folders (projects)");
  pageOptions(
    folders
      .command("list")
      .description("list the folders (projects) you can use")
      .option("--search <text>", "only folders whose name holds this text"),
  ).action(
    action<PageFlags & { search?: string }>(async (ctx, _a, o) => {
      const page = await (await ctx.forge()).listFolders({ searchString: o.search, ...pageQuery(o) });
      await printList(ctx, page, o, [
        { header: "id", cell: (f) => f.id },
        { header: "name", cell: (f) => f.name },
        { header: "created", cell: (f) => f.created_at ?? "-" },
      ]);
    }),
  );
  showCommand(
    folders,
    ["get", "<folder-id>"],
    "show a folder: its id, name and creation time",
    async (ctx, id) => (await ctx.forge()).getFolder(id),
  );
  folders
    .command("create")
    .description("create a folder; prints its id")
    .argument("<name>")
    .action(
      action(async (ctx, [name]) => {
        const id = await (await ctx.forge()).createFolder(name as string);
        printDone(ctx, { id }, id);
      }),
    );

  const kinds = [...FORGE_GRANT_KINDS, ...TRACER_GRANT_KINDS].join(", ");
  const grants = program
    .command("grants")
    .description("(beta) who may see or edit a folder, a detector, or a Tracer resource");
  grants
    .command("get")
    .description("show the grants on a resource")
    .argument("<kind>", kinds)
    .argument("<id>")
    .action(
      action(async (ctx, [kind, id]) => {
        const result = await (await grantsClient(ctx, kind as string)).get(id as string);
        ctx.out.result(result, () => grantsTable(result));
      }),
    );
  grants
    .command("set")
    .description("set the grants on a resource (replacing them)")
    .argument("<kind>", kinds)
    .argument("<id>")
    .option("--grant <type:id=role>", "e.g. user:42=viewer or organization:7=editor (repeatable)", grantArg)
    .option("--file <grants.json>", 'the grants as JSON: {"grants": [...]}')
    .action(
      action<{ grant?: Grant[]; file?: string }>(async (ctx, [kind, id], o) => {
        if ((o.grant === undefined) === (o.file === undefined)) {
          throw new UsageError("give the grants with --grant (repeatable) or --file, one of the two");
        }
        const list = o.grant ?? ((await readJsonFile("--file", o.file!)) as { grants?: Grant[] }).grants;
        const result = await (await grantsClient(ctx, kind as string)).set(id as string, list as Grant[]);
        ctx.out.result(result, () => grantsTable(result));
      }),
    );
}
