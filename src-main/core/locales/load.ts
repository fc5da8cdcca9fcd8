/** Finds the languages by their files in resources/locales: adding a language is adding a file. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../content/problems';
import { parseLocales, type LocaleCatalog } from './catalog';
import {
  cachedVerdict,
  cacheKey,
  rememberVerdict,
  type Source,
  type ValidationCache,
} from '../content/validation-cache';

export function loadLocales(localesDir: string, cache?: ValidationCache): LocaleCatalog {
  const problems: string[] = [];
  const files: Record<string, unknown> = {};
  const sources: Source[] = [];
  let names: string[];
  try {
    names = readdirSync(localesDir).filter((f) => f.endsWith('.json'));
  } catch (e) {
    throw new ContentError([
      `${localesDir}: cannot read the locales folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    ]);
  }
  names.sort();
  for (const name of names) {
    try {
      sources.push({ name, text: readFileSync(join(localesDir, name), 'utf8') });
    } catch (e) {
      problems.push(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  // The same files validated by this same code before: their verdict (content/validation-cache.ts).
  const key = cacheKey('locales', sources);
  const known = cachedVerdict(cache, 'locales', key) as LocaleCatalog | undefined;
  if (known) return known;
  for (const { name, text } of sources) {
    try {
      files[name.slice(0, -'.json'.length)] = JSON.parse(text);
    } catch (e) {
      problems.push(`${name}: invalid JSON (${(e as Error).message})`);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  const catalog = parseLocales(files);
  rememberVerdict(cache, 'locales', key, catalog);
  return catalog;
}
