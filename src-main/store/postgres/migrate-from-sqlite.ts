/**
 * Moving a clinic from its SQLite file to PostgreSQL (`npm run migrate-to-postgres`). The file is only read: a
 * snapshot of it is taken into a temporary file (VACUUM INTO, one read transaction, so a hub still writing cannot tear
 * it), the snapshot is brought to this Stride's schema, and every table is copied into an empty PostgreSQL database
 * in one transaction. Afterwards each table's row count and a SHA-256 over all its rows in key order are compared on
 * both sides; any difference fails the move. Credentials never reach the log.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, schemaVersion, type Db } from '../db';
import { handoutFilesIn } from '../handout-files';
import { LATEST_SCHEMA_VERSION } from '../migrations/index';
import { checkPostgresDatabase } from './check-config';
import { redactConnectionString, redactSecrets } from './connection-string';
import { migratePostgres, PG_LATEST_SCHEMA_VERSION, STORE_TABLES } from './migrations';

export interface TableDigest {
  table: string;
  rows: number;
  sha256: string;
}

export interface CopyReport {
  tables: TableDigest[];
  /** Handout PDFs moved from the handouts folder beside the file into handout_pdfs (PostgreSQL keeps them). */
  handoutPdfs: { copied: number; missing: string[]; changed: string[] };
}

/**
 * The handout PDFs beside the file go into the database with the copy, each only while it still has the hash its
 * record carries; one missing or changed there is named, and stays missing (as it was on the hub), not invented.
 */
async function copyHandoutPdfs(client: pg.ClientBase, db: Db, handoutsDir: string): Promise<CopyReport['handoutPdfs']> {
  const files = handoutFilesIn(handoutsDir);
  const out: CopyReport['handoutPdfs'] = { copied: 0, missing: [], changed: [] };
  const rows = db.prepare('SELECT id, file_name, file_sha256 FROM handouts ORDER BY id').all() as {
    id: number;
    file_name: string;
    file_sha256: string;
  }[];
  for (const row of rows) {
    const file = files.read(row.file_name, row.file_sha256);
    if (!file.ok) {
      out[file.problem].push(row.file_name);
      continue;
    }
    await client.query('INSERT INTO handout_pdfs (handout_id, sha256, pdf) VALUES ($1, $2, $3)', [
      row.id,
      row.file_sha256,
      file.bytes,
    ]);
    out.copied++;
  }
  return out;
}

export class MigrationRefusedError extends Error {
  override name = 'MigrationRefusedError';
}

/** Rows per INSERT: well below PostgreSQL's 65,535 parameters for the widest table, and a few MB at most. */
const BATCH_ROWS = 200;
/** Rows per page when hashing a PostgreSQL table. */
const PAGE_ROWS = 5_000;
/** Tables SQLite keeps for itself or derives (FTS5's indexes of names and phones): not the clinic's data. */
const DERIVED_TABLE = /^(sqlite_|patients_fts|patients_trigram)/;

