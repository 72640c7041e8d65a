import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

const pkg = join(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc", { paths: [pkg] });
// Inside the package, so that @picterra/retry and @picterra/core resolve as a user's project would see them.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(pkg, ".no-dom-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the published types compile in a Node-only project (no DOM lib, skipLibCheck off)", () => {
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        types: ["node"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ["use.ts"],
    }),
  );
  writeFileSync(
    join(dir, "use.ts"),
    `import { retry, retryingFetch } from "@picterra/retry";
import { createClient } from "@picterra/core";
const client = createClient({ apiKey: "k", middleware: [retry()], storageFetch: retryingFetch() });
export const raster = client.getRaster("r1");
`,
  );
  const run = spawnSync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { encoding: "utf8" });
  expect(run.stdout).toBe("");
  expect(run.status).toBe(0);
}, 60_000);
