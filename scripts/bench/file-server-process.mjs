// The trivial `node:http` storage the emulator's is measured against, in its own process: a PUT is piped to a
// file, a GET streams that file back (1 MiB reads), nothing else (no signature, no expiry, no ranges).
// Input (argv[2], JSON): { dir }. Replies { url, pid } once it listens; exits when stdin closes.
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { MiB, reply } from "./lib.mjs";

const { dir } = JSON.parse(process.argv[2]);
const file = join(dir, "trivial-storage.bin");

const server = createServer(async (req, res) => {
  try {
    if (req.method === "PUT") {
      await pipeline(req, createWriteStream(file));
      res.writeHead(200, { "Content-Length": "0" }).end();
      return;
    }
    const { size } = await stat(file);
    res.writeHead(200, { "Content-Length": String(size) });
    await pipeline(createReadStream(file, { highWaterMark: MiB }), res);
  } catch {
    res.destroy();
  }
});
server.listen(0, "127.0.0.1", () => {
  reply({ url: `http://127.0.0.1:${server.address().port}/blob`, pid: process.pid });
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
