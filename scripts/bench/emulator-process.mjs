// The emulator in its own process, so that the client under test and the server never share an event loop.
// Input (argv[2], JSON): { seedRasters, dataDir, pageSize }. Replies { url, apiKey, pid } once it listens and is
// seeded; answers `stats` on stdin with one result line; exits when stdin closes.
import { distUrl, eachLine, reply } from "./lib.mjs";

const input = JSON.parse(process.argv[2] ?? "{}");
const { startEmulator } = await import(distUrl("emulator"));

const emulator = await startEmulator({
  port: 0,
  // Short polls: the wait after a commit should cost the upload as little as it can on a real server.
  pollInterval: input.pollInterval ?? 0.01,
  pollsUntilDone: input.pollsUntilDone ?? 1,
  pageSize: input.pageSize ?? 100,
  ...(input.dataDir ? { dataDir: input.dataDir } : {}),
});
if (input.seedRasters) await emulator.seedRasters(input.seedRasters);
reply({ url: emulator.url, apiKey: emulator.apiKey, pid: process.pid });

eachLine(process.stdin, (line) => {
  if (line.trim() === "stats") reply(typeof emulator.stats === "function" ? emulator.stats() : null);
});
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.stdin.on("end", stop);
process.on("SIGTERM", stop);
