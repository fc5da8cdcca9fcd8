/**
 * The clinic-group store against the embedded one, in the same run: a durable submit, today's queue and name search
 * with a large history on SQLite and on PostgreSQL (a throwaway server on loopback with fsync on, from
 * tests/support/postgres.ts), then submissions per second from 4 hubs at once on one PostgreSQL. Both engines go
 * through the ClinicStore interface, as a hub will.
 * Targets (#18): queue and search under 10 ms median on both; submit under 5 ms median on PostgreSQL on loopback.
 * Seeding is bounded in count (STRIDE_BENCH_SESSIONS, default 1,000,000) and in time (STRIDE_BENCH_SEED_SECONDS per
 * engine, default 150): the count reached is printed with every figure. Needs root and Debian's postgresql.
 * Run: npm run bench -- postgres
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { newCheckInCode } from '../src-main/api/check-in-code';
import { localDate } from '../src-main/core/clock';
import { nameKey } from '../src-main/core/text';
import { urgencyOrder, type Urgency } from '../src-main/core/vocabulary';
import type { ClinicStore } from '../src-main/store/clinic-store';
import { PostgresClinicStore } from '../src-main/store/postgres/clinic-store';
import { openSqliteClinicStore, type SqliteClinicStore } from '../src-main/store/sqlite-clinic-store';
import { createTestDatabase, postgresUnavailableReason, startThrowawayPostgres } from '../tests/support/postgres';
import { quantile } from './support/stats';

const SESSIONS = Number(process.env.STRIDE_BENCH_SESSIONS ?? 1_000_000);
const SEED_BUDGET_MS = Number(process.env.STRIDE_BENCH_SEED_SECONDS ?? 150) * 1000;
const PATIENTS_PER_SESSION = 0.25;
/** Five years of visits: about 550 arrivals a day at a million sessions (a busy group). */
const DAYS = 5 * 365;
const RUNS = 100;
const SUBMITS = 200;
const HUBS = 4;
const HUB_SUBMITS = 150;
const HUB_BUDGET_MS = 30_000;
const BATCH = 1_000;

const FIRST = ['Zoë', 'José', 'María', 'Ana', 'Lucía', 'Amara', 'Sam', 'Priya', 'Chloé', 'Björn', 'Ewa', 'Łukasz'];
const MORE_FIRST = ['Noah', 'Olivia', 'Mateo', 'Sofía', 'Liam', 'Aisha', 'Kenji', 'Fatima', 'Hugo', 'Inès', 'Tomás'];
const LAST = ['Núñez', 'García', 'Okafor', 'Rivera', 'Müller', 'Østergaard', 'Smith', 'Raman', 'Nowak', 'Dubois'];
const MORE_LAST = ['Rossi', 'Kowalski', 'Fernández', 'Brown', 'Yılmaz', 'Tanaka', 'Haddad', 'Silva', 'Jones', 'Khan'];
const FIRSTS = [...FIRST, ...MORE_FIRST];
const LASTS = [...LAST, ...MORE_LAST, 'Nguyen', 'Moreau', 'Costa', 'Schmidt', 'Byrne', 'Sánchez', 'Kim', 'Walsh'];

