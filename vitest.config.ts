import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // `npx vitest claims/cifar10` runs once and exits: a claim run takes minutes to weeks, and
    // re-running it on every file save is never wanted (`npx vitest --watch` still watches).
    watch: false,
    // The claims reporter writes reports/<scale>/runs/<timestamp>/ after every claim, prints one
    // summary table and, last, the totals line CI counts (`vitest: N passed, N failed`).
    reporters: ["default", "./src/report/reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          testTimeout: 120_000,
          pool: "forks",
          // Unit tests first: a broken library fails in seconds, before any claim trains.
          sequence: { groupOrder: 0 },
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
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // After the claims: checks the report this vitest run wrote (schema, headless Chromium).
          // It runs only when the run had claims (a path filter such as `claims/cifar10` selects
          // none of its files).
          name: "report",
          include: ["test/report-run/**/*.check.ts"],
          testTimeout: 120_000,
          pool: "forks",
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
