/**
 * Area C on PostgreSQL: handouts (their PDFs kept in the shared database, so every hub of a group prints them),
 * templates, a patient's export inputs, retention settings and the purge. The same rows and answers as the SQLite
 * functions (store/handouts.ts, record-export.ts, retention.ts); the class in clinic-store.ts runs these inside its
 * transactions and passes its audit appender, which holds the audit log's tail lock.
 */
import type pg from 'pg';
import type { AuditEntry } from '../audit-chain';
import type { AssessmentRow } from '../assessments';
import { handoutFileName, sha256Hex } from '../handout-files';
import { templateNameKey, type HandoutPdf, type HandoutRow, type HandoutWrite, type TemplateRow } from '../handouts';
import type { MeasureResult } from '../measures';
import { measureResults } from './clinical';
import {
  EXPORT_CORE_TABLES,
  EXPORT_SESSION_JOINS,
  EXPORT_SESSION_SELECT,
  parsedJsonColumns,
  type ExportPatientRow,
  type ExportSessionRow,
  type PatientExport,
} from '../record-export';
import { retentionCutoff, retentionSchema, type PurgeResult, type RetentionSettings } from '../retention';
import type { TriageResult } from '../../core/triage/engine';

type Queryable = pg.ClientBase | pg.Pool;
export type AuditAppender = (c: pg.PoolClient, entry: AuditEntry, atIso: string) => Promise<void>;

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

const SELECT_HANDOUT = `SELECT h.id, h.session_id, h.patient_id, h.author_id, h.created_at, h.locale, h.plan_json,
    h.file_name, h.file_sha256, h.file_bytes, h.library_version, h.library_hash, h.exercise_count, h.override_count,
    c.name AS author_name
  FROM handouts h JOIN clinicians c ON c.id = h.author_id`;

export async function getHandout(q: Queryable, id: number): Promise<HandoutRow | undefined> {
  return (await q.query<HandoutRow>(`${SELECT_HANDOUT} WHERE h.id = $1`, [id])).rows[0];
}

