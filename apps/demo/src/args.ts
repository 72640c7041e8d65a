import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";

/** The demo's command line, parsed and checked. */
export interface DemoArgs {
  /** Probability (0..1) that the emulator fails an API call; 0 = no faults. */
  faults: number;
  /** Seed of the emulator's fault generator. */
  seed: number;
  /** Output folder (absolute). */
  out: string;
  help: boolean;
}

/** Bad command-line input; main prints it with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `usage: pnpm demo [-- [--faults <rate>] [--seed <n>] [--out <dir>]]

  --faults <rate>  the emulator fails this share of API calls (0..1, e.g. 0.2) with 429/5xx, dropped
                   connections or latency; the demo must still finish with the same results. Default 0.
  --seed <n>       seed of the emulator's faults, so that a run can be repeated. Default 1.
  --out <dir>      where the results and pictures go. Default apps/demo/out.

Runs on a local emulator, unless PICTERRA_API_KEY is set: then on Picterra (PICTERRA_BASE_URL, its site root,
default https://app.picterra.ch/), Forge and Tracer, which spends credits.`;

/**
 * Parses the demo's arguments. `defaultOut` is used without `--out`; a relative `--out` is taken from `cwd` (the
 * folder `pnpm demo` was started in, not the demo's own).
 */
export function parseDemoArgs(argv: readonly string[], defaultOut: string, cwd: string): DemoArgs {
  // `pnpm demo -- --faults 0.2` hands the script a literal "--" before the flags.
  const args = argv.filter((arg) => arg !== "--");
  let values: { faults?: string; seed?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        faults: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const faults = values.faults === undefined ? 0 : Number(values.faults);
  if (!(faults >= 0 && faults <= 1)) {
    throw new UsageError(`--faults must be a number from 0 to 1, got '${values.faults}'`);
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new UsageError(`--seed must be a whole number ≥ 0, got '${values.seed}'`);
  }
  if (values.out === "") throw new UsageError("--out must name a folder");
  const out =
    values.out === undefined ? defaultOut : isAbsolute(values.out) ? values.out : resolve(cwd, values.out);
  return { faults, seed, out, help: values.help ?? false };
}
