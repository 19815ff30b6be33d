import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Wechaty + the mock puppet take a moment to log in; scenario tests also spawn the simulator.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
