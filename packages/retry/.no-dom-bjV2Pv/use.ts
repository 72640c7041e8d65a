import { retry, retryingFetch } from "@picterra/retry";
import { createClient } from "@picterra/core";
const client = createClient({ apiKey: "k", middleware: [retry()], storageFetch: retryingFetch() });
export const raster = client.getRaster("r1");
