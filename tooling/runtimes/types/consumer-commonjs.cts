// The same packages from a CommonJS module (their .d.cts types), as a `nodenext` project with CommonJS files
// sees them.
import { APIError, createClient } from "@picterra/core";
import { nongeoResultToPixel } from "@picterra/nongeo";
import { downloadRasterToFile } from "@picterra/node-fs";
import { retry } from "@picterra/retry";
import { createTracerClient } from "@picterra/tracer";

export async function main(vectorLayerId: string): Promise<number> {
  const picterra = createClient({ apiKey: "key", middleware: [retry()] });
  const tracer = createTracerClient({ apiKey: "key" });
  await downloadRasterToFile(picterra, "raster", "raster.tif");
  try {
    const pixels = nongeoResultToPixel(await picterra.downloadVectorLayer(vectorLayerId));
    return pixels.length + (await tracer.listMethodologies()).count;
  } catch (error) {
    if (error instanceof APIError) return error.status;
    throw error;
  }
}
