import { join } from "node:path";
import { describe } from "vitest";
import { run } from "../src/process.mjs";
import { parseProcess } from "../src/session";
import { SCENARIO_TIMEOUT_MS, runtimeTests } from "../src/suite";
import { bunBinary, pinnedVersion } from "../src/tools.mjs";

// Bun from the registry's `bun` package: it resolves the packages' `node` export, as Node does.
const version = pinnedVersion("bun", "bun");

for (const [format, entry] of [
  ["ESM", "entry.mjs"],
  ["CommonJS", "entry.cjs"],
] as const) {
  const title = `Bun ${version} (${format})`;
  describe(title, () => {
    runtimeTests({
      title,
      expect: { name: "Bun", version },
      files: true,
      start: async (consumer, config) => {
        const args = [join(consumer, entry), JSON.stringify(config), "--files"];
        const done = await run(await bunBinary(), args, { cwd: consumer, timeoutMs: SCENARIO_TIMEOUT_MS });
        return parseProcess(title, done, SCENARIO_TIMEOUT_MS);
      },
      ...(format === "ESM" ? { cli: async () => ({ command: await bunBinary(), args: [] }) } : {}),
    });
  });
}
