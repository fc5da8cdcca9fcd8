/**
 * Migration 014: fewer and slimmer indexes. A clinic's database at schema 13 comes out with every session showing
 * exactly what it showed (the row, its triage, today's queue), every search finding the same patients in the same
 * order, and the indexes kept in step by the triggers afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/store/db';
import { m014CompactIndexes } from '../../src-main/store/migrations/014-compact-indexes';
import { LATEST_SCHEMA_VERSION, migrations } from '../../src-main/store/migrations/index';
import { createPatient, setPatientPhone } from '../../src-main/store/patients';
import { checkInCodeTaken, getSession, insertSession, listQueue } from '../../src-main/store/sessions';
import { searchPatients } from '../../src-main/store/search';
import { sessionTriage } from '../../src-main/store/reason-catalogues';
import { loadContent } from '../../src-main/core/content/load';
import { triage } from '../../src-main/core/triage/engine';
import { CHECK_IN_ALPHABET, urgencyOrder } from '../../src-main/core/vocabulary';
import { loadVignettes, repoRoot } from '../support/core';

const content = loadContent(join(repoRoot, 'resources', 'content'));
const vignettes = loadVignettes();
const NAMES = ['Zoë Núñez', 'José Núñez-García', "Siobhán O'Brien", 'Li Wang', 'Anna Becker', 'Ana Bé', 'Jo Li'];
const PHONES = ['+49 170 1234567', '07700 900123', null, '(0161) 496-0000'];
const DAYS = ['2026-06-01', '2026-06-02', '2026-06-03'];
/** What a clinician types: parts of names, one- and two-letter word starts, phones, codes, a date of birth. */
const SEARCHES = [
  { name: 'nunez' },
  { name: 'unez' },
  { name: 'zoe nu' },
  { name: 'z' },
  { name: 'li' },
  { name: 'jo li' },
  { name: 'o brien' },
  { name: 'ana' },
  { name: 'b' },
  { name: 'garcia' },
  { name: '7700 900' },
  { name: '4960000' },
  { name: 'AC3C' },
  { name: 'ac 4 a' },
  { name: 'wang', dateOfBirth: '1983-01-01' },
  { dateOfBirth: '1981-01-01' },
] as const;

