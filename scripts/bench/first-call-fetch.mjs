// First call from a fresh process, the Node limit: no client, one raw `fetch` of the raster (argv[2]) with the
// key header, `.json()`. Timed from spawn to exit, as first-call.mjs.
const env = { ...process.env };
const res = await fetch(`${env.PICTERRA_BASE_URL}/rasters/${process.argv[2]}/`, {
  headers: { "X-Api-Key": env.PICTERRA_API_KEY },
});
if (!res.ok || !(await res.json()).id) process.exit(1);
