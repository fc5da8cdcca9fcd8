/**
 * Both ClinicStore engines behind one handle, so a contract test runs the same assertions on each: SQLite in a
 * temporary file, PostgreSQL in a fresh database on the run's throwaway server (tests/support/postgres-global.ts).
 * `another()` opens a second store on the same database: a second hub of the group (PostgreSQL) or a second
 * connection to the file (SQLite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import type { CheckInCodeChooser, ClinicStore, IntakeWrite } from '../../src-main/store/clinic-store';
import { openSqliteClinicStore } from '../../src-main/store/sqlite-clinic-store';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import { createTestDatabase } from './postgres';

export interface EngineHandle {
  store: ClinicStore;
  another(): Promise<ClinicStore>;
  /** A raw statement outside the store (to try what the store never does). */
  exec(sql: string): Promise<void>;
  count(table: string): Promise<number>;
  setSchemaVersion(version: number): Promise<void>;
  cleanup(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** Why this engine cannot run here, or null. */
  skip: string | null;
  open(chooser?: CheckInCodeChooser): Promise<EngineHandle>;
}

export const sqliteEngine: Engine = {
  name: 'sqlite',
  skip: null,
  async open(chooser = newCheckInCode) {
    const dir = mkdtempSync(join(tmpdir(), 'stride-contract-'));
    const file = join(dir, 'stride.db');
    const stores: ClinicStore[] = [openSqliteClinicStore(file, chooser)];
    const raw = () => new Database(file);
    const withRaw = <T>(f: (db: Database.Database) => T): T => {
      const db = raw();
      try {
        return f(db);
      } finally {
        db.close();
      }
    };
    return {
      store: stores[0]!,
      async another() {
        const s = openSqliteClinicStore(file, chooser);
        stores.push(s);
        return s;
      },
      async exec(sql) {
        withRaw((db) => db.exec(sql));
      },
      async count(table) {
        return withRaw((db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
      },
      async setSchemaVersion(version) {
        withRaw((db) => db.pragma(`user_version = ${version}`));
      },
      async cleanup() {
        for (const s of stores) await s.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const provided = inject('postgres');

export const postgresEngine: Engine = {
  name: 'postgres',
  skip: 'skip' in provided ? provided.skip : null,
  async open(chooser = newCheckInCode) {
    if ('skip' in provided) throw new Error(provided.skip);
    const database = await createTestDatabase(provided.adminUrl);
    const stores: ClinicStore[] = [];
    const openStore = async () => {
      const s = await PostgresClinicStore.open(database.url, { chooseCheckInCode: chooser, poolSize: 4 });
      stores.push(s);
      return s;
    };
    const withRaw = async <T>(f: (c: pg.Client) => Promise<T>): Promise<T> => {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      try {
        return await f(c);
      } finally {
        await c.end();
      }
    };
    return {
      store: await openStore(),
      another: openStore,
      async exec(sql) {
        await withRaw((c) => c.query(sql));
      },
      async count(table) {
        return withRaw(async (c) => (await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number);
      },
      async setSchemaVersion(version) {
        await withRaw((c) => c.query('UPDATE stride_schema_version SET version = $1', [version]));
      },
      async cleanup() {
        for (const s of stores) await s.close().catch(() => undefined);
        await database.drop();
      },
    };
  },
};

export const engines: readonly Engine[] = [sqliteEngine, postgresEngine];

/** A kiosk submission with everything a session needs; fixed times, so both engines store the same rows. */
export function intakeWrite(
  fullName: string,
  dateOfBirth: string,
  overrides: Partial<Omit<IntakeWrite, 'patient'>> = {},
): IntakeWrite {
  return {
    patient: { fullName, dateOfBirth },
    visitKind: 'first',
    measures: [],
    submittedAt: '2026-03-02T09:00:00.000Z',
    localDate: '2026-03-02',
    receivedAt: null,
    receivedOn: null,
    urgency: 'routine',
    redFlagIds: [],
    painNow: 4,
    topSuggestion: 'gtps',
    locale: 'en',
    answersJson: JSON.stringify({ pain_now: 4, side: 'left' }),
    triageJson: JSON.stringify({ urgency: overrides.urgency ?? 'routine', suggestions: [] }),
    questionnaireJson: null,
    contentVersion: 'content-1',
    engineVersion: 'engine-1',
    audit: { actorType: 'kiosk', action: 'intake.submit', detail: { urgency: overrides.urgency ?? 'routine' } },
    ...overrides,
  };
}