interface TableShape {
  columns: string[];
  key: string[];
  textKey: Set<string>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function sqliteShape(db: Db, table: string): TableShape {
  const info = db.prepare(`PRAGMA table_info(${quote(table)})`).all() as {
    name: string;
    type: string;
    pk: number;
  }[];
  const columns = info.map((c) => c.name).sort();
  const key = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const textKey = new Set(info.filter((c) => c.pk > 0 && /TEXT/i.test(c.type)).map((c) => c.name));
  return { columns, key, textKey };
}

/** One row as hashed on both sides: values in column-name order, so column order in either schema does not matter. */
const rowText = (shape: TableShape, row: Record<string, unknown>) =>
  JSON.stringify(shape.columns.map((c) => row[c] ?? null));

function digestSqlite(db: Db, table: string, shape: TableShape): TableDigest {
  const hash = createHash('sha256');
  let rows = 0;
  const order = shape.key.map(quote).join(', ');
  for (const row of db.prepare(`SELECT * FROM ${quote(table)} ORDER BY ${order}`).iterate()) {
    hash.update(rowText(shape, row as Record<string, unknown>)).update('\n');
    rows++;
  }
  return { table, rows, sha256: hash.digest('hex') };
}

/** Keyset pages in the same key order as SQLite's BINARY collation (COLLATE "C" on text keys). */
async function digestPostgres(client: pg.ClientBase, table: string, shape: TableShape): Promise<TableDigest> {
  const hash = createHash('sha256');
  let rows = 0;
  const keyExpr = shape.key.map((k) => (shape.textKey.has(k) ? `${quote(k)} COLLATE "C"` : quote(k)));
  let after: unknown[] | null = null;
  for (;;) {
    const params = shape.key.map((k, i) => `$${i + 1}${shape.textKey.has(k) ? ' COLLATE "C"' : ''}`);
    const where: string = after ? `WHERE (${keyExpr.join(', ')}) > (${params.join(', ')})` : '';
    const page: pg.QueryResult<Record<string, unknown>> = await client.query(
      `SELECT * FROM ${quote(table)} ${where} ORDER BY ${keyExpr.join(', ')} LIMIT ${PAGE_ROWS}`,
      after ?? [],
    );
    for (const row of page.rows) hash.update(rowText(shape, row)).update('\n');
    rows += page.rows.length;
    const last = page.rows.at(-1);
    if (!last || page.rows.length < PAGE_ROWS) break;
    after = shape.key.map((k) => last[k]);
  }
  return { table, rows, sha256: hash.digest('hex') };
}

/** Compares every table of a SQLite database with its PostgreSQL copy; the differing tables, or none. */
export async function verifyCopy(db: Db, client: pg.ClientBase): Promise<{ tables: TableDigest[]; differ: string[] }> {
  const tables: TableDigest[] = [];
  const differ: string[] = [];
  for (const table of STORE_TABLES) {
    const shape = sqliteShape(db, table);
    const [a, b] = [digestSqlite(db, table, shape), await digestPostgres(client, table, shape)];
    tables.push(a);
    if (a.rows !== b.rows || a.sha256 !== b.sha256) differ.push(table);
  }
  return { tables, differ };
}

async function refuseUnlessEmpty(client: pg.ClientBase, where: string): Promise<void> {
  const pdfTable = await client.query<{ t: string | null }>(`SELECT to_regclass('handout_pdfs')::text AS t`);
  for (const table of [...STORE_TABLES, ...(pdfTable.rows[0]?.t ? ['handout_pdfs'] : [])]) {
    // A hub that opened the database once made its clinic id: that alone is still an empty clinic.
    if (table === 'clinic_identity') continue;
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`);
    const n = r.rows[0]?.n ?? 0;
    if (n > 0)
      throw new MigrationRefusedError(
        `The database at ${where} already holds a clinic's data (${table}: ${n} rows). Stride copies only into an ` +
          `empty database; nothing was changed.`,
      );
  }
}

async function checkColumns(client: pg.ClientBase, db: Db): Promise<void> {
  const inFile = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((t) => !DERIVED_TABLE.test(t));
  const unknown = inFile.filter((t) => !(STORE_TABLES as readonly string[]).includes(t));
  if (unknown.length)
    throw new MigrationRefusedError(`The SQLite file has tables this tool does not know: ${unknown.join(', ')}.`);
  for (const table of STORE_TABLES) {
    const r = await client.query<{ column_name: string }>(
      // Generated columns (the folded name for search) are PostgreSQL's own: computed, never copied.
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
      [table],
    );
    const target = r.rows.map((c) => c.column_name).sort();
    const source = sqliteShape(db, table).columns;
    if (JSON.stringify(target) !== JSON.stringify(source))
      throw new MigrationRefusedError(`The table ${table} differs between the two schemas: nothing was copied.`);
  }
}

