import type { Command } from "commander";
import { action } from "../action";
import { PicterraError } from "@picterra/core";
import { decimal, integer } from "../parse";

/** Where the emulator comes from: loaded only by this command, so the CLI works without it. */
const EMULATOR_PACKAGE = "@picterra/emulator";

/** Its types only: the module itself is imported when the command runs. */
type EmulatorModule = typeof import("@picterra/emulator");

interface EmulatorFlags {
  port: number;
  host?: string;
  pollInterval?: number;
  polls?: number;
  rateLimit?: number;
}

export function registerEmulator(program: Command): void {
  program
    .command("emulator")
    .description(
      "start a local Picterra server (Forge and Tracer) and print the variables to export; Ctrl-C stops it",
    )
    .option("--port <n>", "port to listen on (0 picks a free one)", integer(0, 65535), 4010)
    .option("--host <host>", "interface to listen on (default 127.0.0.1)")
    .option("--poll-interval <s>", "seconds operations ask clients to wait between polls", decimal(0))
    .option("--polls <n>", "polls an operation stays running", integer(0))
    .option(
      "--rate-limit <n>",
      "throttle like Picterra's: n API requests a minute, then 429 with Retry-After",
      integer(1),
    )
    .action(
      action<EmulatorFlags>(async (ctx, _args, o) => {
        let module: EmulatorModule;
        try {
          module = (await import(EMULATOR_PACKAGE)) as EmulatorModule;
        } catch {
          throw new PicterraError(
            "`picterra emulator` needs @picterra/emulator: npm install -g @picterra/emulator",
          );
        }
        const emulator = await module.startEmulator({
          port: o.port,
          host: o.host,
          pollInterval: o.pollInterval,
          pollsUntilDone: o.polls,
          rateLimit: o.rateLimit === undefined ? undefined : { requestsPerMinute: o.rateLimit },
        });
        const exports = `export PICTERRA_BASE_URL=${emulator.siteUrl} PICTERRA_API_KEY=${emulator.apiKey}`;
        ctx.out.result(
          {
            base_url: emulator.siteUrl,
            api_key: emulator.apiKey,
            forge_url: emulator.url,
            tracer_url: emulator.tracerUrl,
            rate_limit: o.rateLimit ?? null,
          },
          () => [
            `Picterra emulator on ${emulator.siteUrl}${o.rateLimit ? ` (throttled at ${o.rateLimit} requests a minute)` : ""}`,
            "In another shell:",
            `  ${exports}`,
            "Ctrl-C stops it.",
          ],
        );
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
        await emulator.close();
      }),
    );
}
