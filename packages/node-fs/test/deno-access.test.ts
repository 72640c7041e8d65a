import type * as FsPromises from "node:fs/promises";
import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ValidationError } from "@picterra/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { downloadRasterToFile, uploadRaster } from "../src/index";
import { offlineClient, useTempDir } from "./helpers";

// Deno's access() needs `--allow-sys=uid`; without it, Deno's refusal escapes the promise and ends the process
// (no catch sees it), so node-fs must not call access() there. Here a stand-in Deno global says which sys
// permissions are granted, and access() is watched.
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return { ...actual, access: vi.fn(actual.access) };
});

const granted = new Set<string>();
const client = offlineClient();
const tmp = useTempDir();

beforeEach(() => {
  vi.mocked(access).mockClear();
  vi.stubGlobal("Deno", {
    permissions: {
      querySync: ({ name, kind }: { name: string; kind?: string }) => ({
        state: name === "sys" && kind !== undefined && granted.has(kind) ? "granted" : "prompt",
      }),
    },
  });
});
afterEach(() => {
  granted.clear();
  vi.unstubAllGlobals();
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("under Deno", () => {
  it("without --allow-sys=uid, checks a download's target without access() and goes on to the request", async () => {
    const error = await failure(downloadRasterToFile(client, "r1", join(tmp.dir, "out.tif")));
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(String((error as Error).cause ?? error)).toMatch(/a request was made/);
    expect(access).not.toHaveBeenCalled();
  });

  it("without --allow-sys=uid, checks an upload's file without access()", async () => {
    const path = join(tmp.dir, "r.png");
    await writeFile(path, "bytes");
    const error = await failure(uploadRaster(client, path, "r"));
    expect(String((error as Error).cause ?? error)).toMatch(/a request was made/);
    expect(access).not.toHaveBeenCalled();
  });

  it("with --allow-sys=uid,gid, still checks with access()", async () => {
    granted.add("uid");
    granted.add("gid");
    await failure(downloadRasterToFile(client, "r1", join(tmp.dir, "out.tif")));
    expect(access).toHaveBeenCalledWith(tmp.dir, expect.any(Number));
  });
});