async function copyTable(client: pg.ClientBase, db: Db, table: string): Promise<number> {
  const shape = sqliteShape(db, table);
  const cols = shape.columns.map(quote).join(', ');
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const values = batch.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(', ')})`);
    await client.query(`INSERT INTO ${quote(table)} (${cols}) VALUES ${values.join(', ')}`, params);
    copied += batch.length;
    batch = [];
  };
  const order = shape.key.map(quote).join(', ');
  for (const row of db.prepare(`SELECT ${cols} FROM ${quote(table)} ORDER BY ${order}`).iterate()) {
    const r = row as Record<string, unknown>;
    batch.push(shape.columns.map((c) => r[c] ?? null));
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  // Identity columns continue after the copied ids, so the next patient does not collide with the first.
  const identity = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'`,
    [table],
  );
  for (const { column_name } of identity.rows) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quote(column_name)}), 0) + 1, false)
         FROM ${quote(table)}`,
      [table, column_name],
    );
  }
  return copied;
}

/** A consistent copy of the file, brought to this Stride's schema; the file itself is opened read-only. */
function snapshot(file: string, dir: string): Db {
  // A read-only reader of a WAL database still makes the -wal and -shm files beside it: removed again afterwards
  // when they were not there before (no hub had the file open) and nothing was written to them.
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const copy = join(dir, 'snapshot.db');
  try {
    const found = schemaVersion(source);
    if (found > LATEST_SCHEMA_VERSION)
      throw new MigrationRefusedError(
        `The SQLite file was written by a newer Stride (schema ${found}; this tool knows up to ` +
          `${LATEST_SCHEMA_VERSION}).`,
      );
    source.prepare('VACUUM INTO ?').run(copy);
  } finally {
    source.close();
    if (sidecars.length === 2 && (!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0))
      for (const f of sidecars) rmSync(f, { force: true });
  }
  return openDatabase(copy, { probe: false });
}

export async function migrateSqliteToPostgres(options: {
  from: string;
  to: string;
  log: (line: string) => void;
}): Promise<CopyReport> {
  const { from, to, log } = options;
  const where = redactConnectionString(to);
  if (LATEST_SCHEMA_VERSION !== PG_LATEST_SCHEMA_VERSION)
    throw new MigrationRefusedError(
      `This Stride's SQLite schema (${LATEST_SCHEMA_VERSION}) has no PostgreSQL twin yet ` +
        `(${PG_LATEST_SCHEMA_VERSION}).`,
    );
  const check = await checkPostgresDatabase(to);
  if (!check.ok) throw new MigrationRefusedError(check.message);
  const dir = mkdtempSync(join(tmpdir(), 'stride-migrate-'));
  // Two connections: the copy's own, and one for the migrations it applies first.
  const pool = new pg.Pool({ connectionString: to, max: 2, application_name: 'stride-migrate' });
  pool.on('error', () => undefined);
  try {
    log(`Reading ${from} (read-only; a snapshot is taken, the file is not changed).`);
    const db = snapshot(from, dir);
    try {
      const client = await pool.connect();
      try {
        if (check.schemaVersion > 0) await refuseUnlessEmpty(client, where);
        await migratePostgres(pool);
        await refuseUnlessEmpty(client, where);
        await checkColumns(client, db);
        log(`Copying into ${where} (PostgreSQL ${check.serverVersion}), in one transaction.`);
        let pdfs: CopyReport['handoutPdfs'];
        await client.query('BEGIN');
        try {
          // The clinic keeps its own id: the one a fresh database was given makes way (it may be deleted, not changed).
          await client.query('DELETE FROM clinic_identity');
          for (const table of STORE_TABLES) log(`  ${table}: ${await copyTable(client, db, table)} rows`);
          pdfs = await copyHandoutPdfs(client, db, join(dirname(from), 'handouts'));
          log(`  handout PDFs from ${join(dirname(from), 'handouts')}: ${pdfs.copied} copied`);
          for (const name of pdfs.missing) log(`  handout PDF missing beside the file (its record is kept): ${name}`);
          for (const name of pdfs.changed) log(`  handout PDF changed since it was made, not copied: ${name}`);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
        log('Verifying: row counts and a SHA-256 of every table, on both sides.');
        const { tables, differ } = await verifyCopy(db, client);
        for (const t of tables) log(`  ${t.table}: ${t.rows} rows, sha256 ${t.sha256.slice(0, 16)}…`);
        if (differ.length)
          throw new MigrationRefusedError(
            `The copy differs from the file in ${differ.join(', ')}. Do not use the PostgreSQL database; the SQLite ` +
              `file is unchanged.`,
          );
        log(
          `Done: ${tables.reduce((n, t) => n + t.rows, 0)} rows in ${tables.length} tables, identical on both sides.`,
        );
        return { tables, handoutPdfs: pdfs };
      } finally {
        client.release();
      }
    } finally {
      db.close();
    }
  } catch (e) {
    // The driver's messages can quote the connection string: never let the password out with them.
    if (e instanceof Error) e.message = redactSecrets(e.message, to);
    throw e;
  } finally {
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
