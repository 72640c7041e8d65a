import type { PicterraClient, ResultsPage } from "@picterra/core";
import { type Command, Option } from "commander";
import { action } from "../action";
import type { Context } from "../context";
import { type Column, keyValues, table } from "../output";
import { integer } from "../parse";

/** The options every list command takes. */
export interface PageFlags {
  page?: number;
  pageSize?: number;
  all?: boolean;
}

/** Adds `--page`, `--page-size` and `--all` to a list command. */
export function pageOptions(command: Command): Command {
  return command
    .option("--page <n>", "page to show (1-based)", integer(1))
    .option("--page-size <n>", "items per page (1-1000)", integer(1, 1000))
    .option("--all", "every item of every page from --page on");
}

/** What core's list methods take from those flags. */
export function pageQuery(flags: PageFlags): { pageNumber?: number; pageSize?: number } {
  return { pageNumber: flags.page, pageSize: flags.pageSize };
}

/**
 * Prints a list: `{count, results}` as JSON (results = this page, or every page with --all), a table otherwise,
 * with a line saying how many of how many were shown.
 */
export async function printList<T>(
  ctx: Context,
  page: ResultsPage<T>,
  flags: PageFlags,
  columns: readonly Column<T>[],
): Promise<void> {
  const results = flags.all ? await page.toArray() : [...page.results];
  const more = !flags.all && page.nextUrl !== null;
  ctx.out.result({ count: page.count, results }, () => {
    const footer = `${results.length} of ${page.count}${more ? ` (next: --page ${(flags.page ?? 1) + 1}, or --all)` : ""}`;
    return results.length === 0 ? `none (${page.count} in all)` : `${table(results, columns)}\n${footer}`;
  });
}

/** Prints one object: as it is with --json, as `key: value` lines otherwise. */
export function printObject(ctx: Context, value: unknown): void {
  ctx.out.result(value, () => keyValues(value));
}

/**
 * Adds `parent name <argument>`: prints what `show` answers for the id, as `key: value` lines or, with --json,
 * as it is (a raster, a detector, a finished training...).
 */
export function showCommand(
  parent: Command,
  [name, argument]: readonly [string, string],
  description: string,
  show: (ctx: Context, id: string) => Promise<unknown>,
): Command {
  return parent
    .command(name)
    .description(description)
    .argument(argument)
    .action(action(async (ctx, [id]) => printObject(ctx, await show(ctx, id as string))));
}

/**
 * Adds `parent delete <argument>` (ids, one or more): deletes each in turn, the first failure stopping the
 * command, and says which were deleted. `what` names one ("vector layer").
 */
export function deleteCommand(
  parent: Command,
  argument: string,
  what: string,
  remove: (forge: PicterraClient, id: string) => Promise<void>,
): Command {
  return parent
    .command("delete")
    .description(`delete ${what}s`)
    .argument(argument)
    .action(
      action(async (ctx, [ids]) => {
        const forge = await ctx.forge();
        for (const id of ids as string[]) await remove(forge, id);
        printDone(
          ctx,
          { deleted: ids },
          (ids as string[]).map((id) => `deleted ${what} ${id}`),
        );
      }),
    );
}

/** Prints what a command did: `json` with --json, `lines` otherwise (each one line: server text cannot break it). */
export function printDone(ctx: Context, json: unknown, lines: string | readonly string[]): void {
  ctx.out.result(json, () => (typeof lines === "string" ? [lines] : lines));
}

/** A yes/no option value. */
export function yesNo(flag: string, description: string): Option {
  return new Option(`${flag} <yes|no>`, description).choices(["yes", "no"]);
}

/** "yes" → true, "no" → false, absent → undefined. */
export function yesNoValue(value: unknown): boolean | undefined {
  return value === undefined ? undefined : value === "yes";
}
