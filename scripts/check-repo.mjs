#!/usr/bin/env node
// Repository checks that belong to no single package, run at the end of `pnpm test`:
//  1. the README's Quickstart holds one sh block of exactly two command lines, and .ci/run runs the second;
//  2. every public package that changed since its last release tag has a pending changeset;
//  3. every bin of every package points at a committed file (no warning at install);
//  4. one total of the test counts of every package's vitest run.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const problems = [];

// 1. Quickstart
const readme = readFileSync(join(root, "README.md"), "utf8");
const quick = readme.split(/^## Quickstart\s*$/m)[1] ?? "";
const block = /```sh\n([\s\S]*?)```/.exec(quick)?.[1] ?? "";
const lines = block.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
if (lines.length !== 2)
  problems.push(`README Quickstart: expected one sh block of 2 command lines, found ${lines.length}`);
else if (!readFileSync(join(root, ".ci/run"), "utf8").includes(lines[1])) {
  problems.push(`.ci/run does not run the README's test line: ${lines[1]}`);
}

// 2. Changesets
const workspaces = ["packages", "apps", "tooling"].flatMap((dir) =>
  readdirSync(join(root, dir)).map((name) => join(dir, name)),
);
const pending = readdirSync(join(root, ".changeset"))
  .filter((f) => f.endsWith(".md") && f !== "README.md")
  .map((f) => readFileSync(join(root, ".changeset", f), "utf8"));
const git = (...args) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
// Each workspace's package.json (a folder without one is no workspace).
const manifests = workspaces
  .filter((dir) => existsSync(join(root, dir, "package.json")))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) }));
for (const { dir, pkg } of manifests) {
  if (pkg.private) continue;
  const tag = `${pkg.name}@${pkg.version}`;
  let changed = true;
  try {
    git("rev-parse", "--verify", "--quiet", `refs/tags/${tag}`);
    changed = git("diff", "--name-only", tag, "--", dir).trim() !== "";
  } catch {
    // never released: the first release needs its changeset too
  }
  const covered = pending.some((text) => new RegExp(`^["']?${pkg.name}["']?\\s*:`, "m").test(text));
  if (changed && !covered)
    problems.push(
      `${pkg.name} changed since ${tag} but no .changeset/*.md names it (run \`pnpm changeset\`)`,
    );
}

// 3. Every bin points at a committed file: pnpm links bins at install time, before any build, and warns
// ("Failed to create bin") when the target is a build output.
const tracked = new Set(git("ls-files").split("\n"));
for (const { dir, pkg } of manifests) {
  const bins = pkg.bin ?? {};
  for (const [name, target] of Object.entries(typeof bins === "string" ? { [dir]: bins } : bins)) {
    const path = join(dir, target).replaceAll("\\", "/");
    if (!tracked.has(path))
      problems.push(`${dir}: bin ${name} points at ${target}, which is not a committed file`);
  }
}

// 4. Totals
let passed = 0;
let failed = 0;
for (const dir of workspaces) {
  const file = join(root, dir, ".vitest-results.json");
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
}

if (problems.length > 0) {
  console.error(`repository checks failed:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("repository checks: Quickstart, .ci/run, changesets and bins are in order");
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0 || passed === 0) process.exit(1);
