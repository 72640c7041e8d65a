import { packageTests } from "../../vitest.shared.ts";

// Tests spawn the built bin against an emulator: a few seconds each on a busy 2-core machine.
export default packageTests(import.meta.dirname, { testTimeout: 60_000 });
