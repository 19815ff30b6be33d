import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Wechaty + the mock puppet take a moment to log in; scenario tests also spawn the simulator.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every core: the simulator and chaos tests wait on child processes, the rest is CPU.
    maxWorkers: availableParallelism(),
    // Test files share a worker's module cache instead of loading the bot again for each file;
    // they share no state (each builds its own app, store, clock and temp directory).
    isolate: false,
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
})
