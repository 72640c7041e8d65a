// First call from a fresh process, our side: import @picterra/core (its built dist; argv[2] is its URL),
// create the client, one getRaster (argv[3]). The bench times this process from spawn to exit. As on the
// Python side, the key and the base URL come from PICTERRA_API_KEY and PICTERRA_BASE_URL. No other import:
// whatever this file loads is part of what is measured.
const { createClient } = await import(process.argv[2]);
const raster = await createClient().getRaster(process.argv[3]);
if (!raster.id) process.exit(1);
