/**
 * Patient search: inside the folded name (trigram FTS5: "ecker" finds Becker, "unez" finds Núñez), by the start of a
 * name for words too short for trigrams, by phone digits and by check-in code; optionally narrowed by date of birth.
 */
import { nameKey } from '../core/text';
import { CHECK_IN_ALPHABET, CHECK_IN_LENGTH } from '../core/vocabulary';
import type { Db } from './db';

export interface PatientHitRow {
  id: number;
  full_name: string;
  date_of_birth: string;
  /** What tells two people born the same day apart when the clinician asks the patient. */
  phone: string | null;
  sessions: number;
  last_visit: string | null;
}

/** Trigrams need three characters; shorter words are matched as the start of a word of the name. */
const TRIGRAM = 3;
/** Fewer digits than this is more likely part of a code or a typo than a phone number. */
const MIN_PHONE_DIGITS = 4;
/** Codes grow a character on a crowded day (api/check-in-code.ts), up to four more. */
const CODE_PATTERN = new RegExp(`^[${CHECK_IN_ALPHABET}]{${CHECK_IN_LENGTH},${CHECK_IN_LENGTH + 4}}$`);

const quoted = (w: string) => `"${w.replace(/"/g, '""')}"`;

/** The folded words of what was typed (letters and digits only), at most eight: both engines search by these. */
export function searchWords(text: string): string[] {
  return nameKey(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}

/**
 * Every word the clinician typed must start a word of the name: "nun" finds "Núñez", "zoe nu" finds "Zoë Núñez".
 * Words are folded like stored names and quoted, so FTS5 syntax typed by a person is taken literally.
 */
export function ftsQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `${quoted(w)}*`).join(' ');
}

/** A phone number as its digits, when the text is one (digits, spaces, +, -, brackets); otherwise null. */
export function phoneDigits(text: string): string | null {
  if (!/^[+0-9 ()-]+$/.test(text.trim())) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}