/** The PDF's bytes beside its record, in the caller's transaction with the record's audit row. */
export async function saveHandout(c: pg.PoolClient, w: HandoutWrite, appendAudit: AuditAppender): Promise<HandoutRow> {
  const h = w.handout;
  const fileName = handoutFileName(h.sessionId, new Date(h.createdAt));
  const sha256 = sha256Hex(w.pdf);
  const r = await c.query<{ id: number }>(
    `INSERT INTO handouts (session_id, patient_id, author_id, created_at, locale, plan_json, file_name, file_sha256,
       file_bytes, library_version, library_hash, exercise_count, override_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      h.sessionId,
      h.patientId,
      h.authorId,
      h.createdAt,
      h.locale,
      h.planJson,
      fileName,
      sha256,
      w.pdf.length,
      h.libraryVersion,
      h.libraryHash,
      h.exerciseCount,
      h.overrideCount,
    ],
  );
  const id = r.rows[0]!.id;
  await c.query('INSERT INTO handout_pdfs (handout_id, sha256, pdf) VALUES ($1, $2, $3)', [
    id,
    sha256,
    Buffer.from(w.pdf.buffer, w.pdf.byteOffset, w.pdf.byteLength),
  ]);
  const detail = { handoutId: id, sha256, ...w.audit.detail };
  await appendAudit(c, { ...w.audit, detail, targetType: 'session', targetId: h.sessionId }, h.createdAt);
  return (await getHandout(c, id))!;
}

/** Refused unless the bytes hash to what the handout record says (and what was stored beside them). */
export async function handoutPdf(q: Queryable, id: number): Promise<HandoutPdf | undefined> {
  const row = await getHandout(q, id);
  if (!row) return undefined;
  const r = await q.query<{ sha256: string; pdf: Buffer }>(
    'SELECT sha256, pdf FROM handout_pdfs WHERE handout_id = $1',
    [id],
  );
  const stored = r.rows[0];
  if (!stored) return { row, file: { ok: false, problem: 'missing' }, path: null };
  const intact = stored.sha256 === row.file_sha256 && sha256Hex(stored.pdf) === row.file_sha256;
  return { row, file: intact ? { ok: true, bytes: stored.pdf } : { ok: false, problem: 'changed' }, path: null };
}

export async function latestImpression(q: Queryable, sessionId: number): Promise<string[] | null> {
  const r = await q.query<{ note_json: string }>(
    'SELECT note_json FROM assessments WHERE session_id = $1 ORDER BY version DESC LIMIT 1',
    [sessionId],
  );
  if (!r.rows[0]) return null;
  const note = JSON.parse(r.rows[0].note_json) as { impression?: unknown };
  return Array.isArray(note.impression) ? note.impression.filter((c): c is string => typeof c === 'string') : null;
}

const SELECT_TEMPLATE = `SELECT t.id, t.name, t.name_key, t.plan_json, t.author_id, t.created_at, t.updated_at,
    c.name AS author_name
  FROM handout_templates t JOIN clinicians c ON c.id = t.author_id`;

export async function listTemplates(q: Queryable): Promise<TemplateRow[]> {
  return (await q.query<TemplateRow>(`${SELECT_TEMPLATE} ORDER BY t.name_key COLLATE "C"`)).rows;
}

export async function getTemplate(q: Queryable, id: number): Promise<TemplateRow | undefined> {
  return (await q.query<TemplateRow>(`${SELECT_TEMPLATE} WHERE t.id = $1`, [id])).rows[0];
}

/** One statement decides insert or replace (two hubs saving one name make one template), then its audit row. */
export async function saveTemplate(
  c: pg.PoolClient,
  t: { name: string; planJson: string; authorId: number; at: string },
  appendAudit: AuditAppender,
): Promise<TemplateRow> {
  const r = await c.query<{ id: number; replaced: boolean }>(
    `INSERT INTO handout_templates (name, name_key, plan_json, author_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (name_key) DO UPDATE
       SET name = excluded.name, plan_json = excluded.plan_json, author_id = excluded.author_id,
           updated_at = excluded.updated_at
     RETURNING id, (xmax <> 0) AS replaced`,
    [t.name.trim(), templateNameKey(t.name), t.planJson, t.authorId, t.at],
  );
  const { id, replaced } = r.rows[0]!;
  await appendAudit(
    c,
    {
      actorType: 'clinician',
      actorId: t.authorId,
      action: replaced ? 'handout.template.replace' : 'handout.template.save',
      targetType: 'handout_template',
      targetId: id,
    },
    t.at,
  );
  return (await getTemplate(c, id))!;
}

interface ForeignKey {
  table: string;
  column: string;
  target: string;
  /** The target's column it refers to. */
  targetColumn: string;
}

/** Every single-column foreign key of Stride's tables, from the catalogue (as SQLite's pragma_foreign_key_list). */
async function foreignKeys(q: Queryable): Promise<ForeignKey[]> {
  const r = await q.query<ForeignKey>(
    `SELECT cl.relname AS table, a.attname AS column, t.relname AS target, ta.attname AS "targetColumn"
       FROM pg_constraint co
       JOIN pg_class cl ON cl.oid = co.conrelid
       JOIN pg_class t ON t.oid = co.confrelid
       JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
       JOIN pg_attribute ta ON ta.attrelid = co.confrelid AND ta.attnum = co.confkey[1]
      WHERE co.contype = 'f' AND cardinality(co.conkey) = 1
        AND cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
      ORDER BY cl.oid, co.conname`,
  );
  return r.rows;
}

/** A patient's export inputs in one read-only snapshot (REPEATABLE READ), as store/record-export.ts. */
export async function patientExport(
  c: pg.PoolClient,
  patientId: number,
  triageOf: (row: ExportSessionRow) => Promise<TriageResult>,
): Promise<PatientExport | undefined> {
  await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const p = await c.query<ExportPatientRow>(
    'SELECT id, full_name, date_of_birth, phone, created_at FROM patients WHERE id = $1',
    [patientId],
  );
  const patient = p.rows[0];
  if (!patient) return undefined;
  const s = await c.query<ExportSessionRow>(
    `SELECT ${EXPORT_SESSION_SELECT} FROM intake_sessions s ${EXPORT_SESSION_JOINS}
      WHERE s.patient_id = $1 ORDER BY s.submitted_at COLLATE "C", s.id`,
    [patientId],
  );
  const measures = new Map<number, MeasureResult[]>();
  for (const r of await measureResults(c, 'patient', patientId, 'm.session_id, m.measure COLLATE "C"'))
    measures.set(r.sessionId, [...(measures.get(r.sessionId) ?? []), r]);
  const sessions: PatientExport['sessions'] = [];
  for (const row of s.rows) sessions.push({ row, triage: await triageOf(row), measures: measures.get(row.id) ?? [] });
  const a = await c.query<AssessmentRow>(
    `SELECT a.id, a.session_id, a.patient_id, a.version, a.previous_id, a.author_id, a.created_at, a.note_json,
            a.amend_reason, c.name AS author_name
       FROM assessments a JOIN clinicians c ON c.id = a.author_id JOIN intake_sessions s ON s.id = a.session_id
      WHERE a.patient_id = $1 ORDER BY s.submitted_at COLLATE "C" DESC, a.version DESC LIMIT 1`,
    [patientId],
  );
  const h = await c.query<HandoutRow>(
    `${SELECT_HANDOUT} WHERE h.patient_id = $1 ORDER BY h.created_at COLLATE "C", h.id`,
    [patientId],
  );
  return {
    patient,
    sessions,
    related: await relatedRows(
      c,
      patientId,
      s.rows.map((r) => r.id),
    ),
    latestAssessment: a.rows[0],
    handouts: h.rows,
  };
}

/**
 * As record-export.ts: rows of the other tables pointing at the patient or their visits. In primary-key order (SQLite
 * lists them in rowid order, which is the same for tables with an id; not always for measure responses).
 */
async function relatedRows(
  c: pg.PoolClient,
  patientId: number,
  sessionIds: number[],
): Promise<PatientExport['related']> {
  const byTable = new Map<string, ForeignKey[]>();
  for (const fk of await foreignKeys(c)) {
    if (EXPORT_CORE_TABLES.has(fk.table) || (fk.target !== 'patients' && fk.target !== 'intake_sessions')) continue;
    byTable.set(fk.table, [...(byTable.get(fk.table) ?? []), fk]);
  }
  const out: PatientExport['related'] = {};
  for (const [table, fks] of byTable) {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where = fks.flatMap((fk) =>
      fk.target === 'patients'
        ? [`${quote(fk.column)} = ${arg(patientId)}`]
        : sessionIds.length > 0
          ? [`${quote(fk.column)} = ANY(${arg(sessionIds)}::integer[])`]
          : [],
    );
    if (where.length === 0) continue;
    const key = await c.query<{ column: string }>(
      `SELECT a.attname AS column FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [quote(table)],
    );
    const order = key.rows.length ? ` ORDER BY ${key.rows.map((k) => quote(k.column)).join(', ')}` : '';
    const rows = await c.query<Record<string, unknown>>(
      `SELECT * FROM ${quote(table)} WHERE ${where.join(' OR ')}${order}`,
      args,
    );
    out[table] = rows.rows.map(parsedJsonColumns);
  }
  return out;
}

