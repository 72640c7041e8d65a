import { packageTests } from "../../vitest.shared.ts";

// Packing, installing and running every example takes minutes on 2 cores: one test may take that long.
export default packageTests(import.meta.dirname, { testTimeout: 600_000 });
