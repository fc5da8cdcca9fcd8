/**
 * Retention: intake records older than the clinic's retention period are purged, together with rows that hang off
 * them (discovered from the schema's foreign keys, so tables added later are included) and patients left with no
 * records. The purge writes one audit row with counts only. Nothing inside the window is ever touched.
 *
 * Kiosk drafts: Stride stores no drafts (an unfinished intake lives only in the kiosk window and is wiped on idle),
 * so there is nothing to purge for them; the setting exists so a future draft table has its period ready.
 */
import { z } from 'zod';
import { appendAudit } from './audit';
import type { Db } from './db';

export const retentionSchema = z
  .object({
    recordsYears: z.number().int().min(1).max(100).default(8),
    draftDays: z.number().int().min(1).max(365).default(30),
  })
  .strict();
export type RetentionSettings = z.infer<typeof retentionSchema>;

// Kept under its own key in the settings table, beside the 'app' document.
const KEY = 'retention';

export function readRetention(db: Db): RetentionSettings {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(KEY) as
    { value_json: string } | undefined;
  const parsed = retentionSchema.safeParse(row ? JSON.parse(row.value_json) : {});
  return parsed.success ? parsed.data : retentionSchema.parse({});
}

export function writeRetention(db: Db, patch: Partial<RetentionSettings>): RetentionSettings {
  const next = retentionSchema.parse({ ...readRetention(db), ...patch });
  db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = ' +
      'excluded.value_json',
  ).run(KEY, JSON.stringify(next));
  return next;
}

/** The oldest instant still inside the window: a record submitted before it is purged, at or after it is kept. */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

export interface PurgeResult {
  cutoff: string;
  sessions: number;
  patients: number;
  /** Rows removed from tables that reference sessions or patients (assessments, handouts, ...), by table. */
  related: Record<string, number>;
  /** Handout PDFs (names under <dataDir>/handouts) whose records were purged: the caller deletes them after commit. */
  expiredFiles: string[];
}

interface ForeignKey {
  table: string;
  from: string;
}

/** Every (table, column) whose foreign key points at `target`, read from the schema itself. */
function referencesTo(db: Db, target: string): ForeignKey[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const out: ForeignKey[] = [];
  for (const { name } of tables) {
    const fks = db.prepare('SELECT "table" AS target, "from" FROM pragma_foreign_key_list(?)').all(name) as {
      target: string;
      from: string;
    }[];
    for (const fk of fks) if (fk.target === target && name !== target) out.push({ table: name, from: fk.from });
  }
  return out;
}

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/**
 * Append-only tables (assessment notes, handouts) refuse DELETE with a trigger. Expiry is the one sanctioned deletion:
 * the trigger is dropped and re-created around the delete, inside the purge's transaction, so it is never missing
 * outside it (a failure rolls the drop back too).
 */
function withDeleteGuardsLifted<T>(db: Db, table: string, run: () => T): T {
  const guards = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND upper(sql) LIKE '%BEFORE " +
        "DELETE%'",
    )
    .all(table) as { name: string; sql: string }[];
  for (const g of guards) db.exec(`DROP TRIGGER ${quote(g.name)}`);
  const result = run();
  for (const g of guards) db.exec(g.sql);
  return result;
}

/** Deletes the rows of every table that points at the ids in temp table `ids`, children of children first. */
function deleteDependents(db: Db, target: string, idsTable: string, related: Record<string, number>, depth = 0): void {
  if (depth > 4) return;
  for (const fk of referencesTo(db, target)) {
    const childIds = `temp.purge_${depth}_${fk.table.replace(/\W/g, '_')}`;
    db.exec(`DROP TABLE IF EXISTS ${childIds}; CREATE TEMP TABLE ${childIds.slice(5)} (id INTEGER PRIMARY KEY)`);
    db.exec(
      `INSERT OR IGNORE INTO ${childIds} SELECT rowid FROM ${quote(fk.table)} WHERE ${quote(fk.from)} IN (SELECT id ` +
        `FROM ${idsTable})`,
    );
    deleteDependents(db, fk.table, childIds, related, depth + 1);
    const n = withDeleteGuardsLifted(
      db,
      fk.table,
      () => db.prepare(`DELETE FROM ${quote(fk.table)} WHERE rowid IN (SELECT id FROM ${childIds})`).run().changes,
    );
    if (n > 0) related[fk.table] = (related[fk.table] ?? 0) + n;
    db.exec(`DROP TABLE ${childIds}`);
  }
}

/** Purges records older than the retention period, in one transaction with its audit row. */
export function purgeExpired(
  db: Db,
  now: Date,
  settings: RetentionSettings = readRetention(db),
  actorId: number | null = null,
): PurgeResult {
  const cutoff = retentionCutoff(now, settings.recordsYears).toISOString();
  return db.transaction((): PurgeResult => {
    const related: Record<string, number> = {};
    db.exec('DROP TABLE IF EXISTS temp.purge_sessions; CREATE TEMP TABLE purge_sessions (id INTEGER PRIMARY KEY)');
    db.prepare('INSERT INTO temp.purge_sessions SELECT id FROM intake_sessions WHERE submitted_at < ?').run(cutoff);
    const hasHandouts = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'handouts'").get();
    const expiredFiles = hasHandouts
      ? (
          db
            .prepare('SELECT file_name FROM handouts WHERE session_id IN (SELECT id FROM temp.purge_sessions)')
            .all() as { file_name: string }[]
        ).map((r) => r.file_name)
      : [];
    deleteDependents(db, 'intake_sessions', 'temp.purge_sessions', related);
    const sessions = db
      .prepare('DELETE FROM intake_sessions WHERE id IN (SELECT id FROM temp.purge_sessions)')
      .run().changes;

    // A patient goes only when nothing of theirs remains and they were first seen before the cutoff.
    db.exec('DROP TABLE IF EXISTS temp.purge_patients; CREATE TEMP TABLE purge_patients (id INTEGER PRIMARY KEY)');
    db.prepare(
      `INSERT INTO temp.purge_patients SELECT p.id FROM patients p
        WHERE p.created_at < ? AND NOT EXISTS (SELECT 1 FROM intake_sessions s WHERE s.patient_id = p.id)`,
    ).run(cutoff);
    deleteDependents(db, 'patients', 'temp.purge_patients', related);
    const patients = db.prepare('DELETE FROM patients WHERE id IN (SELECT id FROM temp.purge_patients)').run().changes;
    db.exec('DROP TABLE temp.purge_sessions; DROP TABLE temp.purge_patients');

    appendAudit(
      db,
      {
        actorType: actorId === null ? 'system' : 'clinician',
        actorId,
        action: 'records.purge',
        detail: { cutoff, sessions, patients, related },
      },
      now.toISOString(),
    );
    return { cutoff, sessions, patients, related, expiredFiles };
  })();
}
