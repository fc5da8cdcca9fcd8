import { defineConfig } from 'vitest/config';

// Not part of the default projects: needs a build and the Electron binary (skips cleanly without it).
export default defineConfig({
  test: {
    include: ['tests/electron/launch/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
