/**
 * A durable intake.submit against SQLite's own floor, what a clinic's database grows by, and how fast a crashed kiosk
 * is back (issue #17). Prints one JSON object per line:
 *  - submit median and p95 through the dispatcher (triage, patient, session, audit, one FULL-sync transaction), and a
 *    bare FULL-sync WAL transaction writing the same bytes in two rows, measured alternately in the same run on the
 *    same disk; their ratio (target ≤ 1.5×);
 *  - database bytes per 10,000 sessions, indexes and FTS included (target < 15 MB), and how much of it is free pages;
 *  - time from process start to a core ready to take a submission with 200,000 sessions stored (target < 300 ms),
 *    in a fresh Node process running the core bundled as the desktop app bundles it, median of 9 starts; with
 *    STRIDE_BENCH_ELECTRON_NODE=1 also on the Node version Electron runs (bench/support/electron-node.ts);
 *  - time from spawning `npm run hub`'s command to the hub's first line (it serves HTTPS by then), on the same 200,000
 *    sessions, median of 9 starts after one that issued its certificates: a hub that crashed is every room's kiosk.
 * Run: npm run bench -- submit (scripts/bench.mjs builds first: the hub runs from out/main)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { rolldown } from 'rolldown';
import { createStrideCore, type StrideCore } from '../src-main/api/app';
import type { Caller } from '../src-main/api/dispatch';
import { seededRandom } from '../src-main/core/content/random-answers';
import type { IntakeAnswers } from '../src-main/core/content/schema';
import { DERIVED_AGE_QUESTION } from '../src-main/api/derived';
import { quantile } from './support/stats';
import { isMainExternal } from '../scripts/main-bundle';
import { electronNode } from './support/electron-node';
import { HUB_SCRIPT, hubNodeFlags } from '../tests/support/hub-process';

const root = resolve(import.meta.dirname, '..');
const resourcesDir = join(root, 'resources');
const kiosk: Caller = { channel: 'kiosk', key: 'bench:kiosk' };
const WARMUP = 200;
const TIMED = 2_000;
const GROWTH_SESSIONS = 10_000;
const STARTUP_SESSIONS = 200_000;
const STARTS = 9;

const print = (figure: string, value: number, unit: string, target: number, better: 'lower' | 'higher') =>
  console.log(JSON.stringify({ figure, value: Math.round(value * 1000) / 1000, unit, target, better }));

function newCore(dataDir: string): StrideCore {
  return createStrideCore({ dataDir, resourcesDir, backupSchedule: false });
}

/**
 * Realistic intakes: the answers of the published-case vignettes (tests/fixtures/vignettes), each under many
 * patients' names; 60% new patients, the rest coming back (the same name and date of birth as their first visit, so
 * the kiosk's details match their record, with the same vignette's answers).
 */
function submissions(count: number, seed: number) {
  const dir = join(root, 'tests', 'fixtures', 'vignettes');
  const vignettes = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { answers: IntakeAnswers }).answers);
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const person = random() < 0.6 ? i : Math.floor(random() * Math.max(1, i));
    // Person p came first as intake p: a return keeps that visit's birth date (and so its vignette).
    const { [DERIVED_AGE_QUESTION]: age, ...answers } = vignettes[person % vignettes.length]!;
    // Age is derived from the date of birth on the hub: a birth date giving the vignette's age keeps its branches.
    const born = new Date();
    born.setUTCFullYear(born.getUTCFullYear() - Number(age ?? 40) - 1, born.getUTCMonth(), born.getUTCDate() + 1);
    return {
      returning: person !== i,
      payload: {
        locale: 'en',
        patient: { fullName: `Patient ${person} Núñez`, dateOfBirth: born.toISOString().slice(0, 10) },
        answers,
      },
    };
  });
}

async function submit(core: StrideCore, payload: unknown): Promise<void> {
  const r = await core.dispatch(kiosk, 'intake.submit', payload);
  if (!r.ok) throw new Error(`intake.submit refused: ${r.error.message}`);
}

/** What one submission writes, in bytes, averaged over the sessions stored so far. */
function bytesPerSession(core: StrideCore): number {
  const row = core.db
    .prepare(
      `SELECT avg(length(answers_json) + length(triage_json) + coalesce(length(questionnaire_json), 0) + 200) AS n
       FROM intake_sessions`,
    )
    .get() as { n: number };
  return Math.round(row.n);
}

