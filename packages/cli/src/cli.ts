import { CommanderError } from "commander";
import { EXIT, errorJson, exitCodeOf, messageOf } from "./errors";
import { jsonText, lineForHumans } from "./output";
import { buildProgram } from "./program";

/** `picterra`: parses the command line, runs the command, turns what went wrong into a message and an exit code. */
async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    const code = exitCodeOf(error);
    // Commander has printed its own message (and help) already.
    if (!(error instanceof CommanderError)) {
      if (program.opts().json === true) process.stdout.write(`${jsonText({ error: errorJson(error) }, 2)}\n`);
      printError(error);
    }
    process.exitCode = code;
  }
}

/** An error on stderr, as one line: without the key, control characters (a server's text) escaped. */
function printError(error: unknown): void {
  process.stderr.write(`picterra: ${lineForHumans(messageOf(error))}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  printError(error);
  process.exitCode = EXIT.failure;
});
