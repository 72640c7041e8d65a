import { Command, Option } from "commander";
import { registerDetect } from "./commands/detect";
import { registerDetectors } from "./commands/detectors";
import { registerEmulator } from "./commands/emulator";
import { registerAccount } from "./commands/account";
import { registerMarkers } from "./commands/markers";
import { registerPlots } from "./commands/plots";
import { registerRasters } from "./commands/rasters";
import { registerResults } from "./commands/results";
import { registerVectorLayers } from "./commands/vector-layers";
import { VERSION } from "./context";
import { UsageError } from "./errors";
import { forHumans } from "./output";
import { integer, positive } from "./parse";

const DESCRIPTION = `Picterra from a shell: every API call, and bulk pipelines that survive throttling and crashes.

Configuration: PICTERRA_API_KEY (or --api-key-file), PICTERRA_BASE_URL (site root or full API URL).
Exit codes: 0 ok, 1 failure, 2 bad usage (nothing was sent), 130 interrupted.`;

/** The whole command tree. Settings made here (exit override, output) are inherited by every subcommand. */
export function buildProgram(): Command {
  const program = new Command("picterra")
    .description(DESCRIPTION)
    .version(VERSION, "-V, --version")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .option("--json", "print one JSON document on stdout and nothing else")
    .option(
      "--api-key-file <path>",
      "read the API key from this file (only you may read it) instead of PICTERRA_API_KEY",
    )
    .option(
      "--base-url <url>",
      "Picterra's site root or API URL (default PICTERRA_BASE_URL, else app.picterra.ch)",
    )
    .option(
      "--timeout <seconds>",
      "longest one API call may take, its waits for the throttle included (default 600)",
      positive,
    )
    .option(
      "--max-rate <n>",
      "send at most n API requests a minute (the throttle is found by itself)",
      integer(1),
    )
    .addOption(
      new Option("--api-key <key>").hideHelp().argParser(() => {
        throw new UsageError(
          "the API key never goes on the command line (shell history, ps): set PICTERRA_API_KEY or use --api-key-file",
        );
      }),
    );
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: true });
  // Commander's own errors quote what was typed: shown as every other line for a person (set before the
  // subcommands are made, which inherit it).
  program.configureOutput({ outputError: (text, write) => write(forHumans(text)) });
  registerRasters(program);
  registerDetectors(program);
  registerResults(program);
  registerVectorLayers(program);
  registerMarkers(program);
  registerAccount(program);
  registerDetect(program);
  registerPlots(program);
  registerEmulator(program);
  return program;
}