/** The text as a check-in code (case-insensitive, spaces ignored), or null when it cannot be one. */
export function checkInCode(text: string): string | null {
  const code = text.replace(/\s/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

const HIT_COLUMNS = `p.id, p.full_name, p.date_of_birth, p.phone,
  (SELECT count(*) FROM intake_sessions s WHERE s.patient_id = p.id) AS sessions,
  (SELECT max(s.submitted_at) FROM intake_sessions s WHERE s.patient_id = p.id) AS last_visit`;

/**
 * Ids of patients whose name contains every word: words of three letters or more through the trigram index, shorter
 * ones as the start of a word of the name (the trigram index cannot see them). The newest records first, as on
 * PostgreSQL: FTS5 walks its hits in rowid order and stops at the limit, while ranking by bm25 scored every hit of a
 * common surname first (18 ms for "nunez" at 250,000 patients, 0.1 ms in rowid order; bench/postgres.ts).
 */
function idsByName(db: Db, text: string, dateOfBirth: string | undefined, limit: number): number[] {
  const words = searchWords(text);
  if (words.length === 0) return [];
  const long = words.filter((w) => [...w].length >= TRIGRAM);
  const short = words.filter((w) => [...w].length < TRIGRAM);
  const dob = dateOfBirth ? 'AND p.date_of_birth = ?' : '';
  const dobParam = dateOfBirth ? [dateOfBirth] : [];
  if (long.length === 0) {
    const rows = db
      .prepare(
        `SELECT f.rowid AS id FROM patients_fts f JOIN patients p ON p.id = f.rowid
          WHERE patients_fts MATCH ? ${dob} ORDER BY f.rowid DESC LIMIT ?`,
      )
      .all(ftsQuery(text), ...dobParam, limit) as { id: number }[];
    return rows.map((r) => r.id);
  }
  const match = `name_key : (${long.map(quoted).join(' ')})`;
  const starts = short.map(() => `AND (' ' || replace(p.name_key, '-', ' ')) LIKE ? ESCAPE '\\'`).join(' ');
  const startParams = short.map((w) => `% ${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = db
    .prepare(
      `SELECT t.rowid AS id FROM patients_trigram t JOIN patients p ON p.id = t.rowid
        WHERE patients_trigram MATCH ? ${starts} ${dob} ORDER BY t.rowid DESC LIMIT ?`,
    )
    .all(match, ...startParams, ...dobParam, limit) as { id: number }[];
  return rows.map((r) => r.id);
}

function idsByPhone(db: Db, digits: string, dateOfBirth: string | undefined, limit: number): number[] {
  const dob = dateOfBirth ? 'AND p.date_of_birth = ?' : '';
  const rows = db
    .prepare(
      `SELECT t.rowid AS id FROM patients_trigram t JOIN patients p ON p.id = t.rowid
        WHERE patients_trigram MATCH ? ${dob} ORDER BY t.rowid DESC LIMIT ?`,
    )
    .all(`phone_digits : ${quoted(digits)}`, ...(dateOfBirth ? [dateOfBirth] : []), limit) as { id: number }[];
  return rows.map((r) => r.id);
}

/** Patients who checked in with this code on any day, the latest visit first. */
function idsByCode(db: Db, code: string, dateOfBirth: string | undefined, limit: number): number[] {
  const dob = dateOfBirth ? 'AND p.date_of_birth = ?' : '';
  const rows = db
    .prepare(
      `SELECT s.patient_id AS id, max(s.submitted_at) AS latest
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
        WHERE s.check_in_code = ? ${dob} GROUP BY s.patient_id ORDER BY latest DESC LIMIT ?`,
    )
    .all(code, ...(dateOfBirth ? [dateOfBirth] : []), limit) as { id: number }[];
  return rows.map((r) => r.id);
}

/**
 * What the clinician typed may be part of a name, a phone number or a check-in code: each that it can be is looked up,
 * a code's patient first (the most specific), then phone, then name matches; a date of birth narrows every one.
 */
export function searchPatients(
  db: Db,
  q: { name?: string | undefined; dateOfBirth?: string | undefined },
  limit = 50,
): PatientHitRow[] {
  const text = q.name?.trim() ?? '';
  let ids: number[];
  if (text) {
    const code = checkInCode(text);
    const digits = phoneDigits(text);
    ids = [
      ...(code ? idsByCode(db, code, q.dateOfBirth, limit) : []),
      ...(digits ? idsByPhone(db, digits, q.dateOfBirth, limit) : []),
      ...idsByName(db, text, q.dateOfBirth, limit),
    ];
  } else if (q.dateOfBirth) {
    ids = (
      db
        .prepare('SELECT id FROM patients WHERE date_of_birth = ? ORDER BY name_key, id LIMIT ?')
        .all(q.dateOfBirth, limit) as { id: number }[]
    ).map((r) => r.id);
  } else return [];
  const unique = [...new Set(ids)].slice(0, limit);
  if (unique.length === 0) return [];
  // Visit counts are only computed for the rows returned, not for every match of a common name.
  const rows = db
    .prepare(`SELECT ${HIT_COLUMNS} FROM patients p WHERE p.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(unique)) as PatientHitRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.flatMap((id) => byId.get(id) ?? []);
}

export interface HistoryRow {
  id: number;
  submitted_at: string;
  local_date: string;
  status: 'waiting' | 'in-review' | 'seen';
  urgency: 'emergency' | 'same-day' | 'routine';
  pain_now: number | null;
  top_suggestion: string | null;
  assessments: number;
}

export function patientSessions(db: Db, patientId: number): HistoryRow[] {
  return db
    .prepare(
      `SELECT s.id, s.submitted_at, s.local_date, s.status, s.urgency, s.pain_now, s.top_suggestion,
              (SELECT count(*) FROM assessments a WHERE a.session_id = s.id) AS assessments
         FROM intake_sessions s WHERE s.patient_id = ? ORDER BY s.submitted_at, s.id`,
    )
    .all(patientId) as HistoryRow[];
}
