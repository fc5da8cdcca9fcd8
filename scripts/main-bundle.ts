/**
 * How the Electron main process is bundled, shared by electron.vite.config.ts and bench/submit.ts, so the bench starts
 * the core from the same kind of bundle the desktop app ships.
 *
 * electron-vite leaves every package in `dependencies` to node_modules, loaded at run time. Two of them are bundled
 * instead, because loading them from node_modules was most of what the core's start-up spends beyond Node's own
 * (issue #17, docs/performance.md):
 *  - zod: its package entry loads each of its ~50 error-message locales (a third of its code); bundled, the unused ones
 *    are shaken out.
 *  - pino: about 40 ms to resolve and load its files one by one. Stride uses no pino transport (a worker thread loaded
 *    from a file path, which bundling breaks; see api/pino-log.ts).
 */
import { builtinModules } from 'node:module';

/** Packages bundled into the main process rather than loaded from node_modules. */
export const MAIN_BUNDLED_DEPENDENCIES = ['zod', 'pino'];

/** Native or file-reading packages that must stay in node_modules even though not every shell lists them. */
export const MAIN_EXTERNAL = ['better-sqlite3', 'pdfkit', 'svg-to-pdfkit'];

/** Whether `id` is left out of the main bundle, given package.json's `dependencies`: electron-vite's rule. */
export function isMainExternal(id: string, dependencies: readonly string[]): boolean {
  const external = [
    'electron',
    ...MAIN_EXTERNAL,
    ...dependencies.filter((d) => !MAIN_BUNDLED_DEPENDENCIES.includes(d)),
  ];
  return (
    id.startsWith('node:') ||
    builtinModules.includes(id) ||
    external.some((name) => id === name || id.startsWith(`${name}/`))
  );
}
