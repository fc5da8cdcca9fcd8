/**
 * Maps app://stride/<path> to a file under the built renderer folder, refusing anything that could leave it.
 * Pure (node:path only) so the traversal guard is unit-tested with hostile URLs.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/** Content type by extension; unknown kinds are refused rather than guessed. */
export function mimeTypeFor(filePath: string): string | null {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? null;
}

/**
 * Returns the absolute file path for a request URL, or null when the request must be refused:
 * wrong scheme or host, undecodable escapes, NUL, backslashes, `.`/`..` segments (raw or percent-encoded),
 * absolute or drive paths, or anything resolving outside `rootDir`. `/` maps to nothing (pages are named).
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null;

  // Look at the raw path too: the URL parser silently folds some `..` forms away, and we want those refused.
  const rawPath = rawPathOf(requestUrl);
  if (rawPath === null) return null;
  return resolveRequestPath(rootDir, rawPath);
}

/** The path part of a URL string exactly as written (before the URL parser normalises it). */
function rawPathOf(requestUrl: string): string | null {
  const afterScheme = requestUrl.slice(`${APP_SCHEME}://`.length);
  const slash = afterScheme.search(/[/\\]/);
  if (slash < 0) return '/';
  const pathAndRest = afterScheme.slice(slash);
  const end = pathAndRest.search(/[?#]/);
  return end < 0 ? pathAndRest : pathAndRest.slice(0, end);
}

/** The guard itself, on a URL path (still percent-encoded). */
export function resolveRequestPath(rootDir: string, encodedPath: string): string | null {
  if (encodedPath.includes('\\') || encodedPath.includes('\0')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0') || decoded.includes('%'))
    return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /^[a-zA-Z]:$/.test(s))) return null;

  const root = resolve(rootDir);
  const target = resolve(root, ...segments);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return target;
}
