import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the web shell keeps its database: STRIDE_DATA_DIR, else the XDG data folder, else ~/.local/share/stride. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRIDE_DATA_DIR) return env.STRIDE_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'stride');
}
