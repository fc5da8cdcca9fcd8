/**
 * The desktop hub's database choice, decided without Electron: which connection strings may be saved (PostgreSQL
 * only, never with a password) and what "Test connection" says.
 */
import { describe, expect, it } from 'vitest';
import { connectionStringProblem, describeDatabaseCheck, PASSWORD_REFUSED } from '../../src-main/api/database-setting';
import { databaseChoiceSchema } from '../../src-main/api/methods/machine';

describe('the database choice', () => {
  it('saves a PostgreSQL connection string without a password, and nothing else', () => {
    for (const ok of [
      'postgres://stride@db.clinic.lan:5432/stride',
      'postgresql://stride@10.0.0.5/stride?sslmode=verify-full&sslrootcert=/etc/stride/ca.pem',
      'POSTGRES://db/stride',
    ])
      expect(connectionStringProblem(ok), ok).toBeNull();
    expect(connectionStringProblem('mysql://db/stride')).toMatch(/starts with postgres:\/\//);
    expect(connectionStringProblem('/var/lib/stride/stride.db')).toMatch(/starts with postgres:\/\//);
    expect(connectionStringProblem('postgres://stride@db:99999/stride')).toMatch(/could not be read/);
    expect(connectionStringProblem('postgres://stride@db.clinic.lan')).toMatch(/Name the database/);
    expect(connectionStringProblem(`postgres://db/${'x'.repeat(1000)}`)).toMatch(/longer than 1000/);
  });

  it('refuses a password in the URL or its query, and says where it belongs instead', () => {
    for (const withPassword of [
      'postgres://stride:S3cret@db/stride',
      'postgres://stride@db/stride?password=S3cret',
      'postgres://stride@db/stride?sslpassword=S3cret',
    ])
      expect(connectionStringProblem(withPassword), withPassword).toBe(PASSWORD_REFUSED);
    expect(PASSWORD_REFUSED).toMatch(/~\/\.pgpass/);
    expect(PASSWORD_REFUSED).toMatch(/PGPASSWORD/);
  });

  it('takes the choice from a window only as SQLite or a postgres:// URL (trimmed)', () => {
    expect(databaseChoiceSchema.parse({ engine: 'postgres', url: '  postgres://db/stride ' })).toEqual({
      engine: 'postgres',
      url: 'postgres://db/stride',
    });
    expect(databaseChoiceSchema.safeParse({ engine: 'postgres', url: 'file:///etc/passwd' }).success).toBe(false);
    expect(databaseChoiceSchema.safeParse({ engine: 'sqlite', url: 'postgres://db/stride' }).success).toBe(false);
    expect(databaseChoiceSchema.safeParse({ engine: 'mysql' }).success).toBe(false);
  });

  it('says in one sentence what the check found', () => {
    const url = 'postgres://stride@db.clinic.lan:5432/stride';
    const fresh = describeDatabaseCheck(url, {
      ok: true,
      schemaVersion: 0,
      serverVersion: '15.8 (Debian 15.8-0+deb12u1)',
      willMigrate: true,
    });
    expect(fresh).toEqual({
      ok: true,
      message:
        'Stride can use the database at postgres://stride@db.clinic.lan:5432/stride (PostgreSQL 15.8): it is ' +
        'empty, and Stride sets it up when it next starts on it.',
    });
    expect(
      describeDatabaseCheck(url, { ok: true, schemaVersion: 9, serverVersion: '15.8', willMigrate: true }).message,
    ).toMatch(/schema \(9\) is brought up to date/);
    expect(
      describeDatabaseCheck(url, { ok: true, schemaVersion: 16, serverVersion: '15.8', willMigrate: false }).message,
    ).toMatch(/schema is up to date\.$/);
    expect(describeDatabaseCheck(url, { ok: false, problem: 'unreachable', message: 'Cannot reach it.' })).toEqual({
      ok: false,
      message: 'Cannot reach it.',
    });
  });
});
