/** Handout records (append-only) and clinic handout templates. Plans are stored as validated JSON. */
import type { AuditEntry } from './audit-chain';
import type { Db } from './db';
import type { HandoutFileRead } from './handout-files';

export interface NewHandout {
  sessionId: number;
  patientId: number;
  authorId: number;
  createdAt: string;
  locale: string;
  planJson: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  libraryVersion: string;
  libraryHash: string;
  exerciseCount: number;
  overrideCount: number;
}

export interface HandoutRow {
  id: number;
  session_id: number;
  patient_id: number;
  author_id: number;
  author_name: string;
  created_at: string;
  locale: string;
  plan_json: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  library_version: string;
  library_hash: string;
  exercise_count: number;
  override_count: number;
}

export function insertHandout(db: Db, h: NewHandout): number {
  const info = db
    .prepare(
      `INSERT INTO handouts (session_id, patient_id, author_id, created_at, locale, plan_json, file_name, file_sha256,
         file_bytes, library_version, library_hash, exercise_count, override_count)
       VALUES (@sessionId, @patientId, @authorId, @createdAt, @locale, @planJson, @fileName, @fileSha256, @fileBytes,
         @libraryVersion, @libraryHash, @exerciseCount, @overrideCount)`,
    )
    .run(h);
  return Number(info.lastInsertRowid);
}

const SELECT_HANDOUT = `SELECT h.*, c.name AS author_name FROM handouts h JOIN clinicians c ON c.id = h.author_id`;

/** Newest first. */
export function listHandouts(db: Db, sessionId: number): HandoutRow[] {
  return db
    .prepare(`${SELECT_HANDOUT} WHERE h.session_id = ? ORDER BY h.created_at DESC, h.id DESC`)
    .all(sessionId) as HandoutRow[];
}

/** Every handout the patient was given, oldest first (a letter lists them in the order they were given). */
export function patientHandouts(db: Db, patientId: number): HandoutRow[] {
  return db
    .prepare(`${SELECT_HANDOUT} WHERE h.patient_id = ? ORDER BY h.created_at, h.id`)
    .all(patientId) as HandoutRow[];
}

export function getHandout(db: Db, id: number): HandoutRow | undefined {
  return db.prepare(`${SELECT_HANDOUT} WHERE h.id = ?`).get(id) as HandoutRow | undefined;
}

export interface TemplateRow {
  id: number;
  name: string;
  plan_json: string;
  author_id: number;
  author_name: string;
  created_at: string;
  updated_at: string;
}

export const templateNameKey = (name: string) => name.normalize('NFC').trim().toLowerCase();

export function listTemplates(db: Db): TemplateRow[] {
  return db
    .prepare(
      `SELECT t.*, c.name AS author_name FROM handout_templates t JOIN clinicians c ON c.id = t.author_id
        ORDER BY t.name_key`,
    )
    .all() as TemplateRow[];
}

export function getTemplate(db: Db, id: number): TemplateRow | undefined {
  return db
    .prepare(
      `SELECT t.*, c.name AS author_name FROM handout_templates t JOIN clinicians c ON c.id = t.author_id WHERE t.id ` +
        `= ?`,
    )
    .get(id) as TemplateRow | undefined;
}

/** Saves under a name; saving again under the same name (any case) replaces that template's plan. */
export function upsertTemplate(
  db: Db,
  t: { name: string; planJson: string; authorId: number; at: string },
): { id: number; replaced: boolean } {
  const key = templateNameKey(t.name);
  const existing = db.prepare('SELECT id FROM handout_templates WHERE name_key = ?').get(key) as
    { id: number } | undefined;
  if (existing) {
    db.prepare('UPDATE handout_templates SET name = ?, plan_json = ?, author_id = ?, updated_at = ? WHERE id = ?').run(
      t.name.trim(),
      t.planJson,
      t.authorId,
      t.at,
      existing.id,
    );
    return { id: existing.id, replaced: true };
  }
  const info = db
    .prepare(
      'INSERT INTO handout_templates (name, name_key, plan_json, author_id, created_at, updated_at) VALUES (?, ?, ?, ' +
        '?, ?, ?)',
    )
    .run(t.name.trim(), key, t.planJson, t.authorId, t.at, t.at);
  return { id: Number(info.lastInsertRowid), replaced: false };
}

/** The latest assessment impression (condition ids) for a session, if the clinician area's table exists. */
export function latestImpression(db: Db, sessionId: number): string[] | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'assessments'").get();
  if (!hasTable) return null;
  const row = db
    .prepare('SELECT note_json FROM assessments WHERE session_id = ? ORDER BY version DESC LIMIT 1')
    .get(sessionId) as { note_json: string } | undefined;
  if (!row) return null;
  const note = JSON.parse(row.note_json) as { impression?: unknown };
  return Array.isArray(note.impression) ? note.impression.filter((c): c is string => typeof c === 'string') : null;
}

/** A handout being made: its PDF, its record and its audit row, kept together or not at all (saveHandout). */
export interface HandoutWrite {
  /** The record without the file's name, hash and size, which the store gives it when it keeps the PDF. */
  handout: Omit<NewHandout, 'fileName' | 'fileSha256' | 'fileBytes'>;
  pdf: Uint8Array;
  /** The audit row; its target is the session, and the store adds `handoutId` and `sha256` to its detail. */
  audit: Omit<AuditEntry, 'targetType' | 'targetId'>;
}

/** A recorded handout and its PDF as the engine keeps it, read back only while it still has the recorded hash. */
export interface HandoutPdf {
  row: HandoutRow;
  file: HandoutFileRead;
  /** The file itself, for the system's PDF viewer, where the engine keeps files (SQLite); null in a database. */
  path: string | null;
}
