import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packs the build and installs it into a user project once; e2e and fault tests run the `pulumi` CLI on it.
    globalSetup: ["test/globalSetup.ts"],
    // Integration and e2e tests start real servers and the real Pulumi CLI; each file owns its own emulator.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
