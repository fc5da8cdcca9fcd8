/** Patient search at store level: inside names, accents and case folded, by phone digits and check-in code. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/store/db';
import { migrations } from '../../src-main/store/migrations/index';
import { createPatient } from '../../src-main/store/patients';
import { insertSession } from '../../src-main/store/sessions';
import { checkInCode, phoneDigits, searchPatients } from '../../src-main/store/search';

let dir: string;
let db: Db;
const AT = '2026-03-02T09:00:00.000Z';

function patient(fullName: string, dateOfBirth: string, phone?: string): number {
  return createPatient(db, { fullName, dateOfBirth, phone }, AT);
}
function visit(patientId: number, code: string, submittedAt = AT): number {
  return insertSession(db, {
    patientId,
    submittedAt,
    receivedAt: null,
    receivedOn: null,
    localDate: submittedAt.slice(0, 10),
    urgency: 'routine',
    redFlagIds: [],
    painNow: 4,
    topSuggestion: null,
    checkInCode: code,
    locale: 'en',
    answersJson: '{}',
    triageJson: '{}',
    questionnaireJson: null,
    contentVersion: 'c',
    engineVersion: 'e',
    visitKind: 'first',
    kioskPhone: null,
    identityStatus: null,
  });
}
const names = (q: Parameters<typeof searchPatients>[1]) => searchPatients(db, q).map((p) => p.full_name);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-search-'));
  db = openDatabase(join(dir, 'stride.db'), { migrations });
  patient('Anna Becker', '1980-05-01', '+49 170 1234567');
  patient('Zoë Núñez', '1990-04-12', '07700 900123');
  patient('José Núñez-García', '1970-01-01');
  patient('Li Wang', '1985-07-07');
  patient('Amelia Wang', '1992-02-02');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('patient search', () => {
  it('matches inside names, whatever the case and accents', () => {
    expect(names({ name: 'ecker' })).toEqual(['Anna Becker']);
    expect(names({ name: 'unez' }).sort()).toEqual(['José Núñez-García', 'Zoë Núñez']);
    expect(names({ name: 'ÚÑEZ' }).sort()).toEqual(['José Núñez-García', 'Zoë Núñez']);
    expect(names({ name: 'arcí' })).toEqual(['José Núñez-García']);
    expect(names({ name: 'zoe unez' })).toEqual(['Zoë Núñez']);
  });

  it('reads a word too short for trigrams as the start of a word of the name', () => {
    expect(names({ name: 'li wang' })).toEqual(['Li Wang']);
    expect(names({ name: 'wang li' })).toEqual(['Li Wang']);
    expect(names({ name: 'ga' })).toEqual(['José Núñez-García']);
    expect(names({ name: 'zo' })).toEqual(['Zoë Núñez']);
  });

  it('finds by phone as digits, ignoring spaces, + and brackets, and part of the number', () => {
    expect(names({ name: '491701234567' })).toEqual(['Anna Becker']);
    expect(names({ name: '+49 (170) 123-4567' })).toEqual(['Anna Becker']);
    expect(names({ name: '900 123' })).toEqual(['Zoë Núñez']);
    expect(names({ name: '5555' })).toEqual([]);
  });

  it('keeps the phone index in step when a phone is added or changed', () => {
    const id = searchPatients(db, { name: 'li wang' })[0]!.id;
    expect(names({ name: '0612345678' })).toEqual([]);
    db.prepare('UPDATE patients SET phone = ? WHERE id = ?').run('0612 345 678', id);
    expect(searchPatients(db, { name: '0612345678' }).map((p) => p.id)).toEqual([id]);
    db.prepare('UPDATE patients SET phone = ? WHERE id = ?').run('0699 000 111', id);
    expect(names({ name: '0612345678' })).toEqual([]);
    expect(names({ name: '0699000111' })).toEqual(['Li Wang']);
  });

  it('finds by check-in code on any day, case-insensitive, the latest visit first', () => {
    const becker = searchPatients(db, { name: 'becker' })[0]!.id;
    const wang = searchPatients(db, { name: 'amelia' })[0]!.id;
    visit(becker, 'K7QX', '2026-01-10T09:00:00.000Z');
    visit(wang, 'K7QX', '2026-02-10T09:00:00.000Z');
    expect(names({ name: 'k7qx' })).toEqual(['Amelia Wang', 'Anna Becker']);
    expect(names({ name: 'K7QX', dateOfBirth: '1980-05-01' })).toEqual(['Anna Becker']);
    const hit = searchPatients(db, { name: 'k7qx' })[0]!;
    expect(hit).toMatchObject({ sessions: 1, last_visit: '2026-02-10T09:00:00.000Z' });
  });

  it('narrows by date of birth, and finds nothing rather than everything', () => {
    expect(names({ name: 'wang', dateOfBirth: '1992-02-02' })).toEqual(['Amelia Wang']);
    expect(names({ dateOfBirth: '1985-07-07' })).toEqual(['Li Wang']);
    expect(names({ name: 'nobody' })).toEqual([]);
    expect(names({ name: '"*) OR (' })).toEqual([]);
    expect(names({})).toEqual([]);
  });

  it('forgets a deleted patient', () => {
    const id = searchPatients(db, { name: 'becker' })[0]!.id;
    db.prepare('DELETE FROM patients WHERE id = ?').run(id);
    expect(names({ name: 'ecker' })).toEqual([]);
    expect(names({ name: '1701234567' })).toEqual([]);
  });

  it('tells what a text can be', () => {
    expect(phoneDigits('+44 (0) 7700-900')).toBe('4407700900');
    expect(phoneDigits('12a4')).toBeNull();
    expect(phoneDigits('12')).toBeNull();
    expect(checkInCode(' k7qx ')).toBe('K7QX');
    expect(checkInCode('K7Q')).toBeNull();
    expect(checkInCode('B0O1')).toBeNull(); // letters the code alphabet leaves out
  });
});
