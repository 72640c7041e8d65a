#!/usr/bin/env node
// Committed, so that the bin exists before the first build (pnpm links bins at install time).
import "../dist/cli.js";