async function latency(dir: string): Promise<void> {
  const core = newCore(join(dir, 'latency'));
  const all = submissions(WARMUP + TIMED, 17);
  for (const s of all.slice(0, WARMUP)) await submit(core, s.payload);
  const payloadBytes = bytesPerSession(core);

  const floorDb = new Database(join(dir, 'floor.db'));
  floorDb.pragma('journal_mode = WAL');
  floorDb.pragma('synchronous = FULL');
  floorDb.exec(
    'CREATE TABLE a (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE b (id INTEGER PRIMARY KEY, body TEXT)',
  );
  const insertA = floorDb.prepare('INSERT INTO a (body) VALUES (?)');
  const insertB = floorDb.prepare('INSERT INTO b (body) VALUES (?)');
  const sessionBody = 'x'.repeat(Math.max(1, payloadBytes - 200));
  const auditBody = 'y'.repeat(200);
  const floorTx = floorDb.transaction(() => {
    insertA.run(sessionBody);
    insertB.run(auditBody);
  });
  for (let i = 0; i < WARMUP; i++) floorTx();

  const submitMs: number[] = [];
  const byPatient = { new: [] as number[], returning: [] as number[] };
  const floorMs: number[] = [];
  for (const s of all.slice(WARMUP)) {
    let t = performance.now();
    await submit(core, s.payload);
    const ms = performance.now() - t;
    submitMs.push(ms);
    byPatient[s.returning ? 'returning' : 'new'].push(ms);
    t = performance.now();
    floorTx();
    floorMs.push(performance.now() - t);
  }
  floorDb.close();
  core.close();
  const ratio = quantile(submitMs, 0.5) / quantile(floorMs, 0.5);
  print('submit median (durable, through the dispatcher)', quantile(submitMs, 0.5), 'ms', 1.5, 'lower');
  print('submit p95', quantile(submitMs, 0.95), 'ms', 3, 'lower');
  // A new patient also writes the patient row, its index entry and its search index rows (docs/performance.md).
  print(`submit median, new patient (${byPatient.new.length})`, quantile(byPatient.new, 0.5), 'ms', 1.5, 'lower');
  print(
    `submit median, returning patient (${byPatient.returning.length})`,
    quantile(byPatient.returning, 0.5),
    'ms',
    1.5,
    'lower',
  );
  print(
    `floor median (bare FULL-sync transaction, ${payloadBytes} bytes in 2 rows)`,
    quantile(floorMs, 0.5),
    'ms',
    1,
    'lower',
  );
  print('floor p95', quantile(floorMs, 0.95), 'ms', 2, 'lower');
  print('submit / floor (medians)', ratio, '×', 1.5, 'lower');
}

async function growth(dir: string): Promise<void> {
  const dataDir = join(dir, 'growth');
  const core = newCore(dataDir);
  const all = submissions(GROWTH_SESSIONS, 29);
  const size = () => {
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    return statSync(join(dataDir, 'stride.db')).size;
  };
  const before = size();
  for (const s of all) await submit(core, s.payload);
  const after = size();
  // FTS5 merges its segments now and then and frees the merged ones' pages, which later writes reuse: the file grows
  // in steps, so what is free at the end is said apart (docs/performance.md).
  const pragma = (name: string) => core.db.pragma(name, { simple: true }) as number;
  const free = pragma('freelist_count') * pragma('page_size');
  core.close();
  print('database bytes per 10,000 sessions (indexes and FTS included)', (after - before) / 1e6, 'MB', 15, 'lower');
  print('  of which free pages, reused by later writes', free / 1e6, 'MB', 0, 'lower');
}

