/**
 * Which engine the core-level tests run on: the one place that decides. A vitest project sets
 * `STRIDE_TEST_ENGINE=postgres` (project `api-postgres`); everything else runs on SQLite, as before. On PostgreSQL each
 * core gets a fresh database on the run's throwaway server (tests/support/postgres-global.ts), dropped at dispose.
 *
 * `TestSql` reads the clinic's tables outside the api on either engine (the tables and columns are the same, see
 * docs/postgres.md), so an assertion about what was stored runs on both instead of only on the SQLite handle.
 */
import pg from 'pg';
import { inject } from 'vitest';
import type { StrideCore } from '../../src-main/api/app';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import type { ClinicStore } from '../../src-main/store/clinic-store';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { SqliteClinicStore } from '../../src-main/store/sqlite-clinic-store';
import { createTestDatabase } from './postgres';
// The type of inject('postgres') is declared there (ProvidedContext).
import type {} from './postgres-global';

export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  const name = process.env['STRIDE_TEST_ENGINE'];
  if (name === undefined || name === '' || name === 'sqlite') return 'sqlite';
  if (name === 'postgres') return 'postgres';
  throw new Error(`STRIDE_TEST_ENGINE must be "sqlite" or "postgres", not "${name}"`);
}

/** Why this run's engine cannot run here (PostgreSQL binaries absent, not root), or null. */
export function testEngineUnavailable(): string | null {
  if (testEngine() !== 'postgres') return null;
  const provided = inject('postgres');
  if (!provided) return 'the postgres globalSetup (tests/support/postgres-global.ts) did not run for this project';
  return 'skip' in provided ? provided.skip : null;
}

/** A fresh database for one core on the run's server; throws with the reason where there is none. */
export async function freshTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const reason = testEngineUnavailable();
  if (reason) throw new Error(`PostgreSQL is not available: ${reason}`);
  const provided = inject('postgres');
  if (!provided || 'skip' in provided) throw new Error('PostgreSQL is not available');
  return createTestDatabase(provided.adminUrl);
}

/** Reads outside the api, written with `?` placeholders as for better-sqlite3; the same rows on both engines. */
export interface TestSql {
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** A raw statement outside the store, to do what the store never does (break the audit chain). */
  run(sql: string, ...params: unknown[]): Promise<void>;
  /** The clinic's own tables (not SQLite's internal or FTS5 shadow tables), by name. */
  tables(): Promise<string[]>;
  /** A table's column names, in the order the schema declares them. */
  columns(table: string): Promise<string[]>;
  /** A store on the same data, beside the core's (for reads the store decodes, such as a session's triage). */
  store(): Promise<ClinicStore>;
  close(): Promise<void>;
}

/** SQLite: through the core's live handle (a restore replaces it, so it is read each time). */
export function sqliteTestSql(core: () => StrideCore): TestSql {
  return {
    all: async <T>(sql: string, ...params: unknown[]) =>
      core()
        .db.prepare(sql)
        .all(...params) as T[],
    get: async <T>(sql: string, ...params: unknown[]) =>
      core()
        .db.prepare(sql)
        .get(...params) as T | undefined,
    run: async (sql, ...params) => {
      if (params.length === 0) core().db.exec(sql);
      else
        core()
          .db.prepare(sql)
          .run(...params);
    },
    tables: async () =>
      (
        core()
          .db.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND " +
              "sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%fts%' ORDER BY name",
          )
          .all() as { name: string }[]
      ).map((r) => r.name),
    columns: async (table) =>
      (core().db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string }[]).map(
        (r) => r.name,
      ),
    // Not closed: it shares the core's handle, which the core closes.
    store: async () => new SqliteClinicStore(core().db, newCheckInCode),
    close: async () => undefined,
  };
}

// count(*) is a bigint in PostgreSQL, which pg hands over as a string; SQLite gives a number. Test counts are small.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** PostgreSQL: its own small pool on the test database, `?` turned into `$1`, `$2`, ... */
export function postgresTestSql(url: string): TestSql {
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'stride-test-sql', types });
  let store: Promise<PostgresClinicStore> | null = null;
  const query = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
    let n = 0;
    return (
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  };
  return {
    all: (sql, ...params) => query(sql, params),
    get: async <T>(sql: string, ...params: unknown[]) => (await query<T>(sql, params))[0],
    run: async (sql, ...params) => void (await query(sql, params)),
    tables: async () =>
      (
        await query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND " +
            "table_type = 'BASE TABLE' ORDER BY table_name",
          [],
        )
      ).map((r) => r.name),
    columns: async (table) =>
      (
        await query<{ name: string }>(
          "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND " +
            'table_name = ? ORDER BY ordinal_position',
          [table],
        )
      ).map((r) => r.name),
    store: () => (store ??= PostgresClinicStore.open(url, { chooseCheckInCode: newCheckInCode, poolSize: 1 })),
    close: async () => {
      if (store) await (await store).close();
      await pool.end();
    },
  };
}

/** A handout's PDF as stored (a file beside SQLite, a row in PostgreSQL), checked against its recorded hash. */
export async function storedHandoutPdf(sql: TestSql, handoutId: number): Promise<Buffer> {
  const pdf = await (await sql.store()).handoutPdf(handoutId);
  if (!pdf) throw new Error(`handout ${handoutId} has no PDF record`);
  if (!pdf.file.ok) throw new Error(`handout ${handoutId}'s PDF is ${pdf.file.problem}`);
  return pdf.file.bytes;
}

/**
 * Resolves once every staff event committed so far has reached `core.events`. On SQLite they are delivered before the
 * handler returns, so at once. On PostgreSQL the submitting hub hears its own events through LISTEN, a moment later
 * (docs/postgres.md): a marker `queue.changed` is sent now, and since notifications arrive in commit order, everything
 * before it has arrived when it does. Staff windows treat that extra `queue.changed` as a reload.
 */
export async function staffEventsDelivered(core: StrideCore, sql: TestSql, timeoutMs = 5_000): Promise<void> {
  if (core.engine === 'sqlite') return;
  const store = await sql.store();
  let unsubscribe = (): void => undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      unsubscribe = core.events.subscribe((e) => {
        if (e.type === 'queue.changed') resolve();
      });
      timer = setTimeout(() => reject(new Error(`no staff event came back within ${timeoutMs} ms`)), timeoutMs);
      store.publishStaffEvent({ type: 'queue.changed' }).catch(reject);
    });
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
