/**
 * The configuration check a hub runs before it serves anyone on PostgreSQL, against the run's throwaway server:
 * a good database, a wrong port, a database without the extensions, one written by a newer Stride. The password in
 * the connection string never appears in a message.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { checkPostgresDatabase } from '../../src-main/store/postgres/check-config';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { PG_LATEST_SCHEMA_VERSION } from '../../src-main/store/postgres/migrations';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import { createTestDatabase } from '../support/postgres';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;
const PASSWORD = 'S3cret-p@ss';
const withPassword = (url: string) =>
  url.replace('postgres://stride@', `postgres://stride:${encodeURIComponent(PASSWORD)}@`);

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of drops.splice(0)) await d();
});

async function database(options: { template0?: boolean } = {}): Promise<string> {
  if ('skip' in provided) throw new Error(provided.skip);
  const db = await createTestDatabase(provided.adminUrl, options);
  drops.push(db.drop);
  return withPassword(db.url);
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describe.skipIf(skip !== null)(skip ? `the database check (skipped: ${skip})` : 'the database check', () => {
  it('accepts a fresh database with the extensions, and one already at this schema', async () => {
    const url = await database();
    expect(await checkPostgresDatabase(url)).toMatchObject({
      ok: true,
      schemaVersion: 0,
      willMigrate: true,
      serverVersion: expect.stringMatching(/^1\d\.\d+/) as unknown,
    });
    const store = await PostgresClinicStore.open(url, { chooseCheckInCode: newCheckInCode, poolSize: 1 });
    await store.close();
    expect(await checkPostgresDatabase(url)).toMatchObject({
      ok: true,
      schemaVersion: PG_LATEST_SCHEMA_VERSION,
      willMigrate: false,
    });
  });

  it('says a server on the wrong port cannot be reached, without the password', async () => {
    const url = (await database()).replace(/:\d+\//, `:${await closedPort()}/`);
    const check = await checkPostgresDatabase(url, { connectTimeoutMs: 2_000 });
    expect(check).toMatchObject({ ok: false, problem: 'unreachable' });
    if (check.ok) return;
    expect(check.message).toMatch(/cannot reach the database at postgres:\/\/stride:\(redacted\)@127\.0\.0\.1:\d+\//);
    expect(check.message).not.toContain(PASSWORD);
    expect(check.message).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('names the missing extensions and how to add them', async () => {
    const check = await checkPostgresDatabase(await database({ template0: true }));
    expect(check).toMatchObject({ ok: false, problem: 'extensions-missing' });
    if (check.ok) return;
    expect(check.message).toContain('CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;');
    expect(check.message).not.toContain(PASSWORD);
  });

  it('refuses a schema newer than this Stride knows and changes nothing', async () => {
    const url = await database();
    const store = await PostgresClinicStore.open(url, { chooseCheckInCode: newCheckInCode, poolSize: 1 });
    await store.close();
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    try {
      await raw.query('UPDATE stride_schema_version SET version = $1', [PG_LATEST_SCHEMA_VERSION + 5]);
      const check = await checkPostgresDatabase(url);
      expect(check).toMatchObject({ ok: false, problem: 'schema-too-new' });
      if (!check.ok) expect(check.message).toContain(`schema ${PG_LATEST_SCHEMA_VERSION + 5}`);
      const after = await raw.query('SELECT version FROM stride_schema_version');
      expect(after.rows).toEqual([{ version: PG_LATEST_SCHEMA_VERSION + 5 }]);
    } finally {
      await raw.end();
    }
  });
});
