/**
 * Variables that change what Stride loads or where it keeps data. They are for development and tests; in a packaged
 * build anyone who can set an environment variable (a shortcut, a login script) could otherwise point Stride at their
 * own native library, font or data folder, so they are removed before anything reads them.
 */
export const LOADER_OVERRIDES = [
  'STRIDE_SQLITE_BINDING',
  'STRIDE_USER_DATA_DIR',
  'STRIDE_RESOURCES_DIR',
  'STRIDE_CJK_FONT',
  'STRIDE_DEVTOOLS',
  'STRIDE_DATA_DIR',
] as const;

/** Deletes the overrides from `env` when packaged; returns the names that were set and ignored (for the log). */
export function dropLoaderOverrides(isPackaged: boolean, env: Record<string, string | undefined>): string[] {
  if (!isPackaged) return [];
  const dropped = LOADER_OVERRIDES.filter((name) => env[name] !== undefined);
  for (const name of dropped) delete env[name];
  return dropped;
}
