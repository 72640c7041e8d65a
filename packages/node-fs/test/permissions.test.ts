import type * as FsPromises from "node:fs/promises";
import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ValidationError } from "@picterra/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { downloadRasterToFile, setRasterDetectionAreasFromFile, uploadRaster } from "../src/index";
import { offlineClient, useTempDir } from "./helpers";

// Permission bits do not stop root (these tests may run as root in CI), so `access` is made to refuse.
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return { ...actual, access: vi.fn(actual.access) };
});

const denied = new Set<string>();
// No request can succeed: a call that got past the checks would fail with a network error, not a ValidationError.
const client = offlineClient();
const tmp = useTempDir();

beforeEach(async () => {
  const actual = await vi.importActual<typeof FsPromises>("node:fs/promises");
  vi.mocked(access).mockImplementation(async (path, mode) => {
    if (denied.has(String(path))) {
      throw Object.assign(new Error(`EACCES: permission denied, access '${path}'`), { code: "EACCES" });
    }
    return actual.access(path, mode);
  });
});
afterEach(() => denied.clear());

async function expectValidationError(call: Promise<unknown>, message: string) {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toBe(message);
}

describe("permissions", () => {
  it("rejects an unreadable raster file", async () => {
    const path = join(tmp.dir, "secret.tif");
    await writeFile(path, "bytes");
    denied.add(path);
    await expectValidationError(
      uploadRaster(client, path, "r"),
      `filename '${path}' cannot be read (EACCES)`,
    );
  });

  it("rejects an unreadable GeoJSON file", async () => {
    const path = join(tmp.dir, "areas.geojson");
    await writeFile(path, "{}");
    denied.add(path);
    await expectValidationError(
      setRasterDetectionAreasFromFile(client, "r1", path),
      `filename '${path}' cannot be read (EACCES)`,
    );
  });

  it("rejects a target in a directory that is not writable", async () => {
    const locked = join(tmp.dir, "locked");
    await mkdir(locked);
    denied.add(locked);
    const target = join(locked, "out.tif");
    await expectValidationError(
      downloadRasterToFile(client, "r1", target),
      `the directory of filename '${target}' is not writable (EACCES): ${locked}`,
    );
  });
});
