import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion, type Db } from '../../src-main/store/db';
import { migrations } from '../../src-main/store/migrations/index';
import { findOrCreatePatient } from '../../src-main/store/patients';
import { ftsQuery, searchPatients } from '../../src-main/store/search';

const dirs: string[] = [];
function fresh(list = migrations): Db {
  const dir = mkdtempSync(join(tmpdir(), 'stride-store-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'stride.db'), { migrations: list });
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 002 (clinician area)', () => {
  it('indexes patients that existed before the upgrade, and new ones after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-store-'));
    dirs.push(dir);
    const file = join(dir, 'stride.db');
    const v1 = openDatabase(file, { migrations: migrations.filter((m) => m.version === 1) });
    findOrCreatePatient(v1, { fullName: 'Zoë Núñez', dateOfBirth: '1990-04-12' }, '2026-01-01T00:00:00Z');
    v1.close();
    // Search reads the indexes of 002 and of later migrations (011): every one indexes the patients already there.
    const db = openDatabase(file, { migrations });
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(searchPatients(db, { name: 'nunez' }).map((p) => p.full_name)).toEqual(['Zoë Núñez']);
    findOrCreatePatient(db, { fullName: 'José Núñez-García', dateOfBirth: '1970-01-01' }, '2026-01-02T00:00:00Z');
    expect(searchPatients(db, { name: 'garc' }).map((p) => p.full_name)).toEqual(['José Núñez-García']);
    expect(searchPatients(db, { name: 'NUÑEZ' }).length).toBe(2);
    db.close();
  });

  it('quotes what a person typed so FTS5 operators are taken literally', () => {
    expect(ftsQuery('Zoë "NEAR(')).toBe('"zoe"* "near"*');
    expect(ftsQuery('  ')).toBeNull();
    const db = fresh();
    expect(searchPatients(db, { name: 'AND OR NOT' })).toEqual([]);
    db.close();
  });
});
