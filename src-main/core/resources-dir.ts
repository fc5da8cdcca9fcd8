import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The resources/ folder (content, illustrations, fonts). A shell that knows better (Electron's app path) sets
 * STRIDE_RESOURCES_DIR before starting, which also reaches worker threads; otherwise it is found from this file,
 * which sits two levels below the project root both as source (src-main/core) and when bundled (out/main).
 */
export function defaultResourcesDir(): string {
  return process.env.STRIDE_RESOURCES_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');
}
