// A trivial node:http storage in its own process, to show what the emulator's storage costs: a PUT is drained
// and thrown away; `GET /bytes/<n>` answers n zero bytes from one 1 MiB buffer in memory.
import { createServer } from "node:http";
import { once } from "node:events";
import { MiB, reply } from "./lib.mjs";

const block = Buffer.alloc(MiB);

const server = createServer(async (req, res) => {
  if (req.method === "PUT") {
    let bytes = 0;
    req.on("data", (chunk) => {
      bytes += chunk.length;
    });
    await once(req, "end");
    res.writeHead(200, { "Content-Length": "0", "X-Bytes": String(bytes) });
    res.end();
    return;
  }
  const m = /^\/bytes\/(\d+)$/.exec(req.url ?? "");
  if (req.method === "GET" && m) {
    let left = Number(m[1]);
    res.writeHead(200, { "Content-Length": String(left), "Content-Type": "application/octet-stream" });
    while (left > 0) {
      const chunk = left >= block.length ? block : block.subarray(0, left);
      left -= chunk.length;
      if (!res.write(chunk)) await once(res, "drain");
    }
    res.end();
    return;
  }
  res.writeHead(404, { "Content-Length": "0" });
  res.end();
});
server.listen(0, "127.0.0.1", () => {
  reply({ url: `http://127.0.0.1:${server.address().port}`, pid: process.pid });
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
