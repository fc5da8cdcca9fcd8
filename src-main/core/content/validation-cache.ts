/**
 * Validating the content and the languages with their zod schemas was about half of a cold start (the schemas are
 * built and run once per process). The verdict is kept in a file beside the database: the validated JSON, keyed by
 * a SHA-256 of the exact bytes of every file read and of the code doing the validating (this module's file: its size
 * and time, so a new Stride, or a rebuilt one, validates again). A changed file, or a cache that is unreadable or
 * says anything else, means validation runs again; only a clean pass is written.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when what is cached changes shape. */
const FORMAT = 1;

export interface ValidationCache {
  /** Where the cache files go (the clinic's data folder). */
  dir: string;
}

export interface Source {
  name: string;
  text: string;
}

function codeStamp(): string {
  try {
    const s = statSync(fileURLToPath(import.meta.url));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

export function cacheKey(kind: string, sources: readonly Source[], extra: readonly string[] = []): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([FORMAT, kind, codeStamp(), extra]));
  for (const s of sources) h.update(`\u0000${s.name}\u0000${s.text.length}\u0000`).update(s.text);
  return h.digest('hex');
}

const fileOf = (cache: ValidationCache, kind: string) => join(cache.dir, `validated-${kind}.json`);

/** The cached value for this key, or undefined (no cache, another key, or an unreadable file). */
export function cachedVerdict(cache: ValidationCache | undefined, kind: string, key: string): unknown {
  if (!cache) return undefined;
  try {
    const entry = JSON.parse(readFileSync(fileOf(cache, kind), 'utf8')) as { key?: unknown; value?: unknown } | null;
    return entry?.key === key ? entry.value : undefined;
  } catch {
    return undefined;
  }
}

/** Records a clean pass. A cache that cannot be written only costs the next start its validation. */
export function rememberVerdict(cache: ValidationCache | undefined, kind: string, key: string, value: unknown): void {
  if (!cache) return;
  const file = fileOf(cache, kind);
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, value }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A read-only data folder: every start validates, as before.
  }
}
