import { packageTests } from "../../vitest.shared";

// The end-to-end tests run the whole workflow over HTTP, twice with injected faults.
export default packageTests(__dirname, { testTimeout: 120_000 });
