import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, inject, it } from "vitest";
import { run } from "../src/process.mjs";
import { pinnedVersion, typescript7 } from "../src/tools.mjs";

// A consumer's program (types/) against the packed packages' types, with `--strict`, under TypeScript 5.9
// (the workspace's) and 7 (from the registry, a native compiler), with `nodenext` and with `bundler`
// resolution. TypeScript 7 also checks every library's types (no skipLibCheck), so a broken .d.ts in a package
// fails here; 5.9 runs as `tsc --init` sets projects up (skipLibCheck), which costs it a quarter of the time.
const ts5 = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const ts5Version = (createRequire(import.meta.url)("typescript/package.json") as { version: string }).version;

const COMPILERS = [
  { name: `TypeScript ${ts5Version}`, tsc: async () => ts5, skipLibCheck: true },
  { name: `TypeScript ${pinnedVersion("typescript7", "typescript")}`, tsc: typescript7, skipLibCheck: false },
];

const SETTINGS = {
  // A Node program: ESM and CommonJS files, Node's types and no DOM.
  nodenext: {
    compilerOptions: { module: "nodenext", moduleResolution: "nodenext", lib: ["es2023"] },
    include: ["consumer.ts", "consumer-commonjs.cts"],
  },
  // An app built by a bundler (Vite, esbuild, webpack), for browsers and Node.
  bundler: {
    compilerOptions: {
      module: "preserve",
      moduleResolution: "bundler",
      lib: ["es2023", "dom", "dom.iterable"],
    },
    include: ["consumer.ts"],
  },
} as const;

for (const compiler of COMPILERS) {
  describe(compiler.name, () => {
    for (const [resolution, settings] of Object.entries(SETTINGS)) {
      const libs = compiler.skipLibCheck ? "skipLibCheck" : "library types checked";
      it(`type-checks a consumer with module/moduleResolution ${resolution}, --strict, ${libs}`, async () => {
        const consumer = inject("consumer");
        const dir = join(consumer, "types", `${compiler.name.replace(/\W+/g, "-")}-${resolution}`);
        mkdirSync(dir, { recursive: true });
        cpSync(join(import.meta.dirname, "..", "types"), dir, { recursive: true });
        const config = {
          compilerOptions: {
            target: "es2022",
            strict: true,
            noEmit: true,
            skipLibCheck: compiler.skipLibCheck,
            types: ["node"],
            ...settings.compilerOptions,
          },
          include: settings.include,
        };
        writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
        const done = await run(process.execPath, [await compiler.tsc(), "-p", "tsconfig.json"], {
          cwd: dir,
          timeoutMs: 300_000,
        });
        if (done.code !== 0) {
          throw new Error(
            `${compiler.name}, ${resolution}: the consumer does not type-check:\n${done.stdout}${done.stderr}`,
          );
        }
      });
    }
  });
}
