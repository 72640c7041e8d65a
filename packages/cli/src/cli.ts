import { CommanderError } from "commander";
import { EXIT, errorJson, exitCodeOf, messageOf } from "./errors";
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
      if (program.opts().json === true)
        process.stdout.write(`${JSON.stringify({ error: errorJson(error) }, null, 2)}\n`);
      process.stderr.write(`picterra: ${messageOf(error)}\n`);
    }
    process.exitCode = code;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`picterra: ${messageOf(error)}\n`);
  process.exitCode = EXIT.failure;
});
