import type { Command } from "commander";

/** `picterra plots …`: Tracer (EUDR plots analysis), on `@picterra/tracer`. */
export function registerPlots(program: Command): void {
  program
    .command("plots")
    .description("Tracer (EUDR plots analysis): methodologies, plots groups, analyses, reports");
}
