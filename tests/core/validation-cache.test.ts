/**
 * Content and languages validated once per exact bytes (core/content/validation-cache.ts): a start with the same files
 * uses the verdict, and a changed file, a damaged cache or another language set is validated again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ContentError, loadContent } from '../../src-main/core/content/load';
import { loadLocales } from '../../src-main/core/locales/load';
import { repoRoot } from '../support/core';

let dir: string;
let resources: string;
let cache: { dir: string };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-validation-'));
  resources = join(dir, 'resources');
  for (const sub of ['content', 'locales'])
    cpSync(join(repoRoot, 'resources', sub), join(resources, sub), { recursive: true });
  cache = { dir };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const illustrationsDir = join(repoRoot, 'resources', 'illustrations');
const load = () => {
  const locales = loadLocales(join(resources, 'locales'), cache);
  return loadContent(join(resources, 'content'), { locales, illustrationsDir, cache });
};
const cacheFile = (kind: string) => join(dir, `validated-${kind}.json`);
const conditionsFile = () => join(resources, 'content', 'conditions.json');

describe('validation verdicts per file hash', () => {
  it('a start with the same files gives the same content as a full validation, from the verdict', () => {
    const fresh = loadContent(join(resources, 'content'), {
      locales: loadLocales(join(resources, 'locales')),
      illustrationsDir,
    });
    load(); // validates and records
    const again = load();
    expect(isDeepStrictEqual(again, fresh)).toBe(true);
    // The verdict is what the second start used: a note added to it (key kept) shows up in the content.
    const entry = JSON.parse(readFileSync(cacheFile('content'), 'utf8')) as {
      key: string;
      value: { validated: { conditions: { id: string }[] } };
    };
    entry.value.validated.conditions[0]!.id = 'from-the-cache';
    writeFileSync(cacheFile('content'), JSON.stringify(entry));
    expect(load().conditions[0]!.id).toBe('from-the-cache');
  });

  it('a changed content file is validated again: a broken one is refused even after a clean verdict', () => {
    load();
    const conditions = JSON.parse(readFileSync(conditionsFile(), 'utf8')) as { conditions: { id: unknown }[] };
    conditions.conditions[0]!.id = 42;
    writeFileSync(conditionsFile(), JSON.stringify(conditions));
    expect(load).toThrow(ContentError);
  });

  it('a changed valid file gives the new content, and a damaged cache is only validated past', () => {
    const before = load();
    const text = readFileSync(conditionsFile(), 'utf8');
    writeFileSync(conditionsFile(), text.replace(before.conditions[0]!.evidence[0]!.reason, 'A reworded reason'));
    const changed = load();
    expect(changed.conditions[0]!.evidence[0]!.reason).toBe('A reworded reason');
    expect(changed.version).not.toBe(before.version);

    writeFileSync(cacheFile('content'), '{"key": "not json');
    writeFileSync(cacheFile('locales'), '[]');
    expect(load().version).toBe(changed.version);
  });

  it('a changed language file is validated again', () => {
    load();
    const en = join(resources, 'locales', 'en.json');
    const file = JSON.parse(readFileSync(en, 'utf8')) as { kiosk: Record<string, unknown> };
    delete file.kiosk[Object.keys(file.kiosk)[0]!];
    writeFileSync(en, JSON.stringify(file));
    expect(load).toThrow(ContentError);
  });
});
