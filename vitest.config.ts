import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.{ts,tsx}"], exclude: ["test/e2e/**", "node_modules/**"] },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["test/e2e/**/*.test.{ts,tsx}"], testTimeout: 30_000 },
      },
    ],
    coverage: { provider: "v8", include: ["src/**", "views/**"] },
  },
});