async function startup(dir: string): Promise<void> {
  const dataDir = join(dir, 'startup');
  const core = newCore(dataDir);
  const seedCount = 2_000;
  for (const s of submissions(seedCount, 41)) await submit(core, s.payload);
  // Copies of the real sessions, spread over a year, to reach 200,000 rows quickly (the patients repeat).
  const columns = (core.db.prepare('PRAGMA table_info(intake_sessions)').all() as { name: string }[])
    .map((c) => c.name)
    .filter((n) => n !== 'id');
  const list = columns.join(', ');
  const copy = core.db.prepare(
    `INSERT INTO intake_sessions (${list}) SELECT ${columns
      .map((c) =>
        c === 'local_date'
          ? `date(local_date, '-' || (? % 365) || ' days')`
          : c === 'check_in_code'
            ? `substr(check_in_code, 1, 2) || printf('%02d', ? % 100)`
            : c,
      )
      .join(', ')} FROM intake_sessions WHERE id = ?`,
  );
  const usesCode = columns.includes('check_in_code');
  core.db.transaction(() => {
    for (let i = seedCount; i < STARTUP_SESSIONS; i++) {
      const args = usesCode ? [i, i, 1 + (i % seedCount)] : [i, 1 + (i % seedCount)];
      copy.run(...args);
    }
  })();
  const stored = (core.db.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n;
  core.close();

  // The start of the desktop app (electron/main.ts) without Electron: its logger, then its core, from a bundle made
  // the way electron-vite makes the main process's (scripts/main-bundle.ts). Packages it leaves to node_modules are
  // loaded from there; what the core imports lazily (pdfkit, the handout layout, PostgreSQL) stays out of the start.
  const entry = join(dir, 'start-core.ts');
  writeFileSync(
    entry,
    `import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { openStrideCore } from ${JSON.stringify(join(root, 'src-main/api/app'))};
import { createLogger, fileSink } from ${JSON.stringify(join(root, 'src-main/api/pino-log'))};
const [dataDir, resourcesDir] = process.argv.slice(2);
const logger = createLogger(fileSink(join(dataDir, 'logs', 'stride.log')));
// Another Node than the one better-sqlite3 was installed for needs its own build of the addon.
const binding = process.env.STRIDE_BENCH_SQLITE_BINDING;
const core = await openStrideCore({
  dataDir,
  resourcesDir,
  backupSchedule: false,
  logger,
  ...(binding ? { nativeBinding: binding } : {}),
});
const ready = performance.now();
core.close();
process.stdout.write(String(ready));
`,
  );
  // Inside the repository, so the bundle's imports of packages resolve to node_modules.
  const outdir = join(root, 'out', 'bench', 'start-core');
  rmSync(outdir, { recursive: true, force: true });
  const dependencies = Object.keys(
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
      .dependencies,
  );
  const bundle = await rolldown({
    input: { 'start-core': entry },
    platform: 'node',
    external: (id) => isMainExternal(id, dependencies),
    logLevel: 'silent',
  });
  await bundle.write({ dir: outdir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' });
  await bundle.close();
  const startWith = (node: string, env: NodeJS.ProcessEnv) => () =>
    Number(execFileSync(node, [join(outdir, 'start-core.mjs'), dataDir, resourcesDir], { encoding: 'utf8', env }));
  const figure = (label: string, start: () => number) => {
    // A crashed kiosk restarts with its validation cache written (the first start after a build writes it).
    start();
    const times = Array.from({ length: STARTS }, start);
    print(
      `start to core ready, ${stored.toLocaleString('en')} sessions${label} (median of ${STARTS})`,
      quantile(times, 0.5),
      'ms',
      300,
      'lower',
    );
  };
  figure('', startWith(process.execPath, process.env));
  await hubStart(dir, dataDir, stored);
  if (process.env['STRIDE_BENCH_ELECTRON_NODE'] !== '1') return;
  const other = electronNode(root);
  if (typeof other === 'string') {
    console.error(`The start-up on Electron's Node is left out: ${other}.`);
    return;
  }
  figure(
    `, on Node ${other.version} as in Electron`,
    startWith(other.node, { ...process.env, STRIDE_BENCH_SQLITE_BINDING: other.sqliteBinding }),
  );
}

/** Milliseconds from spawning the hub as package.json does to its first line on stdout, printed once it listens. */
function hubStartOnce(dataDir: string, rendererDir: string): Promise<number> {
  const started = performance.now();
  const args = ['--data-dir', dataDir, '--renderer-dir', rendererDir, '--listen', '127.0.0.1:0', '--json'];
  const child = spawn(process.execPath, [...hubNodeFlags(), join(root, HUB_SCRIPT), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let serving: number | null = null;
    child.stdout.once('data', () => {
      serving = performance.now() - started;
      // As a crash would stop it: the next start finds the database as a crashed hub leaves it.
      child.kill('SIGKILL');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (serving === null) reject(new Error(`the hub exited (${code}) before it served`));
      else resolvePromise(serving);
    });
  });
}

async function hubStart(dir: string, dataDir: string, stored: number): Promise<void> {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  // The first start makes the clinic's certificate authority and the hub's certificate, as on the day it is set up.
  await hubStartOnce(dataDir, rendererDir);
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) times.push(await hubStartOnce(dataDir, rendererDir));
  const label = `hub start to serving, ${stored.toLocaleString('en')} sessions (npm run hub, median of ${STARTS})`;
  print(label, quantile(times, 0.5), 'ms', 300, 'lower');
}

const dir = mkdtempSync(join(tmpdir(), 'stride-bench-submit-'));
try {
  await latency(dir);
  await growth(dir);
  await startup(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
