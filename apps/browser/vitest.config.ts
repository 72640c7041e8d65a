import { packageTests } from "../../vitest.shared";

export default packageTests(__dirname, {
  testTimeout: 120_000,
  globalSetup: ["test/setup-chromium.ts", "test/setup-build.ts"],
});
