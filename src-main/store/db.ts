/** Opening the database: durable pragmas, then every pending migration, each in its own transaction. */
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations/index';

export type Db = Database.Database;

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A statement prepared once per connection and reused: preparing costs about as much as running a small statement,
 * and a submit runs several. Keyed by the connection, so a restored database (a new connection) prepares afresh.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

export interface OpenOptions {
  /** Path of an Electron-ABI build of better-sqlite3, when running inside Electron. */
  nativeBinding?: string;
  /** For tests of older schema versions. */
  migrations?: readonly Migration[];
  /** quick_check and a write probe at open (default on). */
  probe?: boolean;
  /** With probe: false leaves quick_check to the caller (a large file is checked in the background, integrity.ts). */
  quickCheck?: boolean;
}

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `This database was written by a newer Stride (schema ${found}; this version knows up to ${known}). Update ` +
        `Stride; the database was not changed.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** The file is there but cannot serve the clinic: damaged, unreadable, or not writable. Nothing was changed. */
export class DatabaseUnusableError extends Error {
  constructor(
    readonly problem: 'damaged' | 'unreadable' | 'read-only',
    readonly detail: string,
  ) {
    super(
      {
        damaged: 'The database file is damaged.',
        unreadable: 'The database file cannot be read.',
        'read-only': 'The database file cannot be written to (read-only, or the disk is full).',
      }[problem] + ` (${detail})`,
    );
    this.name = 'DatabaseUnusableError';
  }
}

const sqliteCode = (e: unknown): string => (e as { code?: unknown }).code?.toString() ?? '';
/** What an SQLite error at open means for the clinic. */
function unusable(e: unknown): DatabaseUnusableError | null {
  const code = sqliteCode(e);
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return new DatabaseUnusableError('damaged', code);
  if (/^SQLITE_(READONLY|FULL)/.test(code)) return new DatabaseUnusableError('read-only', code);
  if (/^SQLITE_(CANTOPEN|IOERR|PERM|AUTH)/.test(code)) return new DatabaseUnusableError('unreadable', code);
  return null;
}

/**
 * At open, before the app serves anyone: a quick structural check, and a write that is rolled back, so a damaged or
 * read-only file stops here instead of failing every intake later.
 */
export function probeDatabase(db: Db, quickCheck = true): void {
  const check = quickCheck ? db.pragma('quick_check', { simple: true }) : 'ok';
  if (check !== 'ok') throw new DatabaseUnusableError('damaged', `quick_check: ${String(check).slice(0, 120)}`);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      // Rolled back: it only proves a page can be written (the schema itself never changes).
      db.exec('CREATE TABLE stride_write_probe (x)');
    } finally {
      db.exec('ROLLBACK');
    }
  } catch (e) {
    throw unusable(e) ?? e;
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (e) {
    throw unusable(e) ?? e;
  }
  try {
    // Refuse a newer database before anything writes to it (switching to WAL rewrites the file header).
    const list = options.migrations ?? migrations;
    const known = list === migrations ? LATEST_SCHEMA_VERSION : Math.max(0, ...list.map((m) => m.version));
    const found = schemaVersion(db);
    if (found > known) throw new SchemaTooNewError(found, known);
    db.pragma('journal_mode = WAL');
    // An acknowledged intake must survive a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? migrations);
    if (options.probe !== false) probeDatabase(db, options.quickCheck !== false);
    return db;
  } catch (e) {
    db.close();
    throw unusable(e) ?? e;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, list: readonly Migration[] = migrations): void {
  const known = list === migrations ? LATEST_SCHEMA_VERSION : Math.max(0, ...list.map((m) => m.version));
  const current = schemaVersion(db);
  if (current > known) throw new SchemaTooNewError(current, known);
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
