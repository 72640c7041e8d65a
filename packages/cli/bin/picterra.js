#!/usr/bin/env node
// The committed entry of the `picterra` bin: it exists before the first build, so installing the workspace never
// warns about a missing bin target; the command itself is built into dist/.
import "../dist/cli.js";
