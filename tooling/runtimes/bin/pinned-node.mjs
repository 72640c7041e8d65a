#!/usr/bin/env node
// Prints the path of the pinned Node binary of a major (22, 24 or 26), installing it into the cache first if
// needed; .ci/run runs the whole suite again under Node 24 with it.
import { nodeBinary } from "../src/tools.mjs";

const major = Number(process.argv[2]);
if (major !== 22 && major !== 24 && major !== 26) {
  console.error("usage: pinned-node.mjs 22|24|26");
  process.exit(2);
}
console.log(await nodeBinary(major));
