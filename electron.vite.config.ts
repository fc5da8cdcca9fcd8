import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve(here, 'src-main/electron/main.ts') },
      rollupOptions: { external: ['better-sqlite3', 'pdfkit', 'svg-to-pdfkit'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: {
          'preload-kiosk': resolve(here, 'src-main/electron/preload-kiosk.ts'),
          'preload-clinician': resolve(here, 'src-main/electron/preload-clinician.ts'),
        },
        // A sandboxed preload can only require('electron'): one self-contained CommonJS file each.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: false },
      },
    },
  },
  renderer: {
    root: resolve(here, 'src-renderer'),
    plugins: [svelte({ configFile: resolve(here, 'svelte.config.js') })],
    build: {
      outDir: resolve(here, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: {
        input: {
          kiosk: resolve(here, 'src-renderer/kiosk.html'),
          clinician: resolve(here, 'src-renderer/clinician.html'),
        },
      },
    },
  },
});