/** mulberry32: the same rows on both engines, comparable between runs. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const now = new Date();
const today = localDate(now);
const answers = JSON.stringify({ pain_now: 4, pain_regions: ['outer-hip-right'] });
const triage = JSON.stringify({ suggestions: [], redFlags: [], urgency: 'routine', contentVersion: 'bench' });

type PatientSeed = [fullName: string, nameKey: string, dateOfBirth: string, createdAt: string];
type SessionSeed = [
  patientId: number,
  submittedAt: string,
  localDate: string,
  status: string,
  urgency: Urgency,
  urgencyRank: number,
  redFlagIds: string,
  painNow: number,
  checkInCode: string,
];

/** The synthetic clinic, batch by batch: patients first (ids 1..n in order), then sessions. */
function* clinic(sessions: number): Generator<{ patients?: PatientSeed[]; sessions?: SessionSeed[] }> {
  const rand = prng(42);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const patients = Math.max(1, Math.floor(sessions * PATIENTS_PER_SESSION));
  const batch: PatientSeed[] = [];
  for (let i = 0; i < patients; i++) {
    // The index makes every name and birth date one patient, so the bench's submits never match a seeded one.
    const name = `${pick(FIRSTS)} ${pick(LASTS)} ${i.toString(36)}`;
    const dob = new Date(Date.UTC(1940, 0, 1) + Math.floor(rand() * 25_000) * 86_400_000).toISOString().slice(0, 10);
    batch.push([name, nameKey(name), dob, now.toISOString()]);
    if (batch.length === BATCH) yield { patients: batch.splice(0) };
  }
  if (batch.length) yield { patients: batch };
  const rows: SessionSeed[] = [];
  for (let i = 0; i < sessions; i++) {
    const daysAgo = Math.floor(rand() * DAYS);
    const at = new Date(now.getTime() - daysAgo * 86_400_000 - Math.floor(rand() * 8 * 3_600_000));
    const r = rand();
    const urgency: Urgency = r < 0.01 ? 'emergency' : r < 0.05 ? 'same-day' : 'routine';
    rows.push([
      1 + Math.floor(rand() * patients),
      at.toISOString(),
      localDate(at),
      daysAgo === 0 ? pick(['waiting', 'in-review', 'seen']) : 'seen',
      urgency,
      urgencyOrder(urgency),
      urgency === 'routine' ? '[]' : '["fracture"]',
      Math.floor(rand() * 11),
      `B${i.toString(36).toUpperCase()}`,
    ]);
    if (rows.length === BATCH) yield { sessions: rows.splice(0) };
  }
  if (rows.length) yield { sessions: rows };
}

const PATIENT_COLS = 'full_name, name_key, date_of_birth, created_at';
const SESSION_COLS = `patient_id, submitted_at, local_date, status, urgency, urgency_rank, red_flag_ids, pain_now,
  check_in_code, locale, answers_json, triage_json, content_version, engine_version, top_suggestion`;
const sessionTail = (s: SessionSeed) => [...s, 'en', answers, triage, 'bench', '1.0.0', 'gtps'];

/** Seeds until the count or the time budget is reached; returns the sessions written. */
function seedSqlite(store: SqliteClinicStore): number {
  const db = store.db;
  const patient = db.prepare(`INSERT INTO patients (${PATIENT_COLS}) VALUES (?, ?, ?, ?)`);
  const session = db.prepare(
    `INSERT INTO intake_sessions (${SESSION_COLS}) VALUES (${Array(15).fill('?').join(', ')})`,
  );
  const started = performance.now();
  let written = 0;
  let patientsDone = false;
  db.exec('BEGIN');
  for (const b of clinic(SESSIONS)) {
    for (const p of b.patients ?? []) patient.run(...p);
    for (const s of b.sessions ?? []) session.run(...sessionTail(s));
    if (b.sessions) {
      patientsDone = true;
      written += b.sessions.length;
    }
    if (patientsDone && performance.now() - started > SEED_BUDGET_MS) break;
  }
  db.exec('COMMIT');
  db.pragma('optimize');
  return written;
}

