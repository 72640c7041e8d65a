import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { makeConsumer } from "../src/consumer";

declare module "vitest" {
  export interface ProvidedContext {
    /** The project every runtime runs from: the tarballs installed with npm, the scenario beside them. */
    consumer: string;
  }
}

/** Packs and installs once for every test file; removes it all afterwards. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "picterra-runtimes-"));
  await makeConsumer(dir);
  project.provide("consumer", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