/** The n-th check-in code of the fixture: AC33, AC34, ... (codes use CHECK_IN_ALPHABET). */
const code = (n: number) => `AC${CHECK_IN_ALPHABET[Math.floor(n / 10)]!}${CHECK_IN_ALPHABET[n % 10]!}`;

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-014-'));
  // Schema 13 and the later migrations that only add to other tables or add columns (15, 16), so the fixture is
  // written and read with today's store functions; each test applies 014 itself. 014 touches none of what they add.
  db = openDatabase(join(dir, 'stride.db'), { migrations: migrations.filter((m) => m.version !== 14) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Patients and their visits as Stride wrote them at schema 13 (triage by reference, codes repeating across days). */
function seedSchema13(): number[] {
  const ids: number[] = [];
  for (let p = 0; p < 28; p++) {
    const name = `${NAMES[p % NAMES.length]!}${p >= NAMES.length ? ` ${p}` : ''}`;
    const phone = PHONES[p % PHONES.length] ?? undefined;
    const patientId = createPatient(db, { fullName: name, dateOfBirth: `198${p % 4}-01-01`, phone }, '2026-05-01');
    for (let k = 0; k < 3; k++) {
      const v = vignettes[(p * 3 + k) % vignettes.length]!;
      const result = triage(content, v.answers);
      const day = DAYS[(p + k) % DAYS.length]!;
      ids.push(
        insertSession(db, {
          patientId,
          submittedAt: `${day}T${String(8 + k).padStart(2, '0')}:${String(p).padStart(2, '0')}:00.000Z`,
          localDate: day,
          receivedAt: null,
          receivedOn: null,
          urgency: result.urgency,
          redFlagIds: result.redFlags.map((f) => f.id),
          painNow: typeof v.answers['pain_now'] === 'number' ? v.answers['pain_now'] : null,
          topSuggestion: result.suggestions[0]?.conditionId ?? null,
          checkInCode: code((p * 3 + k) % 40),
          locale: 'en',
          answersJson: JSON.stringify(v.answers),
          triageJson: JSON.stringify(result),
          questionnaireJson: null,
          contentVersion: content.version,
          engineVersion: result.engineVersion,
          visitKind: k === 0 ? 'first' : 'return',
          kioskPhone: null,
          identityStatus: k === 0 ? null : 'to-confirm',
        }),
      );
    }
  }
  return ids;
}

/** Everything a clinician is shown from the store, in the order it is shown. */
function shown(sessionIds: readonly number[]) {
  return {
    sessions: sessionIds.map((id) => {
      const row = getSession(db, id)!;
      return { row, triage: sessionTriage(db, row), urgencyRank: urgencyOrder(sessionTriage(db, row).urgency) };
    }),
    queues: DAYS.map((d) => listQueue(db, d)),
    searches: SEARCHES.map((q) => searchPatients(db, q)),
    codesTaken: DAYS.flatMap((d) => [code(0), code(7), code(39), code(40)].map((c) => checkInCodeTaken(db, d, c))),
  };
}

const indexes = () =>
  (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'intake_sessions'").all() as {
      name: string;
    }[]
  )
    .map((r) => r.name)
    .sort();
const apply014 = () => db.transaction(() => m014CompactIndexes.up(db))();
/** FTS5 compares its index with its content (or, contentless, checks the index itself) and throws on a mismatch. */
const integrityCheck = (table: string) => db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
const plan = (sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');

describe('migration 014: fewer and slimmer indexes', () => {
  it('every old session, queue and search shows the same after the migration', () => {
    const ids = seedSchema13();
    const before = shown(ids);
    // The fixture is not trivial: searches find patients, some codes are taken, queues hold sessions.
    expect(before.searches.filter((s) => s.length > 0).length).toBeGreaterThan(SEARCHES.length - 2);
    expect(before.codesTaken).toContain(true);
    expect(before.codesTaken).toContain(false);
    expect(before.queues.every((q) => q.length > 10)).toBe(true);

    apply014();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(shown(ids)).toEqual(before);
    expect(indexes()).toEqual(['sessions_by_code', 'sessions_by_day', 'sessions_by_patient', 'sessions_received_on']);
    expect(plan('SELECT 1 FROM intake_sessions WHERE local_date = ? AND check_in_code = ?', 'd', 'c')).toContain(
      'COVERING INDEX sessions_by_code',
    );
    expect(plan('SELECT patient_id FROM intake_sessions s WHERE s.check_in_code = ?', 'c')).toContain(
      'INDEX sessions_by_code',
    );
    expect(plan('SELECT id FROM intake_sessions s WHERE s.local_date = ? ORDER BY urgency_rank', 'd')).toContain(
      'INDEX sessions_by_day',
    );
    integrityCheck('patients_fts');
  });

  it('the search indexes follow new, changed and removed patients after the migration', () => {
    apply014();
    const names = (name: string) => searchPatients(db, { name }).map((p) => p.full_name);
    const id = createPatient(db, { fullName: 'Zoë Núñez', dateOfBirth: '1990-04-12', phone: '07700 900123' }, 'x');
    expect(names('unez')).toEqual(['Zoë Núñez']);
    expect(names('zo')).toEqual(['Zoë Núñez']);
    expect(names('7700900')).toEqual(['Zoë Núñez']);
    setPatientPhone(db, id, '+44 20 7946 0000');
    expect(names('7700900')).toEqual([]);
    expect(names('2079460')).toEqual(['Zoë Núñez']);
    db.prepare("UPDATE patients SET full_name = 'Zoë Becker', name_key = 'zoe becker' WHERE id = ?").run(id);
    expect(names('unez')).toEqual([]);
    expect(names('ecker')).toEqual(['Zoë Becker']);
    expect(names('be')).toEqual(['Zoë Becker']);
    db.prepare('DELETE FROM patients WHERE id = ?').run(id);
    expect(names('ecker')).toEqual([]);
    expect(names('zo')).toEqual([]);
    expect(names('2079460')).toEqual([]);
    integrityCheck('patients_fts');
    integrityCheck('patients_trigram');
  });
});
