import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60000,
    hookTimeout: 60000,
    // The engine tests compile AssemblyScript harnesses; keep parallelism to the 2 cores.
    maxWorkers: 2,
  },
});