async function seedPostgres(pool: pg.Pool): Promise<number> {
  const started = performance.now();
  let written = 0;
  let patientsDone = false;
  const insert = async (table: string, cols: string, width: number, rows: unknown[][]) => {
    const params: unknown[] = [];
    const values = rows.map((r) => `(${Array.from({ length: width }, (_, i) => `$${params.push(r[i])}`).join(', ')})`);
    await pool.query(`INSERT INTO ${table} (${cols}) VALUES ${values.join(', ')}`, params);
  };
  for (const b of clinic(SESSIONS)) {
    if (b.patients) await insert('patients', PATIENT_COLS, 4, b.patients);
    if (b.sessions) {
      await insert('intake_sessions', SESSION_COLS, 15, b.sessions.map(sessionTail));
      patientsDone = true;
      written += b.sessions.length;
    }
    if (patientsDone && performance.now() - started > SEED_BUDGET_MS) break;
  }
  await pool.query('ANALYZE');
  return written;
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 10; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
function report(engine: string, figure: string, t: { median: number; p95: number }, target: number, extra = {}) {
  for (const [stat, value] of [
    ['median', t.median],
    ['p95', t.p95],
  ] as const) {
    console.log(
      JSON.stringify({
        figure: `${figure} ${stat}`,
        engine,
        value: round(value),
        unit: 'ms',
        ...(stat === 'median' ? { target } : {}),
        better: 'lower',
        ...extra,
      }),
    );
  }
}

let submitted = 0;
const submitOne = (store: ClinicStore, hub = 0) =>
  store.submitIntake({
    patient: { fullName: `Bench Patient ${hub}-${submitted++}`, dateOfBirth: '1970-01-01' },
    visitKind: 'first',
    measures: [{ measure: 'nprs', items: { now: 3, worst: 6 }, total: 3 }],
    submittedAt: new Date().toISOString(),
    localDate: today,
    receivedAt: null,
    receivedOn: null,
    urgency: 'routine',
    redFlagIds: [],
    painNow: 3,
    topSuggestion: 'gtps',
    locale: 'en',
    answersJson: answers,
    triageJson: triage,
    questionnaireJson: null,
    contentVersion: 'bench',
    engineVersion: '1.0.0',
    audit: { actorType: 'kiosk', action: 'intake.submit', detail: { urgency: 'routine' } },
  });

async function measure(engine: string, store: ClinicStore, sessions: number): Promise<void> {
  const extra = { sessions };
  const queueRows = (await store.listQueue(today)).length;
  report(engine, "today's queue", await time(() => store.listQueue(today)), 10, { ...extra, rows: queueRows });
  const hits = (await store.searchPatients({ name: 'nunez' })).length;
  report(engine, 'search "nunez"', await time(() => store.searchPatients({ name: 'nunez' })), 10, { ...extra, hits });
  report(engine, 'search "zoe nun"', await time(() => store.searchPatients({ name: 'zoe nun' })), 10, extra);
  report(
    engine,
    'search by birth date',
    await time(() => store.searchPatients({ dateOfBirth: '1975-01-01' })),
    10,
    extra,
  );
  report(engine, 'durable submit', await time(() => submitOne(store), SUBMITS), engine === 'postgres' ? 5 : 10, extra);
}

const skip = postgresUnavailableReason();
if (skip) {
  console.log(JSON.stringify({ figure: 'postgres bench', skipped: skip }));
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'stride-bench-pg-'));
const server = await startThrowawayPostgres({ durable: true });
try {
  const lite = openSqliteClinicStore(join(dir, 'stride.db'), newCheckInCode);
  let t = performance.now();
  const liteSessions = seedSqlite(lite);
  console.log(
    JSON.stringify({
      figure: 'seed',
      engine: 'sqlite',
      sessions: liteSessions,
      seconds: round((performance.now() - t) / 1000),
    }),
  );
  await measure('sqlite', lite, liteSessions);
  await lite.close();

  const database = await createTestDatabase(server.adminUrl);
  const store = await PostgresClinicStore.open(database.url, { chooseCheckInCode: newCheckInCode });
  t = performance.now();
  const pgSessions = await seedPostgres(store.pool);
  console.log(
    JSON.stringify({
      figure: 'seed',
      engine: 'postgres',
      sessions: pgSessions,
      seconds: round((performance.now() - t) / 1000),
    }),
  );
  await measure('postgres', store, pgSessions);

  // Four hubs, each with its own pool, submitting one after another as fast as they can, all at once.
  const hubs = await Promise.all(
    Array.from({ length: HUBS }, () =>
      PostgresClinicStore.open(database.url, { chooseCheckInCode: newCheckInCode, poolSize: 2 }),
    ),
  );
  const started = performance.now();
  const counts = await Promise.all(
    hubs.map(async (hub, h) => {
      let n = 0;
      while (n < HUB_SUBMITS && performance.now() - started < HUB_BUDGET_MS) {
        await submitOne(hub, h + 1);
        n++;
      }
      return n;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      figure: `durable submits per second, ${HUBS} hubs at once on one PostgreSQL`,
      engine: 'postgres',
      value: round(total / seconds),
      unit: 'submits/s',
      better: 'higher',
      submits: total,
      sessions: pgSessions,
    }),
  );
  for (const hub of hubs) await hub.close();
  await store.close();
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
