import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APIError, NetworkError, UploadError, createClient } from "@picterra/core";
import { beforeEach, describe, expect, it } from "vitest";
import { uploadRaster } from "../src/index";
import { API_KEY, API_PATH, patternBytes, useTestBed } from "./helpers";

// A failed or aborted upload of a file must not leave a pending raster behind: core deletes it, and this is
// checked end to end through node-fs's uploadRaster, against a local API and a local storage that fails.

let answer: number;

const bed = useTestBed((_req, res) => res.writeHead(answer).end(answer === 200 ? "" : "<Error>no</Error>"));
beforeEach(() => {
  answer = 200;
  bed.api.reply("POST /rasters/upload/file/", 201, {
    upload_url: `${bed.storage.url}/upload/r7?X-Amz-Signature=s3cr3t-signature`,
    raster_id: "r7",
  });
  bed.api.reply("DELETE /rasters/r7/", 204, null);
});

const client = () => createClient({ apiKey: API_KEY, baseUrl: bed.api.baseUrl });
const calls = () => bed.api.calls.map((c) => `${c.method} ${c.path} key=${c.key}`);

async function rasterFile(size = 2 * 1024 * 1024) {
  const file = join(bed.dir, "site.tif");
  await writeFile(file, patternBytes(size, 4));
  return file;
}

describe("uploadRaster of a file whose transfer fails", () => {
  it("deletes the raster when storage refuses the PUT, and says so on an UploadError", async () => {
    answer = 500;
    const error = await uploadRaster(client(), await rasterFile(), "site").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ id: "r7", removed: true, step: "transfer" });
    expect((error as Error).cause).toBeInstanceOf(APIError);
    expect((error as Error).message).not.toContain("s3cr3t");
    expect(calls()).toEqual([
      `POST ${API_PATH}/rasters/upload/file/ key=true`,
      `DELETE ${API_PATH}/rasters/r7/ key=true`,
    ]);
  });

  it("deletes the raster when the connection breaks mid-body", async () => {
    bed.storage.onData = (received, req) => {
      if (received >= 512 * 1024) req.socket.destroy();
    };
    const error = await uploadRaster(client(), await rasterFile(), "site").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ id: "r7", removed: true });
    expect((error as Error).cause).toBeInstanceOf(NetworkError);
    expect(calls()).toContain(`DELETE ${API_PATH}/rasters/r7/ key=true`);
  });

  it("deletes the raster when the caller aborts mid-body, and rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new DOMException("user cancelled", "AbortError");
    bed.storage.onData = (received) => {
      if (received >= 512 * 1024) controller.abort(reason);
    };
    const error = await uploadRaster(client(), await rasterFile(8 * 1024 * 1024), "site", {
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(calls()).toEqual([
      `POST ${API_PATH}/rasters/upload/file/ key=true`,
      `DELETE ${API_PATH}/rasters/r7/ key=true`,
    ]);
  });
});
