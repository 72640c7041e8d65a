import { packageTests } from "../../vitest.shared.ts";

// Installs can take minutes on a cold cache; every wait inside is bounded by its own timeout.
const config = packageTests(import.meta.dirname, {
  testTimeout: 600_000,
  globalSetup: ["test/global-setup.ts"],
});
// The verbose reporter prints every step of every runtime, so the log says what passed where.
config.test = {
  ...config.test,
  reporters: ["verbose", ["json", { outputFile: ".vitest-results.json" }]],
};
export default config;
