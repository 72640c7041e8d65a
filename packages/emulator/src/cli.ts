#!/usr/bin/env node
import { parseArgs } from "node:util";
import { type EmulatorOptions, type FaultKind, startEmulator } from "./index";

const HELP = `picterra-emulator: a local Picterra server (API v2 under /public/api/v2/, signed-URL storage)

Options:
  --port <n>            port to listen on (default 4010; 0 picks a free one)
  --host <host>         interface to listen on (default 127.0.0.1)
  --api-key <key>       the API key to accept (default a random one, printed)
  --poll-interval <s>   seconds reported as poll_interval (default 0.05)
  --polls <n>           polls an operation stays running (default 2)
  --page-size <n>       default page size of lists (default 20)
  --faults <rate>       inject faults into this share of requests, 0..1 (default 0)
  --seed <n>            seed of the fault injection (default 1)
  --fault-kinds <list>  comma-separated: 429,502,503,504,drop,latency (default all of those),
                        stall,cut (storage downloads only; add --storage-faults)
  --storage-faults      also fault storage downloads
  --rate-limit <n>      throttle: API requests per minute and API key, then 429 with Retry-After
  --log                 print one line per request
  -h, --help            show this help`;

/** The emulator's CLI: starts it, prints how to use it, stops on SIGINT/SIGTERM. */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string" },
      "api-key": { type: "string" },
      "poll-interval": { type: "string" },
      polls: { type: "string" },
      "page-size": { type: "string" },
      faults: { type: "string" },
      seed: { type: "string" },
      "fault-kinds": { type: "string" },
      "storage-faults": { type: "boolean", default: false },
      "rate-limit": { type: "string" },
      log: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const num = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n))
      throw new Error(`--${name} must be a number, got '${value}'`);
    return n;
  };
  const options: EmulatorOptions = {
    port: num("port", values.port),
    host: values.host,
    apiKey: values["api-key"],
    pollInterval: num("poll-interval", values["poll-interval"]),
    pollsUntilDone: num("polls", values.polls),
    pageSize: num("page-size", values["page-size"]),
  };
  const rate = num("faults", values.faults);
  if (rate !== undefined && rate > 0) {
    options.faults = {
      rate,
      seed: num("seed", values.seed),
      kinds: values["fault-kinds"]?.split(",").map((k) => k.trim() as FaultKind),
      storage: values["storage-faults"],
    };
  }
  const requestsPerMinute = num("rate-limit", values["rate-limit"]);
  if (requestsPerMinute !== undefined) options.rateLimit = { requestsPerMinute };
  if (values.log) {
    options.log = (e) =>
      console.log(
        `${e.method} ${e.path} ${e.status} ${e.durationMs.toFixed(1)}ms${e.fault ? ` [fault ${e.fault}]` : ""}`,
      );
  }

  const emulator = await startEmulator(options);
  console.log(`Picterra API emulator: ${emulator.siteUrl}`);
  console.log(`API key: ${emulator.apiKey}`);
  console.log("Point a client at it (Picterra's clients take the site root since 2024):");
  console.log(`  export PICTERRA_BASE_URL=${emulator.siteUrl} PICTERRA_API_KEY=${emulator.apiKey}`);
  console.log(`Forge (API v2): ${emulator.url}`);
  console.log(`Tracer (plots analysis API v1): ${emulator.tracerUrl}`);
  if (options.faults) {
    console.log(`Faults: ${options.faults.rate * 100}% of requests (seed ${options.faults.seed ?? 1})`);
  }
  if (options.rateLimit) console.log(`Rate limit: ${requestsPerMinute} API requests a minute per key`);
  console.log("Ctrl+C stops it.");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: stopping`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`picterra-emulator: ${message}`);
  if ((error as { code?: string }).code === "EADDRINUSE") console.error("Try another --port, or --port 0.");
  process.exit(1);
});
