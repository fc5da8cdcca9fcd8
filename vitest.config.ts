import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = import.meta.dirname;

export default defineConfig({
  test: {
    projects: [
      {
        // Renderer state lives in .svelte.ts modules (runes), compiled here as the browser gets them, so a unit test
        // runs the kiosk's reactive code even though it runs under Node.
        plugins: [
          svelte({
            configFile: resolve(here, 'svelte.config.js'),
            dynamicCompileOptions: () => ({ generate: 'client' }),
          }),
        ],
        test: {
          name: 'unit',
          include: ['tests/{core,store,api,web,electron,renderer,hub,station}/**/*.test.ts'],
          // Launch tests need the Electron binary and a build: their own config (tests/electron/launch/).
          exclude: ['tests/electron/launch/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // The store contract on both engines, PostgreSQL on a throwaway server started for the run
          // (tests/support/postgres.ts); its half skips with the reason where the server binaries are absent.
          name: 'postgres',
          include: ['tests/postgres/**/*.test.ts'],
          globalSetup: ['tests/support/postgres-global.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: CI machines have two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          // Real namespaced networks (ip netns, root): tests/network/hub.test.ts; skips with a reason elsewhere.
          name: 'network',
          include: ['tests/network/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The SIGKILL loop on SQLite and on PostgreSQL (the run's throwaway server, as in `postgres`; its test skips
          // with the reason where the server binaries are absent).
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          globalSetup: ['tests/support/postgres-global.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
