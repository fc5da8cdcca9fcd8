/**
 * A real core (real content, a real database on the vitest project's engine: a SQLite file in a temporary folder or a
 * fresh PostgreSQL database, see test-engine.ts), with a clock the test can move.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStrideCore, type StrideCore } from '../../src-main/api/app';
import type { Caller } from '../../src-main/api/dispatch';
import type { DesktopCapabilities } from '../../src-main/api/handlers/deps';
import type { IntakeAnswers } from '../../src-main/core/content/schema';
import type { Logger } from '../../src-main/core/log';
import {
  freshTestDatabase,
  postgresTestSql,
  sqliteTestSql,
  testEngine,
  type TestEngine,
  type TestSql,
} from './test-engine';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export class TestClock {
  constructor(private current = new Date('2026-11-26T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestCore {
  core: StrideCore;
  clock: TestClock;
  dataDir: string;
  /** Which engine holds the data (the vitest project's, see test-engine.ts). */
  engine: TestEngine;
  /** Reads of the stored rows, on either engine. */
  sql: TestSql;
  kiosk: Caller;
  staff: Caller;
  call(caller: Caller, method: string, payload: unknown): ReturnType<StrideCore['dispatch']>;
  /** Closes the core and opens a new one on the same data (file or database). */
  reopen(): Promise<TestCore>;
  dispose(): Promise<void>;
}

export interface TestCoreOptions {
  dataDir?: string;
  clock?: TestClock;
  desktop?: DesktopCapabilities;
  logger?: Logger;
  resourcesDir?: string;
  /** Overrides the project's engine (test-engine.ts), for a test that compares both. */
  engine?: TestEngine;
}

/**
 * A core on the project's engine: SQLite in `dataDir`, or on PostgreSQL a fresh database (dropped at dispose) with
 * `dataDir` for what stays the machine's own. `reopen()` keeps the database; `dispose()` removes what it made.
 */
export async function makeTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const engine = options.engine ?? testEngine();
  const database = engine === 'postgres' ? await freshTestDatabase() : null;
  try {
    return await openTestCore(options, database, !options.dataDir);
  } catch (e) {
    await database?.drop();
    throw e;
  }
}

async function openTestCore(
  options: TestCoreOptions,
  database: { url: string; drop(): Promise<void> } | null,
  ownsDataDir: boolean,
): Promise<TestCore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stride-test-'));
  const clock = options.clock ?? new TestClock();
  const resourcesDir = options.resourcesDir ?? join(repoRoot, 'resources');
  const core = await openStrideCore({
    dataDir,
    resourcesDir,
    clock,
    backupSchedule: false,
    database: database?.url,
    ...(options.desktop ? { desktop: options.desktop } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sql.close();
    await t.core.close();
  };
  const sql = database ? postgresTestSql(database.url) : sqliteTestSql(() => t.core);
  const t: TestCore = {
    core,
    clock,
    dataDir,
    engine: database ? 'postgres' : 'sqlite',
    sql,
    kiosk: { channel: 'kiosk', key: 'test:kiosk' },
    staff: { channel: 'staff', key: 'test:staff' },
    call: (caller, method, payload) => t.core.dispatch(caller, method, payload),
    reopen: async () => {
      await close();
      return openTestCore({ ...options, dataDir, clock, resourcesDir }, database, ownsDataDir);
    },
    dispose: async () => {
      try {
        await close();
      } catch {
        // already closed by a test (core.close())
      }
      await database?.drop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export interface Vignette {
  id: string;
  description: string;
  answers: IntakeAnswers;
  expectTop3: string[];
  expectRedFlags: string[];
  expectUrgency: string;
}

export function loadVignettes(): Vignette[] {
  const dir = join(repoRoot, 'tests', 'fixtures', 'vignettes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Vignette);
}

/** A kiosk submission for a vignette: age comes from the date of birth, as on the kiosk. */
export function submissionFor(v: Vignette, today = '2026-11-26', fullName = 'Test Patient') {
  const { age, ...answers } = v.answers as IntakeAnswers & { age?: number };
  const birthYear = Number(today.slice(0, 4)) - (typeof age === 'number' ? age : 40) - 1;
  return { locale: 'en' as const, patient: { fullName, dateOfBirth: `${birthYear}-12-31` }, answers };
}