const RETENTION_KEY = 'retention';

export async function readRetention(q: Queryable): Promise<RetentionSettings> {
  const r = await q.query<{ value_json: string }>('SELECT value_json FROM settings WHERE key = $1', [RETENTION_KEY]);
  const parsed = retentionSchema.safeParse(r.rows[0] ? JSON.parse(r.rows[0].value_json) : {});
  return parsed.success ? parsed.data : retentionSchema.parse({});
}

/** The settings row is locked while it is read and written, so two hubs changing it at once lose neither change. */
export async function saveRetention(
  c: pg.PoolClient,
  patch: Partial<RetentionSettings>,
  actorId: number | null,
  atIso: string,
  appendAudit: AuditAppender,
): Promise<RetentionSettings> {
  await c.query('SELECT 1 FROM settings WHERE key = $1 FOR UPDATE', [RETENTION_KEY]);
  const next = retentionSchema.parse({ ...(await readRetention(c)), ...patch });
  await c.query(
    `INSERT INTO settings (key, value_json) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
    [RETENTION_KEY, JSON.stringify(next)],
  );
  await appendAudit(c, { actorType: 'clinician', actorId, action: 'records.retention', detail: { ...next } }, atIso);
  return next;
}

/** Where PDFs are kept instead of files: not records, so not counted (SQLite deletes the files uncounted). */
const FILE_TABLES: ReadonlySet<string> = new Set(['handout_pdfs']);

/** Child tables more than this deep below a session are not looked for (as SQLite's purge). */
const MAX_DEPTH = 4;

/**
 * Deletes the rows of every table that points at the selected rows of `target`, children of children first, and
 * counts them by table. `selected(col)` is a subquery giving that column of the selected target rows.
 */
async function deleteDependents(
  c: pg.PoolClient,
  fks: readonly ForeignKey[],
  target: string,
  selected: (column: string) => string,
  related: Record<string, number>,
  depth = 0,
): Promise<void> {
  if (depth > MAX_DEPTH) return;
  for (const fk of fks.filter((f) => f.target === target && f.table !== target)) {
    const children = (column: string) =>
      `SELECT ${quote(column)} FROM ${quote(fk.table)} WHERE ${quote(fk.column)} IN (${selected(fk.targetColumn)})`;
    await deleteDependents(c, fks, fk.table, children, related, depth + 1);
    const r = await c.query(
      `DELETE FROM ${quote(fk.table)} WHERE ${quote(fk.column)} IN (${selected(fk.targetColumn)})`,
    );
    const n = r.rowCount ?? 0;
    if (n > 0 && !FILE_TABLES.has(fk.table)) related[fk.table] = (related[fk.table] ?? 0) + n;
  }
}

/**
 * As store/retention.ts purgeExpired, in the caller's transaction: sessions submitted before the cutoff and every row
 * that hangs off them (found from the foreign keys), then patients first seen before it with nothing left, then one
 * audit row with counts only. The append-only guards let these deletes through because the transaction says it is
 * the purge (migration 015), for this transaction only. Handout PDFs go with their records (handout_pdfs).
 */
export async function purgeExpired(
  c: pg.PoolClient,
  now: Date,
  actorId: number | null,
  appendAudit: AuditAppender,
): Promise<PurgeResult> {
  const settings = await readRetention(c);
  const cutoff = retentionCutoff(now, settings.recordsYears).toISOString();
  await c.query("SET LOCAL stride.purging = 'retention'");
  const fks = await foreignKeys(c);
  const related: Record<string, number> = {};
  await c.query(
    `CREATE TEMP TABLE purge_sessions ON COMMIT DROP AS
       SELECT id FROM intake_sessions WHERE submitted_at COLLATE "C" < $1`,
    [cutoff],
  );
  const files = await c.query<{ file_name: string }>(
    'SELECT file_name FROM handouts WHERE session_id IN (SELECT id FROM purge_sessions) ORDER BY id',
  );
  const sessionRows = (column: string) =>
    `SELECT ${quote(column)} FROM intake_sessions WHERE id IN (SELECT id FROM purge_sessions)`;
  await deleteDependents(c, fks, 'intake_sessions', sessionRows, related);
  const sessions =
    (await c.query('DELETE FROM intake_sessions WHERE id IN (SELECT id FROM purge_sessions)')).rowCount ?? 0;

  // A patient goes only when nothing of theirs remains and they were first seen before the cutoff. Locked, so a
  // kiosk matching one of them meanwhile waits and then finds them gone rather than attaching a visit to a ghost.
  const gone = await c.query<{ id: number }>(
    `SELECT p.id FROM patients p
      WHERE p.created_at COLLATE "C" < $1 AND NOT EXISTS (SELECT 1 FROM intake_sessions s WHERE s.patient_id = p.id)
      ORDER BY p.id FOR UPDATE`,
    [cutoff],
  );
  await c.query('CREATE TEMP TABLE purge_patients (id integer PRIMARY KEY) ON COMMIT DROP');
  await c.query('INSERT INTO purge_patients SELECT unnest($1::integer[])', [gone.rows.map((r) => r.id)]);
  const patientRows = (column: string) =>
    `SELECT ${quote(column)} FROM patients WHERE id IN (SELECT id FROM purge_patients)`;
  await deleteDependents(c, fks, 'patients', patientRows, related);
  const patients = (await c.query('DELETE FROM patients WHERE id IN (SELECT id FROM purge_patients)')).rowCount ?? 0;

  await appendAudit(
    c,
    {
      actorType: actorId === null ? 'system' : 'clinician',
      actorId,
      action: 'records.purge',
      detail: { cutoff, sessions, patients, related },
    },
    now.toISOString(),
  );
  return { cutoff, sessions, patients, related, expiredFiles: files.rows.map((r) => r.file_name) };
}
