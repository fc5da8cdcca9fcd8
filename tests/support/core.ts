/** A real core (real SQLite file, real content) in a temporary folder, with a clock the test can move. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createStrideCore, type StrideCore } from '../../src-main/api/app';
import type { Caller } from '../../src-main/api/dispatch';
import type { DesktopCapabilities } from '../../src-main/api/handlers/deps';
import type { IntakeAnswers } from '../../src-main/core/content/schema';
import type { Logger } from '../../src-main/core/log';

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
  kiosk: Caller;
  staff: Caller;
  call(caller: Caller, method: string, payload: unknown): ReturnType<StrideCore['dispatch']>;
  reopen(): TestCore;
  dispose(): void;
}

export function makeTestCore(
  options: {
    dataDir?: string;
    clock?: TestClock;
    desktop?: DesktopCapabilities;
    logger?: Logger;
    resourcesDir?: string;
  } = {},
): TestCore {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stride-test-'));
  const clock = options.clock ?? new TestClock();
  const resourcesDir = options.resourcesDir ?? join(repoRoot, 'resources');
  const core = createStrideCore({
    dataDir,
    resourcesDir,
    clock,
    backupSchedule: false,
    ...(options.desktop ? { desktop: options.desktop } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const t: TestCore = {
    core,
    clock,
    dataDir,
    kiosk: { channel: 'kiosk', key: 'test:kiosk' },
    staff: { channel: 'staff', key: 'test:staff' },
    call: (caller, method, payload) => core.dispatch(caller, method, payload),
    reopen: () => {
      core.close();
      return makeTestCore({ ...options, dataDir, clock, resourcesDir });
    },
    dispose: () => {
      try {
        core.close();
      } catch {
        // already closed by reopen()
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
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
