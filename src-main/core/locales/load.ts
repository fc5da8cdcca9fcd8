/** Finds the languages by their files in resources/locales: adding a language is adding a file. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentError } from '../content/problems';
import { parseLocales, type LocaleCatalog } from './catalog';

export function loadLocales(localesDir: string): LocaleCatalog {
  const problems: string[] = [];
  const files: Record<string, unknown> = {};
  let names: string[];
  try {
    names = readdirSync(localesDir).filter((f) => f.endsWith('.json'));
  } catch (e) {
    throw new ContentError([
      `${localesDir}: cannot read the locales folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    ]);
  }
  for (const name of names) {
    try {
      files[name.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(localesDir, name), 'utf8'));
    } catch (e) {
      problems.push(`${name}: invalid JSON (${(e as Error).message})`);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  return parseLocales(files);
}
