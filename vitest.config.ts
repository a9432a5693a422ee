import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The claims reporter prints the totals line CI counts and writes reports/<scale>/.
    reporters: ["default", "./src/report/reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          testTimeout: 120_000,
          pool: "forks",
        },
      },
      {
        test: {
          name: "claims",
          include: ["claims/**/*.claim.ts"],
          setupFiles: ["claims/setup-gpu.ts"],
          testTimeout: 0,
          hookTimeout: 0,
          pool: "forks",
          // Claim files train networks; one at a time keeps the 2-core machine responsive and
          // makes their wall-time figures meaningful.
          fileParallelism: false,
        },
      },
    ],
  },
});
