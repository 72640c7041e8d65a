import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.base";

// Two entry points share the machinery: split into shared chunks, so that there is one PicterraError class
// (and one of everything else) whichever entry a program or a plugin imports it from.
export default defineConfig(
  packageBuild(
    __dirname,
    { index: "src/index.ts", machinery: "src/machinery/index.ts" },
    { splitting: true },
  ),
);
