import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { MAIN_BUNDLED_DEPENDENCIES, MAIN_EXTERNAL } from './scripts/main-bundle';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          main: resolve(here, 'src-main/electron/main.ts'),
          // Handout PDFs render on a worker thread: it needs a file of its own in the bundle.
          'handout-worker': resolve(here, 'src-main/core/handout/pdf-worker.ts'),
          // The headless hub (`npm run hub`) ships from the same bundle, so a hub that crashed starts as fast as the
          // desktop app rather than transforming TypeScript first.
          hub: resolve(here, 'src-main/hub/cli.ts'),
        },
      },
      // What is bundled and what is loaded from node_modules, and why: scripts/main-bundle.ts.
      externalizeDeps: { exclude: MAIN_BUNDLED_DEPENDENCIES },
      rollupOptions: { external: MAIN_EXTERNAL },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron'): each entry is built as one standalone file.
      isolatedEntries: true,
      rollupOptions: {
        input: {
          'preload-kiosk': resolve(here, 'src-main/electron/preload-kiosk.ts'),
          'preload-clinician': resolve(here, 'src-main/electron/preload-clinician.ts'),
          'preload-setup': resolve(here, 'src-main/electron/preload-setup.ts'),
          'preload-recovery': resolve(here, 'src-main/electron/preload-recovery.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'src-renderer'),
    plugins: [svelte({ configFile: resolve(here, 'svelte.config.js') })],
    build: {
      outDir: resolve(here, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; minified, the kiosk has half the script to parse before its first
      // screen.
      minify: true,
      rollupOptions: {
        input: {
          kiosk: resolve(here, 'src-renderer/kiosk.html'),
          clinician: resolve(here, 'src-renderer/clinician.html'),
          setup: resolve(here, 'src-renderer/setup.html'),
          recovery: resolve(here, 'src-renderer/recovery.html'),
        },
      },
    },
  },
});
