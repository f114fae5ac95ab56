import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Real SMTP peers, MJML and worker threads run inside unit tests; on a loaded 2-core CI machine a few of them
        // take several seconds, so the time limit is a hang detector rather than a speed check.
        test: { name: "unit", include: ["test/**/*.test.{ts,tsx}"], exclude: ["test/e2e/**", "node_modules/**"], testTimeout: 30_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["test/e2e/**/*.test.{ts,tsx}"], testTimeout: 30_000 },
      },
    ],
    coverage: { provider: "v8", include: ["src/**", "views/**"] },
  },
});
