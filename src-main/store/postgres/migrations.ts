/**
 * PostgreSQL migrations: numbered like SQLite's and forward-only; each runs in its own transaction. The numbers follow
 * the SQLite schema they equal, so "schema 10" means the same tables on both engines: the first PostgreSQL migration
 * is number 10 (all of SQLite's 1 to 10 at once, schema-010.ts), and a later SQLite migration N gets its PostgreSQL
 * twin N. A database written by a newer Stride is refused before anything is changed.
 */
import type pg from 'pg';
import { SchemaTooNewError } from '../db';
import { SCHEMA_010, TABLES_010 } from './schema-010';
import { SCHEMA_011 } from './migration-011-outcomes';
import { SCHEMA_012 } from './migration-012-patient-search';
import { migrate013 } from './migration-013-triage-by-reference';
import { migrate014 } from './migration-014-compact-indexes';
import { SCHEMA_015 } from './migration-015-handout-pdfs';
import { SCHEMA_016 } from './migration-016-held-intakes';
import { SCHEMA_017 } from './migration-017-held-expired-on-devices';

export interface PgMigration {
  version: number;
  name: string;
  up(client: pg.PoolClient): Promise<void>;
}

/** A migration that is one SQL script. */
const runs =
  (script: string) =>
  async (client: pg.PoolClient): Promise<void> => {
    await client.query(script);
  };

export const pgMigrations: readonly PgMigration[] = [
  {
    version: 10,
    name: 'the store as of SQLite schema 10 (patients, sessions, notes, handouts, devices, chained audit log)',
    up: runs(SCHEMA_010),
  },
  {
    version: 11,
    name: 'outcome measures per session, first or return visit, kiosk phone, identity to confirm',
    up: runs(SCHEMA_011),
  },
  {
    version: 12,
    name: 'patient search inside names (pg_trgm) and by phone digits, check-in code index',
    up: runs(SCHEMA_012),
  },
  {
    version: 13,
    name: 'triage results by reference to a reason catalogue per content version',
    up: migrate013,
  },
  {
    version: 14,
    name: 'fewer and slimmer SQLite indexes (nothing to change on PostgreSQL)',
    up: migrate014,
  },
  {
    version: 15,
    name: 'handout PDFs in the shared database (handout_pdfs), so every hub of a group prints them',
    up: runs(SCHEMA_015),
  },
  {
    version: 16,
    name: 'when a held intake reached the hub, beside when the patient finished it',
    up: runs(SCHEMA_016),
  },
  {
    version: 17,
    name: 'intakes a kiosk deleted unsent, counted on its device',
    up: runs(SCHEMA_017),
  },
];

/** Every table of the latest schema, parents before children: the order a copy inserts in. */
export const STORE_TABLES = [...TABLES_010, 'measure_responses', 'reason_catalogues'] as const;

export const PG_LATEST_SCHEMA_VERSION = Math.max(...pgMigrations.map((m) => m.version));

/** Two hubs starting at once against a fresh database: one migrates, the other waits and then finds it done. */
const MIGRATION_LOCK = 0x57524944; // "STRID": any constant shared by every Stride hub

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS stride_schema_version (
  only_row integer PRIMARY KEY CHECK (only_row = 1),
  version  integer NOT NULL
)`;

/** The schema version a database holds: 0 when Stride never wrote to it. Reads only. */
export async function readPgSchemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('stride_schema_version')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const row = await client.query<{ version: number }>('SELECT version FROM stride_schema_version');
  return row.rows[0]?.version ?? 0;
}

export async function migratePostgres(pool: pg.Pool, list: readonly PgMigration[] = pgMigrations): Promise<number> {
  const known = Math.max(0, ...list.map((m) => m.version));
  const client = await pool.connect();
  try {
    // Refused before any write, not even the version table is made.
    const found = await readPgSchemaVersion(client);
    if (found > known) throw new SchemaTooNewError(found, known);
    let current = found;
    for (const m of list) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await client.query(VERSION_TABLE);
        current = await readPgSchemaVersion(client);
        if (current > known) throw new SchemaTooNewError(current, known);
        if (m.version > current) {
          await m.up(client);
          await client.query(
            `INSERT INTO stride_schema_version (only_row, version) VALUES (1, $1)
             ON CONFLICT (only_row) DO UPDATE SET version = excluded.version`,
            [m.version],
          );
          current = m.version;
        }
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
    return current;
  } finally {
    client.release();
  }
}
