/**
 * Seeds 200,000 intake sessions (50,000 patients, a year of visits) and times what the clinician screen does most:
 * list today's queue, and search a patient by name. Target: under 10 ms median each.
 * Prints one JSON object per line. Run: npx tsx bench/queue.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { localDate } from '../src-main/core/clock';
import { nameKey } from '../src-main/core/text';
import { openDatabase } from '../src-main/store/db';
import { searchPatients } from '../src-main/store/search';
import { listQueue } from '../src-main/store/sessions';
import { urgencyOrder } from '../src-main/core/vocabulary';
import type { Urgency } from '../src-main/api/types';

const SESSIONS = 200_000;
const PATIENTS = 50_000;
const DAYS = 365;
const RUNS = 200;

const FIRST = [
  'Zoë',
  'José',
  'María',
  'Ana',
  'Lucía',
  'Amara',
  'Sam',
  'Priya',
  'Chloé',
  'Björn',
  'Ewa',
  'Łukasz',
  'Noah',
  'Olivia',
  'Mateo',
  'Sofía',
  'Liam',
  'Aisha',
  'Kenji',
  'Fatima',
  'Hugo',
  'Inès',
  'Tomás',
  'Grace',
  'Omar',
  'Yara',
  'Elif',
  'Ravi',
  'Nora',
  'Leo',
];
const LAST = [
  'Núñez',
  'García',
  'Okafor',
  'Rivera',
  'Müller',
  'Østergaard',
  'Smith',
  'Raman',
  'Nowak',
  'Dubois',
  'Rossi',
  'Kowalski',
  'Fernández',
  'Brown',
  'Yılmaz',
  'Tanaka',
  'Haddad',
  'Silva',
  'Jones',
  'Martín',
  'López',
  'Pérez',
  'Khan',
  'Nguyen',
  'Wilson',
  'Moreau',
  'Costa',
  'Schmidt',
  'Byrne',
  'Sánchez',
  'Kim',
  'Ali',
  'Walsh',
  'Ibáñez',
  'Ortega',
  'Castro',
  'Lind',
  'Novak',
  'Weber',
  'Horvat',
];

// Deterministic pseudo-random numbers, so runs are comparable.
let seed = 42;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;

const dir = mkdtempSync(join(tmpdir(), 'stride-bench-queue-'));
const db = openDatabase(join(dir, 'stride.db'));
const now = new Date();
const today = localDate(now);

let patients = 0;
const t0 = performance.now();
db.transaction(() => {
  const insertPatient = db.prepare(
    'INSERT OR IGNORE INTO patients (full_name, name_key, date_of_birth, phone, created_at) VALUES (?, ?, ?, NULL, ?)',
  );
  for (let i = 0; i < PATIENTS; i++) {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    // Births spread over 1940-2008; the rare repeat of the same name and date is skipped (it would be the same
    // patient).
    const dob = new Date(Date.UTC(1940, 0, 1) + Math.floor(rand() * 25_000) * 86_400_000).toISOString().slice(0, 10);
    insertPatient.run(name, nameKey(name), dob, now.toISOString());
  }
  patients = (db.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
  const insertSession = db.prepare(
    `INSERT INTO intake_sessions (patient_id, submitted_at, local_date, status, urgency, urgency_rank, red_flag_ids,
       pain_now, top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json,
       content_version, engine_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?, NULL, 'bench', '1.0.0')`,
  );
  const answers = JSON.stringify({ pain_now: 4, pain_regions: ['outer-hip-right'] });
  const triage = JSON.stringify({
    suggestions: [],
    redFlags: [],
    riskFactors: [],
    urgency: 'routine',
    noStrongMatch: true,
    engineVersion: '1.0.0',
    contentVersion: 'bench',
  });
  for (let i = 0; i < SESSIONS; i++) {
    const daysAgo = Math.floor(rand() * DAYS);
    const at = new Date(now.getTime() - daysAgo * 86_400_000 - Math.floor(rand() * 8 * 3_600_000));
    const r = rand();
    const urgency: Urgency = r < 0.01 ? 'emergency' : r < 0.05 ? 'same-day' : 'routine';
    insertSession.run(
      1 + Math.floor(rand() * patients),
      at.toISOString(),
      localDate(at),
      daysAgo === 0 ? pick(['waiting', 'in-review', 'seen']) : 'seen',
      urgency,
      urgencyOrder(urgency),
      urgency === 'routine' ? '[]' : '["fracture"]',
      Math.floor(rand() * 11),
      'gtps',
      `${String.fromCharCode(65 + (i % 26))}${i % 1000}`,
      answers,
      triage,
    );
  }
})();
const seedMs = performance.now() - t0;
db.pragma('optimize');

function time(fn: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < 20; i++) fn(); // warm the statement cache and pages
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    fn();
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(RUNS / 2)]!, p95: samples[Math.floor(RUNS * 0.95)]! };
}

const todayCount = listQueue(db, today).length;
const queue = time(() => listQueue(db, today));
const surnameHits = searchPatients(db, { name: 'nunez' }).length;
const surname = time(() => searchPatients(db, { name: 'nunez' }));
const fullName = time(() => searchPatients(db, { name: 'zoe nun' }));
const byDob = time(() => searchPatients(db, { dateOfBirth: '1975-01-01' }));
// Inside a name (trigram index) and by check-in code (a code repeats across days: every visit that had it).
const inside = time(() => searchPatients(db, { name: 'unez' }));
const byCode = time(() => searchPatients(db, { name: 'A346' }));

const round = (x: number) => Math.round(x * 1000) / 1000;
const line = (figure: string, value: number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ figure, value: round(value), unit: 'ms', target: 10, better: 'lower', ...extra }));

console.log(
  JSON.stringify({
    figure: 'seed 200,000 sessions (one transaction)',
    value: round(seedMs),
    unit: 'ms',
    better: 'lower',
  }),
);
line("queue.list today's queue median", queue.median, { rows: todayCount, sessions: SESSIONS });
line("queue.list today's queue p95", queue.p95, { rows: todayCount });
line('patient search "nunez" (common surname) median', surname.median, { returned: surnameHits, patients });
line('patient search "nunez" p95', surname.p95);
line('patient search "zoe nun" median', fullName.median);
line('patient search "zoe nun" p95', fullName.p95);
line('patient search by date of birth median', byDob.median);
line('patient search inside a name "unez" median', inside.median);
line('patient search by check-in code median', byCode.median);

db.close();
rmSync(dir, { recursive: true, force: true });
