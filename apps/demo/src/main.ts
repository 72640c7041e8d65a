import { fileURLToPath } from "node:url";
import { DEFAULT_SITE_URL } from "@picterra/core";
import { type Emulator, startEmulator } from "@picterra/emulator";
import { type DemoArgs, USAGE, UsageError, parseDemoArgs } from "./args";
import { createDemoClients } from "./client";
import { explainFailure } from "./failure";
import { progressBar } from "./progress";
import { report } from "./report";
import { runWorkflow } from "./workflow";

/** Runs the demo and returns the exit code: 0 done, 1 failed, 2 bad arguments. */
async function main(): Promise<number> {
  let args: DemoArgs;
  try {
    // dist/main.js → the demo's folder, so that `out/` lands in apps/demo whatever the working directory.
    const defaultOut = fileURLToPath(new URL("../out", import.meta.url));
    args = parseDemoArgs(process.argv.slice(2), defaultOut, process.env["INIT_CWD"] ?? process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`demo failed: reading the arguments — ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const apiKey = process.env["PICTERRA_API_KEY"];
  const onEmulator = !apiKey;
  if (!onEmulator && args.faults > 0) {
    process.stderr.write(
      "demo failed: reading the arguments — --faults only applies to the emulator\n" +
        "hint: unset PICTERRA_API_KEY to run on the emulator, or drop --faults\n",
    );
    return 2;
  }

  const controller = new AbortController();
  const interrupt = () => controller.abort(new DOMException("interrupted (Ctrl-C)", "AbortError"));
  process.once("SIGINT", interrupt);
  let emulator: Emulator | undefined;
  let phase = "starting the emulator";
  let retries = 0;
  try {
    let baseUrl: string;
    let key: string;
    if (onEmulator) {
      emulator = await startEmulator({
        port: 0,
        faults: args.faults > 0 ? { rate: args.faults, seed: args.seed } : undefined,
      });
      // The site root, as Picterra's 2026 clients take it: Forge and Tracer both live under it.
      baseUrl = emulator.siteUrl;
      key = emulator.apiKey;
      const faults =
        args.faults > 0 ? `, failing ${Math.round(args.faults * 100)}% of API calls (seed ${args.seed})` : "";
      log(`Picterra emulator at ${baseUrl} (Forge and Tracer)${faults}`);
    } else {
      baseUrl = process.env["PICTERRA_BASE_URL"] ?? DEFAULT_SITE_URL;
      key = apiKey;
      process.stderr.write(
        `warning: PICTERRA_API_KEY is set, so the demo runs on ${baseUrl}: it uploads three small images, trains ` +
          "a detector and runs it twice, and analyses six plots with Tracer, which spends credits of your account.\n",
      );
    }
    phase = "setting up the client";
    const { client, tracer } = createDemoClients({
      apiKey: key,
      baseUrl,
      backoffFactorMs: onEmulator ? 100 : 500,
      onRetry: () => void retries++,
    });
    phase = "running the workflow";
    const summary = await runWorkflow({
      client,
      tracer,
      outDir: args.out,
      log,
      progress: (label) => progressBar(`  ${label}`),
      signal: controller.signal,
      exactDetections: onEmulator,
    });
    log(report(summary));
    const stats = emulator?.stats();
    const faults = stats ? `${stats.faults} faults injected by the emulator, ` : "";
    log(`\n${faults}${retries} request(s) retried. Done.`);
    return 0;
  } catch (error) {
    const failure = explainFailure(error, phase, onEmulator);
    process.stderr.write(`\ndemo failed: ${failure.step} — ${failure.message}\nhint: ${failure.hint}\n`);
    return 1;
  } finally {
    process.off("SIGINT", interrupt);
    await emulator?.close().catch((error: unknown) => {
      process.stderr.write(`warning: the emulator did not close cleanly: ${(error as Error).message}\n`);
    });
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
